"""Throttle for public look-ups that a guesser could repeat (docs/security.md 3, applied to the portal).

The same storage as the login throttle (:mod:`fazhi.core.security.lockout`): one database row per
failure, so every worker process sees the same counts. A look-up is refused — before the answer is
checked, so even the right pair is refused — when, within the window,

- its address has ``ip_max`` failures (guessing many codes from one place), or
- its key (e.g. one 查询码) has ``key_max`` failures (guessing the name for one code from many places).

The key is stored only as an SM3 digest keyed with ``SECRET_KEY``; the address is stored as is, as
the login throttle does. Rows older than a day are pruned when a failure is written.

A refused look-up writes an audit row (``portal.lookup.throttled``, result ``denied``: which limit was
reached, the scope, the key's digest — never the key or the name in clear; the address is the row's
source IP, like every audit row and the login throttle's), but at most one per address per window
(:func:`first_refusal`): a guesser who keeps trying cannot flood the audit log. The login throttle
uses the same rule for addresses it refuses (:mod:`fazhi.core.security.lockout`).
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit.models import Result
from fazhi.core.audit.services import record
from fazhi.core.security.models import LookupFailure, ThrottleNotice

THROTTLED_EVENT = "portal.lookup.throttled"
BY_IP = "ip"
BY_KEY = "key"

PRUNE_AFTER = dt.timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    scope: str
    ip_max: int
    key_max: int
    window_minutes: int

    @property
    def window(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.window_minutes)


def digest(key: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (key or "").encode(), "sm3").hexdigest()


def refusal(limit: Limit, ip: str, key: str, now: dt.datetime | None = None) -> str:
    """Which limit refuses this look-up without checking the answer: ``"ip"``, ``"key"`` or ``""``."""
    since = (now or timezone.now()) - limit.window
    recent = LookupFailure.objects.filter(scope=limit.scope, at__gte=since)
    if ip and recent.filter(ip=ip).count() >= limit.ip_max:
        return BY_IP
    if key and recent.filter(key_digest=digest(key)).count() >= limit.key_max:
        return BY_KEY
    return ""


def refused(limit: Limit, ip: str, key: str, now: dt.datetime | None = None) -> bool:
    """True if this look-up must be refused without checking the answer."""
    return bool(refusal(limit, ip, key, now))


def first_refusal(scope: str, ip: str, window: dt.timedelta, now: dt.datetime | None = None) -> bool:
    """True — and the address is noted — if no refusal of ``ip`` in ``scope`` was written to the audit
    log within ``window``; the caller then writes its row in the same transaction. The notice row is
    locked while it is read, so concurrent refusals of one address cannot both pass."""
    now = now or timezone.now()
    with transaction.atomic():
        notice, created = ThrottleNotice.objects.select_for_update().get_or_create(
            scope=scope, ip=ip or "", defaults={"noted_at": now}
        )
        if created:
            ThrottleNotice.objects.filter(noted_at__lt=now - PRUNE_AFTER).delete()
            return True
        if notice.noted_at > now - window:
            return False
        notice.noted_at = now
        notice.save(update_fields=["noted_at"])
        return True


def note_refused(limit: Limit, ip: str, key: str, why: str) -> bool:
    """Audit a refused look-up, at most once per address per window; True if a row was written."""
    with transaction.atomic():
        if not first_refusal(limit.scope, ip, limit.window):
            return False
        record(
            THROTTLED_EVENT,
            object_type="",
            object_repr=limit.scope,
            result=Result.DENIED,
            detail={
                "scope": limit.scope,
                "limit": why,
                "max_failures": limit.ip_max if why == BY_IP else limit.key_max,
                "window_minutes": limit.window_minutes,
                "key_digest": digest(key) if key else "",
            },
        )
    return True


def admit(limit: Limit, ip: str, key: str, now: dt.datetime | None = None) -> str:
    """For events limited by how often they happen, not by failing (e.g. anonymous applications,
    issue 10 item 8): check and count in one step. Returns ``"ip"`` / ``"key"`` if the event is
    refused (nothing counted), else ``""`` after counting it. Events of one address are serialised
    by a lock on its notice row, so parallel submissions cannot all pass the check before any is
    counted (SQLite serialises writers anyway)."""
    now = now or timezone.now()
    with transaction.atomic():
        ThrottleNotice.objects.select_for_update().get_or_create(
            scope=f"{limit.scope}#count"[:40], ip=ip or "", defaults={"noted_at": now}
        )
        why = refusal(limit, ip, key, now)
        if not why:
            failed(limit, ip, key)
        return why


def failed(limit: Limit, ip: str, key: str) -> None:
    """Count one failed (or refused) look-up against the address and the key."""
    LookupFailure.objects.create(scope=limit.scope, ip=ip or "", key_digest=digest(key) if key else "")
    LookupFailure.objects.filter(at__lt=timezone.now() - PRUNE_AFTER).delete()


__all__ = ["Limit", "admit", "refusal", "refused", "note_refused", "first_refusal", "failed", "digest"]
