"""Password change and second-factor pages of the staff shell (routes in :mod:`fazhi.web.urls`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from fazhi.core.audit.middleware import client_ip
from fazhi.core.audit.services import record
from fazhi.core.security import flows, lockout, param, sessions, totp
from fazhi.core.security.models import TotpAlgorithm
from fazhi.web.security_forms import GENERIC_LOGIN_ERROR, AlgorithmForm, CodeForm, PasswordChangeForm

BAD_CODE = "动态口令不正确或已使用过，请输入验证器当前显示的6位数字。"


def _next(request, fallback: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("web:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user.set_password(form.cleaned_data["new_password1"])
            user.save()
            record("password.change", obj=user, user=user)
        old_key = request.session.session_key
        update_session_auth_hash(request, user)  # keeps this session (under a new key)
        sessions.rekeyed(request, user, old_key)
        sessions.kill_all(user, keep=request.session.session_key)  # every other session ends
        messages.success(request, "密码已修改。其他设备上的登录已全部退出。")
        return redirect(_next(request))
    from fazhi.core.security import passwords

    return render(
        request,
        "web/security/password_change.html",
        {
            "form": form,
            "next": _next(request),
            "expired": passwords.password_expired(user),
            "max_age_days": param("FAZHI_PASSWORD_MAX_AGE_DAYS"),
        },
    )


@require_http_methods(["GET", "POST"])
def totp_verify(request):
    """Second step of a login (pending user), or a step-up for a signed-in session."""
    step_up = request.user.is_authenticated
    if step_up:
        user, next_url = request.user, _next(request)
    else:
        user, next_url = flows.pending_user(request)
        if user is None:
            messages.info(request, "登录已超时，请重新输入用户名和密码。")
            return redirect("web:login")
    device = totp.confirmed_device(user)
    if device is None:
        return redirect("web:totp-setup" if step_up else "web:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        reason = lockout.admit(user.username, ip)
        if reason:
            lockout.refused(user.username, ip, reason)
            return _give_up(request, step_up)
        if totp.verify(device, form.cleaned_data["code"]):
            lockout.released(user)
            if step_up:
                request.session[sessions.MFA] = True
                lockout.succeeded(user)
                record("login.second_factor", obj=user, user=user)
            else:
                flows.drop_pending(request)
                flows.complete_login(request, user, second_factor="totp")
            return redirect(next_url if not step_up else _next(request))
        if lockout.failed(user.username, ip, lockout.SECOND_FACTOR, admitted=True):
            return _give_up(request, step_up)
        form.add_error("code", BAD_CODE)
    return render(
        request, "web/security/totp_verify.html", {"form": form, "next": next_url, "account": user.username}
    )


def _give_up(request, step_up: bool):
    if step_up:
        from django.contrib.auth import logout

        record("logout", obj=request.user, user=request.user, detail={"reason": "locked"})
        logout(request)
    else:
        flows.drop_pending(request)
    messages.error(request, GENERIC_LOGIN_ERROR)
    return redirect("web:login")


@login_required
@require_http_methods(["GET", "POST"])
def totp_setup(request):
    """Enrolment: choose the algorithm, show the secret and the otpauth:// URI, confirm with a code."""
    user = request.user
    device = totp.confirmed_device(user)
    if device is not None:
        return render(request, "web/security/totp_setup.html", {"device": device, "confirmed": True})
    from fazhi.core.security.models import TotpDevice

    pending = TotpDevice.objects.filter(user_id=user.pk, confirmed_at__isnull=True).first()
    code_form = CodeForm()
    algo_form = AlgorithmForm(
        initial={"algorithm": pending.algorithm if pending else param("FAZHI_TOTP_DEFAULT_ALGORITHM")}
    )
    if request.method == "POST" and request.POST.get("action") == "start":
        algo_form = AlgorithmForm(request.POST)
        if algo_form.is_valid():
            pending, _ = totp.start_enrolment(user, algo_form.cleaned_data["algorithm"])
            return redirect("web:totp-setup")
    elif request.method == "POST" and request.POST.get("action") == "confirm" and pending is not None:
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            if totp.verify(pending, code_form.cleaned_data["code"]):
                request.session[sessions.MFA] = True
                record("mfa.enrol", obj=user, user=user, detail={"algorithm": pending.algorithm})
                messages.success(request, "动态口令已启用，今后登录时需要输入动态口令。")
                return redirect("web:dashboard")
            code_form.add_error("code", BAD_CODE)
    if pending is None:
        pending, _ = totp.start_enrolment(user)
    key = totp.secret_of(pending)
    return render(
        request,
        "web/security/totp_setup.html",
        {
            "device": pending,
            "confirmed": False,
            "secret": totp.b32(key),
            "uri": totp.otpauth_uri(key, user.username, pending.algorithm),
            "code_form": code_form,
            "algo_form": algo_form,
            "is_sm3": pending.algorithm == TotpAlgorithm.SM3,
            "required": user.is_admin_account and param("FAZHI_TOTP_REQUIRED_FOR_ADMINS"),
        },
    )
