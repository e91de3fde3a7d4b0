"""Failed-login counting (docs/security.md 3): account lock and per-IP throttle, both in the database.

- 5 consecutive failures of one account (wrong password or wrong second-factor code) lock it for
  30 minutes; while locked even the correct password is refused, with the same generic message.
- An address with 20 failures within 10 minutes, whatever usernames it tried, is refused for every
  username until its failures age out of the window (a spray across many accounts).

The counters are rows, so several worker processes share them. Checking and counting happen under
one row lock (:func:`admit`): an attempt admitted to the password check holds a place (``pending``)
against the limit until it is decided (:func:`failed` or :func:`released`), so twelve parallel
attempts get at most five password checks, and a lock can never precede the ``login.ok`` of an
attempt admitted before it (penetration test, issue 10 item 4). A place held by a process killed
mid-check is given back after ``PENDING_TTL``. Each attempt writes one audit row:
``login.failed`` (detail.reason: ``bad_credentials``, ``second_factor``, ``locked``, ``ip_throttled``)
or, for the failure that locks the account, ``login.locked`` — except that a throttled address gets
one ``ip_throttled`` row per window, however often it tries meanwhile
(:func:`fazhi.core.security.throttle.first_refusal`), so a sprayer cannot flood the audit log. Every
other kind is already bounded per address: each of those attempts counts towards the address's 20,
after which the address is throttled.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit.models import Result
from fazhi.core.audit.services import record
from fazhi.core.models import normalise_login
from fazhi.core.security import param, throttle
from fazhi.core.security.models import AccountLock, LoginFailure

LOCKED = "locked"
IP_THROTTLED = "ip_throttled"
BAD_CREDENTIALS = "bad_credentials"
SECOND_FACTOR = "second_factor"
PRUNE_AFTER = dt.timedelta(days=1)
PENDING_TTL = dt.timedelta(minutes=2)
LOGIN_SCOPE = "login"


def _user_for(username: str):
    key = normalise_login(username)
    if not key:
        return None
    return get_user_model()._default_manager.filter(username_key=key).first()


def _ip_window() -> dt.timedelta:
    return dt.timedelta(minutes=param("FAZHI_LOGIN_IP_WINDOW_MINUTES"))


def ip_throttled(ip: str, now=None) -> bool:
    if not ip:
        return False
    now = now or timezone.now()
    since = now - _ip_window()
    return LoginFailure.objects.filter(ip=ip, at__gte=since).count() >= param("FAZHI_LOGIN_IP_MAX_FAILURES")


def locked_until(user, now=None):
    if user is None:
        return None
    now = now or timezone.now()
    until = AccountLock.objects.filter(user_id=user.pk).values_list("locked_until", flat=True).first()
    return until if until and until > now else None


def refusal(username: str, ip: str) -> str | None:
    """Why this attempt is refused before any password check, or None."""
    if ip_throttled(ip):
        return IP_THROTTLED
    if locked_until(_user_for(username)):
        return LOCKED
    return None


def _held(user, now):
    """The account's counter row, locked for this transaction; an expired lock starts a fresh count."""
    AccountLock.objects.get_or_create(user_id=user.pk)
    lock = AccountLock.objects.select_for_update().get(user_id=user.pk)
    if lock.locked_until and lock.locked_until <= now:
        lock.failures, lock.locked_until = 0, None
    if lock.pending and lock.pending_at and lock.pending_at < now - PENDING_TTL:
        lock.pending = 0  # attempts whose process died before deciding them
    return lock


def admit(username: str, ip: str) -> str | None:
    """Check and count in one step: the reason this attempt is refused, or None after holding a place
    for it against the failure limit. Every admitted attempt must end in :func:`failed` (with
    ``admitted=True``) or :func:`released`."""
    if ip_throttled(ip):
        return IP_THROTTLED
    user = _user_for(username)
    if user is None:
        return None
    now = timezone.now()
    with transaction.atomic():
        lock = _held(user, now)
        if lock.locked_until or lock.failures + lock.pending >= param("FAZHI_LOGIN_MAX_FAILURES"):
            lock.save()
            return LOCKED
        lock.pending += 1
        lock.pending_at = now
        lock.save()
    return None


def released(user) -> None:
    """An admitted attempt whose credential was right gives its place back (the count is reset only
    by a complete login, :func:`succeeded`)."""
    with transaction.atomic():
        lock = AccountLock.objects.select_for_update().filter(user_id=user.pk).first()
        if lock is not None and lock.pending:
            lock.pending -= 1
            lock.save(update_fields=["pending"])


def _detail(username: str, reason: str, **extra) -> dict:
    return {"reason": reason, "attempted": normalise_login(username)[:50], **extra}


def refused(username: str, ip: str, reason: str) -> None:
    """An attempt refused without checking the password (locked account, throttled address)."""
    user = _user_for(username)
    with transaction.atomic():
        LoginFailure.objects.create(ip=ip or "", username_key=normalise_login(username)[:150])
        if reason == IP_THROTTLED and not throttle.first_refusal(LOGIN_SCOPE, ip, _ip_window()):
            return  # this address's refusal is already in the audit log for the current window
        record(
            "login.failed",
            obj=user,
            object_type="" if user else "core.user",
            object_repr="" if user else normalise_login(username)[:50],
            result=Result.DENIED,
            detail=_detail(username, reason),
            user=user,
        )


def failed(username: str, ip: str, reason: str = BAD_CREDENTIALS, *, admitted: bool = False) -> bool:
    """Count a failure (of an attempt :func:`admit` let through, when ``admitted``); returns True if
    this failure locked the account."""
    user = _user_for(username)
    now = timezone.now()
    just_locked = False
    with transaction.atomic():
        LoginFailure.objects.create(ip=ip or "", username_key=normalise_login(username)[:150])
        LoginFailure.objects.filter(at__lt=now - PRUNE_AFTER).delete()
        failures = 0
        if user is not None:
            lock = _held(user, now)
            if admitted and lock.pending:
                lock.pending -= 1
            lock.failures += 1
            lock.last_failure_at = now
            if not lock.locked_until and lock.failures >= param("FAZHI_LOGIN_MAX_FAILURES"):
                lock.locked_until = now + dt.timedelta(minutes=param("FAZHI_LOGIN_LOCK_MINUTES"))
                just_locked = True
            failures = lock.failures
            if just_locked:
                lock.failures = 0
            lock.save()
        if just_locked:
            record(
                "login.locked",
                obj=user,
                result=Result.DENIED,
                detail=_detail(username, reason, failures=failures, locked_until=lock.locked_until),
                user=user,
            )
        else:
            record(
                "login.failed",
                obj=user,
                object_type="" if user else "core.user",
                object_repr="" if user else normalise_login(username)[:50],
                result=Result.FAILED,
                detail=_detail(username, reason, failures=failures),
                user=user,
            )
    return just_locked


def succeeded(user) -> None:
    """A complete login (password and, where required, second factor) clears the count."""
    AccountLock.objects.filter(user_id=user.pk).filter(failures__gt=0).update(failures=0)


def unlock(user) -> None:
    AccountLock.objects.filter(user_id=user.pk).update(failures=0, pending=0, locked_until=None)


__all__ = [
    "admit",
    "released",
    "refusal",
    "refused",
    "failed",
    "succeeded",
    "unlock",
    "ip_throttled",
    "locked_until",
]
