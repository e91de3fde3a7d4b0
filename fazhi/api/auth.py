"""How API callers prove who they are.

1. ``Authorization: Bearer fzt_…`` — an :class:`~fazhi.api.models.ApiToken` (systems, scripts).
2. The staff session cookie — for a logged-in staff member reading (GET) in the browser, e.g. the
   API docs page. Sessions never authorise writes: a POST from a browser would otherwise need CSRF
   handling, and transitions through the API are for token holders.
"""

from __future__ import annotations

import dataclasses

from django.conf import settings
from ninja.security import APIKeyCookie, HttpBearer

from fazhi.api import tokens
from fazhi.core.audit import context

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _attach(request, user, method: str) -> None:
    request.user = user
    request.auth_method = method
    # The audit middleware saw an anonymous request; name the real caller for rows written now.
    # The middleware resets the context variable after the response, so nothing leaks.
    context.activate(
        dataclasses.replace(
            context.current(), user_id=user.pk, username=user.username, roles=",".join(user.roles)
        )
    )


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = tokens.authenticate(token)
        if found is None:
            return None
        request.api_token = found
        _attach(request, found.user, "token")
        return found.user


class StaffSessionAuth(APIKeyCookie):
    """Django session, read-only requests only; ignored when an Authorization header is sent."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # only safe methods are accepted, which CSRF does not cover anyway

    def authenticate(self, request, key):
        if request.method not in SAFE_METHODS or request.headers.get("Authorization"):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        _attach(request, user, "session")
        return user
