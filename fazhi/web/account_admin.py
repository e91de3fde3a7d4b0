"""Accounts and the organisation tree under the two-person rule (services in
:mod:`fazhi.core.security.account_changes`).

系统管理员 — 账号管理 ``/staff/accounts/``: find an account, request a new one, a change of its
organisation, roles or data scope, or disabling it; request moving an organisation under another
parent. Nothing takes effect until a 安全管理员 approves.

安全管理员 — 账号变更审批 ``/staff/security/changes/``: approve or refuse each pending request (never
their own); approving a new account or a password reset shows the second part of its one-time
password once; the requesting 系统管理员 collects the first part once on 账号管理
(``/staff/accounts/parts/<id>/``). Neither alone knows the password.
Anyone else gets 404, as the URL permission table also answers.
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
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.models import DataScope, Organisation, RoleCode
from fazhi.core.security import account_changes as changes
from fazhi.core.security.models import AccountChange
from fazhi.web.registry import Section, register_section

LIST_LIMIT = 50

register_section(
    Section(
        key="account-admin",
        title="账号管理",
        url="web:account-admin",
        order=880,
        roles=(RoleCode.SYSADMIN.value,),
        group="系统管理",
    )
)
register_section(
    Section(
        key="account-changes",
        title="账号变更审批",
        url="web:account-changes",
        order=890,
        roles=(RoleCode.SECADMIN.value,),
        group="安全管理",
    )
)

REASON_ERRORS = {"required": "请填写申请理由。", "max_length": f"申请理由不能超过{changes.REASON_MAX}个字。"}


class _OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.region_id}）"


class AccountForm(forms.Form):
    full_name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名。"})
    organisation = _OrganisationChoice(
        label="所属单位",
        queryset=Organisation.objects.order_by("region_id", "path"),
        error_messages={"required": "请选择所属单位。", "invalid_choice": "请选择所属单位。"},
    )
    data_scope = forms.ChoiceField(
        label="数据范围",
        choices=DataScope.choices,
        error_messages={"required": "请选择数据范围。", "invalid_choice": "请选择数据范围。"},
    )
    roles = forms.MultipleChoiceField(
        label="角色",
        choices=[(r.value, r.label) for r in changes.BUSINESS_ROLES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个角色。", "invalid_choice": "不能授予该角色。"},
    )
    reason = forms.CharField(
        label="申请理由",
        max_length=changes.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=REASON_ERRORS,
    )


class NewAccountForm(AccountForm):
    username = forms.CharField(label="用户名", max_length=150, error_messages={"required": "请填写用户名。"})
    field_order = ["username", "full_name", "organisation", "data_scope", "roles", "reason"]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="申请理由",
        max_length=changes.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=REASON_ERRORS,
    )


class OrganisationMoveForm(forms.Form):
    organisation = _OrganisationChoice(
        label="单位",
        queryset=Organisation.objects.order_by("region_id", "path"),
        error_messages={"required": "请选择要调整的单位。", "invalid_choice": "请选择要调整的单位。"},
    )
    parent = _OrganisationChoice(
        label="新的上级单位",
        queryset=Organisation.objects.order_by("region_id", "path"),
        required=False,
        empty_label="（无上级单位）",
        error_messages={"invalid_choice": "请选择新的上级单位。"},
    )
    reason = forms.CharField(
        label="申请理由",
        max_length=changes.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=REASON_ERRORS,
    )


def _require(check, user) -> None:
    if not check(user):
        raise Http404("页面不存在。")


def _refused(form, exc: changes.ChangeRefused):
    form.add_error(None, exc.message)


# --- 系统管理员 --------------------------------------------------------------------------------


@login_required
@require_GET
def account_admin(request):
    _require(changes.may_request, request.user)
    q = " ".join(request.GET.get("q", "").split())[:50]
    qs = get_user_model()._default_manager.select_related("organisation").order_by("username")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    requests = AccountChange.objects.select_related("user", "organisation", "requested_by", "decided_by")[
        :LIST_LIMIT
    ]
    return render(
        request,
        "security/account_admin.html",
        {
            "rows": list(qs[:LIST_LIMIT]),
            "q": q,
            "requests": requests,
            "limit": LIST_LIMIT,
            "parts": changes.parts_waiting(request.user).select_related("user"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_new(request):
    _require(changes.may_request, request.user)
    form, status = NewAccountForm(request.POST or None), 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                changes.request_account_create(actor=request.user, **data)
            except changes.ChangeRefused as exc:
                _refused(form, exc)
            else:
                messages.success(request, f"已提交新建账号“{data['username']}”的申请，安全管理员批准后生效。")
                return redirect(reverse("web:account-admin"))
        status = 400
    return render(request, "security/account_form.html", {"form": form, "title": "新建账号"}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request, pk: int):
    _require(changes.may_request, request.user)
    target = get_object_or_404(get_user_model()._default_manager.select_related("organisation"), pk=pk)
    initial = {
        "full_name": target.full_name,
        "organisation": target.organisation_id,
        "data_scope": target.data_scope,
        "roles": list(target.roles or ()),
    }
    action = request.POST.get("action", "change")
    form = AccountForm(request.POST if action == "change" else None, initial=initial)
    disable_form = ReasonForm(request.POST if action == "disable" else None)
    password_form = ReasonForm(request.POST if action == "password" else None)
    status = 200
    if request.method == "POST":
        bound = {"change": form, "password": password_form}.get(action, disable_form)
        if bound.is_valid():
            try:
                if action == "change":
                    changes.request_account_change(actor=request.user, user=target, **bound.cleaned_data)
                    done = f"已提交变更账号“{target.username}”的申请，安全管理员批准后生效。"
                elif action == "password":
                    changes.request_password_reset(actor=request.user, user=target, **bound.cleaned_data)
                    done = f"已提交为“{target.username}”签发一次性密码的申请，安全管理员批准后生效。"
                else:
                    changes.request_account_disable(actor=request.user, user=target, **bound.cleaned_data)
                    done = f"已提交停用账号“{target.username}”的申请，安全管理员批准后生效。"
            except changes.ChangeRefused as exc:
                _refused(bound, exc)
            else:
                messages.success(request, done)
                return redirect(reverse("web:account-admin"))
        status = 400
    return render(
        request,
        "security/account_form.html",
        {
            "form": form,
            "disable_form": disable_form,
            "target": target,
            "title": f"变更账号：{target.username}",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_move(request):
    _require(changes.may_request, request.user)
    form, status = OrganisationMoveForm(request.POST or None), 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                changes.request_organisation_move(actor=request.user, **data)
            except changes.ChangeRefused as exc:
                _refused(form, exc)
            else:
                messages.success(
                    request, f"已提交调整“{data['organisation'].name}”隶属的申请，安全管理员批准后生效。"
                )
                return redirect(reverse("web:account-admin"))
        status = 400
    return render(
        request, "security/account_form.html", {"form": form, "title": "调整单位隶属"}, status=status
    )


# --- 安全管理员 --------------------------------------------------------------------------------


def _with_names(change: AccountChange) -> dict:
    payload = change.payload
    names = {}
    if payload.get("organisation"):
        names["organisation"] = Organisation.objects.filter(pk=payload["organisation"]).first()
    if "parent" in payload:
        names["parent"] = (
            Organisation.objects.filter(pk=payload["parent"]).first() if payload["parent"] else None
        )
        names["old_parent"] = (
            Organisation.objects.filter(pk=payload["old_parent"]).first()
            if payload.get("old_parent")
            else None
        )
    names["roles"] = "、".join(RoleCode(r).label for r in payload.get("roles", ()) if r in RoleCode.values)
    if payload.get("data_scope"):
        names["data_scope"] = DataScope(payload["data_scope"]).label
    return {"c": change, "p": payload, "n": names}


@login_required
@require_GET
def account_changes(request):
    _require(changes.may_decide, request.user)
    rows = [_with_names(c) for c in changes.pending_changes()[:LIST_LIMIT]]
    return render(request, "security/account_changes.html", {"rows": rows})


@login_required
@require_POST
def account_change_decide(request, pk: int):
    _require(changes.may_decide, request.user)
    change = get_object_or_404(AccountChange, pk=pk)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            change, password = changes.approve(actor=request.user, change=change)
        elif decision == "refuse":
            changes.refuse(actor=request.user, change=change, note=request.POST.get("note", ""))
            password = None
        else:
            raise changes.ChangeRefused("请选择批准或驳回。")
    except changes.ChangeRefused as exc:
        rows = [_with_names(c) for c in changes.pending_changes()[:LIST_LIMIT]]
        return render(
            request,
            "security/account_changes.html",
            {"rows": rows, "error": exc.message, "error_pk": pk},
            status=400,
        )
    if password:
        return _show_password(request, change.user, password, first=False)
    messages.success(request, "已批准，变更已生效。" if decision == "approve" else "已驳回，未作任何变更。")
    return redirect(reverse("web:account-changes"))


@login_required
@require_POST
def password_part(request, pk: int):
    _require(changes.may_request, request.user)
    change = get_object_or_404(AccountChange.objects.select_related("user"), pk=pk)
    try:
        part = changes.take_password_part(actor=request.user, change=change)
    except changes.ChangeRefused as exc:
        messages.error(request, exc.message)
        return redirect(reverse("web:account-admin"))
    return _show_password(request, change.user, part, first=True)


def _show_password(request, target, part: str, *, first: bool):
    response = render(
        request, "security/one_time_password.html", {"target": target, "password": part, "first": first}
    )
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store"
    return response
