"""The steps of a staff login: password, then (where enrolled) the second factor, then the session."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login

from fazhi.core.audit.services import record
from fazhi.core.security import lockout, sessions

PENDING_SECONDS = 300


def complete_login(request, user, *, second_factor: str = "") -> None:
    """Sign ``user`` in (a new session key: Django's login() cycles it), clear the failure count and
    write the one ``login.ok`` audit row."""
    auth_login(request, user, backend=getattr(user, "backend", None))
    request.session[sessions.MFA] = bool(second_factor)
    lockout.succeeded(user)
    record("login.ok", obj=user, user=user, detail={"second_factor": second_factor or "none"})


def begin_second_factor(request, user, next_url: str) -> None:
    """Password accepted, code still to come: nothing is signed in yet."""
    request.session[sessions.PENDING] = {
        "uid": user.pk,
        "backend": getattr(user, "backend", ""),
        "at": time.time(),
        "next": next_url,
    }


def pending_user(request):
    data = request.session.get(sessions.PENDING)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(sessions.PENDING, None)
        return None, ""
    user = get_user_model()._default_manager.filter(pk=data.get("uid"), is_active=True).first()
    if user is None:
        request.session.pop(sessions.PENDING, None)
        return None, ""
    user.backend = data.get("backend") or None
    return user, data.get("next") or ""


def drop_pending(request) -> None:
    request.session.pop(sessions.PENDING, None)
