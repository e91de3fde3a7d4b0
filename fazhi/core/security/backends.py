"""The authentication backend: the lockout and IP throttle run before any password is checked."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from fazhi.core.audit.middleware import client_ip
from fazhi.core.permissions import RoleBackend
from fazhi.core.security import lockout


class GuardedBackend(RoleBackend):
    """Django's password check and role-derived permissions, behind the lockout (docs/security.md 3).

    A refused attempt raises ``PermissionDenied``, which makes ``authenticate()`` stop and report
    failure without trying the password at all: a locked account does not even reveal whether the
    password was right.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        ip = client_ip(request) if request is not None else ""
        reason = lockout.admit(username, ip)
        if reason:
            # hash once as an unknown name does, so a refusal takes as long as a check (no timing
            # oracle for which accounts exist and are locked)
            get_user_model()().set_password(password)
            lockout.refused(username, ip, reason)
            raise PermissionDenied
        try:
            user = super().authenticate(request, username=username, password=password, **kwargs)
        except BaseException:
            lockout.failed(username, ip, lockout.BAD_CREDENTIALS, admitted=True)
            raise
        if user is None:
            lockout.failed(username, ip, lockout.BAD_CREDENTIALS, admitted=True)
        else:
            lockout.released(user)
        return user
