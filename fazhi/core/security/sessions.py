"""Session bookkeeping (docs/security.md 4).

At login the session gets two timestamps: when the user authenticated (absolute limit, 12 hours)
and when the user was last seen (idle limit, 30 minutes; 15 for the three administrator roles).
Every session is also recorded against its user, so disabling an account, or changing its
password, can delete all of its server-side sessions at once.
"""

from __future__ import annotations

import time
from importlib import import_module

from django.conf import settings

from fazhi.core.security import param
from fazhi.core.security.models import UserSession

AUTH_AT = "fz_auth_at"
SEEN_AT = "fz_seen_at"
MFA = "fz_mfa"
PENDING = "fz_pending"
# Set at login when a security administrator has reset the account's second factor (the reset ends
# every existing session, so only a later login can see it): the session must enrol first.
REENROL = "fz_reenrol"
SEEN_RESOLUTION = 30  # seconds: write the "last seen" time at most twice a minute


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def start(request, user) -> None:
    """Called on every login (signal ``user_logged_in``): stamp and record the new session."""
    session = request.session
    now = time.time()
    session[AUTH_AT] = now
    session[SEEN_AT] = now
    if session.session_key is None:
        session.save()
    from fazhi.core.audit.middleware import client_ip

    UserSession.objects.update_or_create(
        session_key=session.session_key, defaults={"user_id": user.pk, "ip": client_ip(request)[:45]}
    )


def rekeyed(request, user, old_key: str | None) -> None:
    """The session key changed (password change): move the record to the new key."""
    if old_key:
        UserSession.objects.filter(session_key=old_key).delete()
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key, defaults={"user_id": user.pk}
    )


def forget(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def idle_limit_seconds(user) -> int:
    minutes = (
        param("FAZHI_SESSION_IDLE_MINUTES_ADMIN")
        if getattr(user, "is_admin_account", False)
        else param("FAZHI_SESSION_IDLE_MINUTES")
    )
    return int(minutes) * 60


def expired(request, user, now: float | None = None) -> str | None:
    """'idle' or 'absolute' if the session has run out, else None (and the last-seen time moves)."""
    session = request.session
    now = time.time() if now is None else now
    auth_at, seen_at = session.get(AUTH_AT), session.get(SEEN_AT)
    if not isinstance(auth_at, (int, float)) or not isinstance(seen_at, (int, float)):
        return "absolute"  # a session we did not start: treat as expired
    if now - auth_at > param("FAZHI_SESSION_ABSOLUTE_HOURS") * 3600:
        return "absolute"
    if now - seen_at > idle_limit_seconds(user):
        return "idle"
    if now - seen_at >= SEEN_RESOLUTION:
        session[SEEN_AT] = now
    return None


def kill_all(user, keep: str | None = None) -> int:
    """Delete every server-side session of ``user`` (except ``keep``); returns how many."""
    store = _store()
    keys = list(UserSession.objects.filter(user_id=user.pk).values_list("session_key", flat=True))
    killed = 0
    for key in keys:
        if key == keep:
            continue
        store(session_key=key).delete()
        killed += 1
    UserSession.objects.filter(user_id=user.pk).exclude(session_key=keep or "").delete()
    return killed
