"""Per-request session controls (docs/security.md 2, 4, 5), after authentication and the audit context.

For a signed-in request, in this order:

1. a session past its idle or absolute limit is ended (server side) and the request continues as
   anonymous, so the page asks for a login and the API answers 401;
2. an account whose password is older than the maximum age, or was set by someone else (an
   administrator, the staff Excel import) or whose change a security administrator required
   (``password_changed_at`` empty), is sent to the password change page before any other page;
   an account whose second factor a security administrator reset is then sent to enrolment (the
   reset ends every session; the login that follows marks its session, so only such a session
   pays a query here);
3. an administrator (系统/安全/审计管理员) must have a second factor: without one they are sent to
   enrolment, with one but not verified in this session (e.g. a session not started by our login
   page) to verification. The admin site is therefore only reachable with a verified second factor.

The admin site's own login form still exists (its POST goes through the same backend, so the
lockout applies); a session it starts has no verified second factor, so 3 sends an administrator on
to verification or enrolment before any admin page.

API calls authenticated by a bearer token carry no session and are not affected by 2 and 3: a token
is issued by an administrator for a system, expires on its own and is revoked when its user is
disabled.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from fazhi.core.audit.services import record
from fazhi.core.security import param, passwords, sessions, totp

TIMEOUT_MESSAGES = {
    "idle": "您已较长时间未操作，为保护账号安全已自动退出，请重新登录。",
    "absolute": "登录已超过最长有效时间，为保护账号安全已自动退出，请重新登录。",
}


def _open_paths() -> tuple[str, ...]:
    return (
        reverse("web:logout"),
        reverse("web:login"),
        reverse("web:password-change"),
        reverse("web:totp-verify"),
        reverse("web:totp-setup"),
    )


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def __call__(self, request):
        response = self._check(request)
        if response is not None:
            return response
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        if self._open is None:
            self._open = _open_paths()
        from django.conf import settings

        static = settings.STATIC_URL or "/static/"
        return path in self._open or path.startswith(static)

    def _check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        reason = sessions.expired(request, user)
        if reason:
            record("logout", obj=user, user=user, detail={"reason": f"{reason}_timeout"})
            logout(request)
            request.user = AnonymousUser()
            messages.info(request, TIMEOUT_MESSAGES[reason])
            return None
        if self._is_open(request.path):
            return None
        if passwords.password_expired(user):
            if getattr(user, "password_changed_at", None) is None:
                text = "您正在使用初始密码或管理员设置的密码（或已被要求修改密码），请先修改密码。"
            else:
                text = "您的密码已超过有效期，请先修改密码。"
            messages.warning(request, text)
            return redirect(
                f"{reverse('web:password-change')}?{urlencode({'next': request.get_full_path()})}"
            )
        if request.session.get(sessions.REENROL):
            if totp.reset_pending(user):
                messages.warning(
                    request,
                    "您的动态口令已被重置（安全管理员或服务器控制台应急处置），请先重新绑定动态口令。",
                )
                return redirect("web:totp-setup")
            del request.session[sessions.REENROL]  # enrolled again: no more look-ups this session
        if param("FAZHI_TOTP_REQUIRED_FOR_ADMINS") and user.is_admin_account:
            if not request.session.get(sessions.MFA):
                if totp.confirmed_device(user) is None:
                    return redirect("web:totp-setup")
                return redirect(
                    f"{reverse('web:totp-verify')}?{urlencode({'next': request.get_full_path()})}"
                )
        return None
