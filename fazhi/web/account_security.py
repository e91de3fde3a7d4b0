"""The security administrator's account screen (routes in :mod:`fazhi.core.security.staff_urls`).

``/staff/security/accounts/`` finds an account (by 用户名 or 姓名; locked accounts are listed
without a search); ``/staff/security/accounts/<id>/`` shows its second factor, lock and password
state and offers the actions of :mod:`fazhi.core.security.accounts`. Each action is two POSTs: the
first (action and reason) shows a confirmation page, the second (with ``confirmed``) carries it out.
Anyone without the 安全管理员 role gets 404, as the URL permission table also answers.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.models import RoleCode
from fazhi.core.security import accounts
from fazhi.core.security.models import AccountLock
from fazhi.web.registry import Section, register_section

SEARCH_LIMIT = 50

register_section(
    Section(
        key="security-accounts",
        title="账号安全处置",
        url="web:security-accounts",
        order=900,
        roles=(RoleCode.SECADMIN.value,),
        group="安全管理",
    )
)


class AccountActionForm(forms.Form):
    action = forms.ChoiceField(
        label="操作",
        choices=list(accounts.ACTIONS.items()),
        widget=forms.HiddenInput,
        error_messages={"required": "请选择操作。", "invalid_choice": "不支持的操作。"},
    )
    reason = forms.CharField(
        label="办理原因",
        max_length=accounts.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="必填，将写入审计日志，如“本人手机遗失，经电话核实身份后申请重置”。",
        error_messages={
            "required": "请填写办理原因。",
            "max_length": f"办理原因不能超过{accounts.REASON_MAX}个字。",
        },
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError("请填写办理原因。")
        return reason


def _require_secadmin(user) -> None:
    if not accounts.may_manage(user):
        raise Http404("页面不存在。")


@login_required
@require_GET
def account_list(request):
    _require_secadmin(request.user)
    User = get_user_model()
    q = " ".join(request.GET.get("q", "").split())[:50]
    qs = User._default_manager.select_related("organisation").order_by("username")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
        title = f"“{q}”的查找结果"
    else:
        locked = AccountLock.objects.filter(locked_until__gt=timezone.now()).values_list("user_id", flat=True)
        qs = qs.filter(pk__in=list(locked))
        title = "当前被锁定的账号"
    rows = [{"u": u, "s": accounts.status(u)} for u in qs[:SEARCH_LIMIT]]
    return render(
        request,
        "security/accounts.html",
        {"rows": rows, "q": q, "title": title, "limit": SEARCH_LIMIT},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_detail(request, pk: int):
    _require_secadmin(request.user)
    target = get_object_or_404(get_user_model()._default_manager.select_related("organisation"), pk=pk)
    refusal = accounts.refusal(request.user, target)
    form, confirming, status = None, None, 200
    if request.method == "POST":
        form = AccountActionForm(request.POST)
        if refusal:
            form.add_error(None, refusal)
        if form.is_valid():
            action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
            if request.POST.get("confirmed") != "1":
                confirming = {"action": action, "label": accounts.ACTIONS[action], "reason": reason}
            else:
                try:
                    accounts.perform(request.user, target, action, reason)
                except accounts.AccountActionRefused as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, _done_message(action, target))
                    return redirect(reverse("web:security-account", args=[target.pk]))
        if form.errors:
            status = 400
    return render(
        request,
        "security/account_detail.html",
        {
            "target": target,
            "s": accounts.status(target),
            "refusal": refusal,
            "form": form,
            "confirming": confirming,
            "actions": accounts.ACTIONS,
        },
        status=status,
    )


def _done_message(action: str, target) -> str:
    name = f"{target.full_name}（{target.username}）"
    return {
        "reset_totp": f"已重置{name}的动态口令，其现有登录已全部退出、接口令牌已吊销；下次登录时须重新绑定动态口令。",
        "unlock": f"已解除{name}的登录锁定。",
        "force_password_change": f"已要求{name}修改密码，其现有登录已全部退出、接口令牌已吊销；下次登录时须先修改密码。",
    }[action]
