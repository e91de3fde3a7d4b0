"""Accounts and the organisation tree under the two-person rule (三员, docs/security.md 8 and 28–33).

The 系统管理员 *requests*: a new account, a change of an account's organisation, roles or data
scope, disabling an account, moving an organisation under another parent (which widens the data
scope of everyone above its new place). Nothing changes until a 安全管理员 — necessarily another
person — *approves* the request on their screen; a refused or expired request (``EXPIRY``) changes
nothing. No administrator can create or change an administrator's account or grant a 三员 role
through these services: administrator accounts come only from the server console.

Passwords are never chosen by another person, and no administrator alone ever knows one. A new
account, and an account whose holder lost the password (``request_password_reset``), get a random
one-time password in two parts (split knowledge): the approving 安全管理员 sees the second part once,
at approval; the requesting 系统管理员 collects the first part once (``take_password_part``), after
which it is erased. Each hands their part to the holder, who must change the password at the first
login; issuing it ends the holder's sessions and API tokens.

Every request, approval and refusal writes one audit row whose detail names fields, role codes, the
scope and organisation ids — never a name or a password.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit.services import record
from fazhi.core.models import ADMIN_ROLES, DataScope, Organisation, RoleCode, normalise_login
from fazhi.core.security.models import AccountChange, ChangeKind, ChangeStatus

EXPIRY = dt.timedelta(days=7)
REASON_MAX = 500
BUSINESS_ROLES = tuple(r for r in RoleCode if r not in ADMIN_ROLES)
ACCOUNT_FIELDS = ("full_name", "organisation", "data_scope", "roles")


class ChangeRefused(Exception):
    """A refused request or decision; ``message`` is shown as is and nothing has changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def may_request(actor) -> bool:
    return _active(actor) and actor.has_role(RoleCode.SYSADMIN.value)


def may_decide(actor) -> bool:
    return _active(actor) and actor.has_role(RoleCode.SECADMIN.value)


def _require_requester(actor) -> None:
    if not may_request(actor):
        raise ChangeRefused("只有系统管理员可以申请账号或单位变更。")


def _clean_reason(reason: str, what: str = "申请理由") -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ChangeRefused(f"请填写{what}。")
    if len(reason) > REASON_MAX:
        raise ChangeRefused(f"{what}不能超过{REASON_MAX}个字。")
    return reason


def _protected_target(target, actor) -> None:
    if target.pk == actor.pk:
        raise ChangeRefused("不能申请变更自己的账号。")
    if target.is_admin_account:
        raise ChangeRefused("不能变更管理员（系统管理员、安全管理员、审计管理员）账号（三权分立）。")


def _clean_account(values: dict) -> dict:
    """The account fields of a request, checked; raises ChangeRefused with every problem at once."""
    problems = []
    roles = [r for r in dict.fromkeys(values.get("roles") or ())]
    if set(roles) & {r.value for r in ADMIN_ROLES}:
        problems.append("不能授予系统管理员、安全管理员、审计管理员角色（三员账号只能在服务器控制台设立）。")
    unknown = set(roles) - {r.value for r in BUSINESS_ROLES} - {r.value for r in ADMIN_ROLES}
    if unknown:
        problems.append(f"未知角色：{'、'.join(sorted(unknown))}。")
    if not roles:
        problems.append("请至少选择一个角色。")
    if values.get("data_scope") not in DataScope.values:
        problems.append("请选择数据范围。")
    organisation = values.get("organisation")
    if isinstance(organisation, Organisation):
        organisation = organisation.pk
    if not organisation or not Organisation.objects.filter(pk=organisation).exists():
        problems.append("请选择所属单位。")
    full_name = " ".join((values.get("full_name") or "").split())
    if not full_name:
        problems.append("请填写姓名。")
    elif len(full_name) > 50:
        problems.append("姓名不能超过50个字。")
    if problems:
        raise ChangeRefused(" ".join(problems))
    return {
        "full_name": full_name,
        "organisation": int(organisation),
        "data_scope": values["data_scope"],
        "roles": roles,
    }


def _pending(**filters):
    return AccountChange.objects.filter(status=ChangeStatus.PENDING, expires_at__gt=timezone.now(), **filters)


def _audit_detail(change: AccountChange) -> dict:
    payload = change.payload
    detail = {"change": change.pk, "kind": change.kind, "reason": change.reason}
    for name in ("organisation", "data_scope", "roles", "parent", "fields"):
        if name in payload:
            detail[name] = payload[name]
    return detail


def _audit(action: str, change: AccountChange, *, actor, extra: dict | None = None):
    target = change.user or change.organisation
    kwargs = {}
    if change.user is not None:
        # The login id, never the person's name.
        kwargs = {"obj": change.user, "object_repr": change.user.username}
    elif target is not None:
        kwargs = {"obj": target}
    else:
        kwargs = {"object_type": "core.user", "object_repr": change.payload.get("username", "")}
    return record(action, user=actor, detail={**_audit_detail(change), **(extra or {})}, **kwargs)


def _create(kind: str, *, actor, reason: str, payload: dict, user=None, organisation=None) -> AccountChange:
    with transaction.atomic():
        change = AccountChange.objects.create(
            kind=kind,
            user=user,
            organisation=organisation,
            payload=payload,
            reason=reason,
            requested_by=actor,
            expires_at=timezone.now() + EXPIRY,
        )
        _audit(f"account.{kind}.requested", change, actor=actor)
    return change


# --- requests (系统管理员) ----------------------------------------------------------------------


def request_account_create(*, actor, username: str, reason: str, **values) -> AccountChange:
    _require_requester(actor)
    reason = _clean_reason(reason)
    username = " ".join((username or "").split())
    if not username:
        raise ChangeRefused("请填写用户名。")
    if len(username) > 150:
        raise ChangeRefused("用户名不能超过150个字。")
    payload = _clean_account(values)
    key = normalise_login(username)
    if get_user_model()._default_manager.filter(username_key=key).exists():
        raise ChangeRefused("该用户名已被使用。")
    if any(normalise_login(c.payload.get("username", "")) == key for c in _pending(kind=ChangeKind.CREATE)):
        raise ChangeRefused("该用户名已有待审批的新建申请。")
    return _create(ChangeKind.CREATE, actor=actor, reason=reason, payload={"username": username, **payload})


def request_account_change(*, actor, user, reason: str, **values) -> AccountChange:
    _require_requester(actor)
    _protected_target(user, actor)
    reason = _clean_reason(reason)
    payload = _clean_account(values)
    current = {
        "full_name": user.full_name,
        "organisation": user.organisation_id,
        "data_scope": user.data_scope,
        "roles": list(user.roles or ()),
    }
    fields = [name for name in ACCOUNT_FIELDS if payload[name] != current[name]]
    if not fields:
        raise ChangeRefused("没有任何变更。")
    if _pending(user=user).exists():
        raise ChangeRefused("该账号已有待审批的变更申请，请待其审批后再申请。")
    return _create(
        ChangeKind.CHANGE, actor=actor, reason=reason, payload={**payload, "fields": fields}, user=user
    )


def request_account_disable(*, actor, user, reason: str) -> AccountChange:
    _require_requester(actor)
    _protected_target(user, actor)
    reason = _clean_reason(reason)
    if not user.is_active:
        raise ChangeRefused("该账号已停用。")
    if _pending(user=user).exists():
        raise ChangeRefused("该账号已有待审批的变更申请，请待其审批后再申请。")
    return _create(ChangeKind.DISABLE, actor=actor, reason=reason, payload={}, user=user)


def request_password_reset(*, actor, user, reason: str) -> AccountChange:
    """The holder lost the password: on approval a new one-time password, in two parts."""
    _require_requester(actor)
    _protected_target(user, actor)
    reason = _clean_reason(reason)
    if not user.is_active:
        raise ChangeRefused("该账号已停用。")
    if _pending(user=user).exists():
        raise ChangeRefused("该账号已有待审批的变更申请，请待其审批后再申请。")
    return _create(ChangeKind.PASSWORD, actor=actor, reason=reason, payload={}, user=user)


def _cycle(organisation: Organisation, parent: Organisation | None) -> bool:
    return parent is not None and (
        parent.pk == organisation.pk or f"/{organisation.pk}/" in (parent.path or "")
    )


def request_organisation_move(*, actor, organisation: Organisation, parent: Organisation | None, reason: str):
    _require_requester(actor)
    reason = _clean_reason(reason)
    if (parent.pk if parent else None) == organisation.parent_id:
        raise ChangeRefused("上级单位没有变化。")
    if _cycle(organisation, parent):
        raise ChangeRefused("上级单位不能是本单位或其下级单位。")
    if _pending(organisation=organisation).exists():
        raise ChangeRefused("该单位已有待审批的隶属调整申请。")
    payload = {"parent": parent.pk if parent else None, "old_parent": organisation.parent_id}
    return _create(
        ChangeKind.ORGANISATION_MOVE, actor=actor, reason=reason, payload=payload, organisation=organisation
    )


# --- decisions (安全管理员) ---------------------------------------------------------------------


def pending_changes():
    """Requests waiting for a decision (expired ones are no longer offered)."""
    return _pending().select_related("user", "organisation", "requested_by").order_by("requested_at", "id")


def _lock_for_decision(actor, change) -> AccountChange:
    if not may_decide(actor):
        raise ChangeRefused("只有安全管理员可以审批账号或单位变更。")
    change = (
        AccountChange.objects.select_for_update(of=("self",))
        .select_related("user", "organisation")
        .get(pk=change.pk)
    )
    if change.status != ChangeStatus.PENDING:
        raise ChangeRefused(f"该申请已{change.get_status_display()}，不能再审批。")
    if change.requested_by_id == actor.pk:
        raise ChangeRefused("不能审批自己提出的申请（双人审批）。")
    return change


def approve(*, actor, change: AccountChange) -> tuple[AccountChange, str | None]:
    """Carry out ``change``; returns it and, for a new account or a password reset, the second part
    of the one-time password (shown once to the approver; the first part waits for the requester)."""
    with transaction.atomic():
        change = _lock_for_decision(actor, change)
        if change.expires_at <= timezone.now():
            change.status = ChangeStatus.EXPIRED
            change.save(update_fields=["status"])
            _audit(f"account.{change.kind}.expired", change, actor=actor)
            expired = True
        else:
            expired = False
            password = _apply(change, actor)
            change.status = ChangeStatus.APPROVED
            change.decided_by, change.decided_at = actor, timezone.now()
            change.save(update_fields=["status", "decided_by", "decided_at", "user", "password_part"])
            _audit(
                f"account.{change.kind}", change, actor=actor, extra={"requested_by": change.requested_by_id}
            )
    if expired:
        raise ChangeRefused("该申请已超过审批期限，未生效；如仍需要，请系统管理员重新申请。")
    return change, password


def refuse(*, actor, change: AccountChange, note: str) -> AccountChange:
    note = _clean_reason(note, "驳回理由")
    with transaction.atomic():
        change = _lock_for_decision(actor, change)
        change.status = ChangeStatus.REFUSED
        change.decided_by, change.decided_at, change.decision_note = actor, timezone.now(), note
        change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        _audit(f"account.{change.kind}.refused", change, actor=actor, extra={"note": note})
    return change


def _apply(change: AccountChange, actor) -> str | None:
    User = get_user_model()
    payload = change.payload
    if change.kind == ChangeKind.ORGANISATION_MOVE:
        organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
        parent = Organisation.objects.filter(pk=payload["parent"]).first() if payload["parent"] else None
        if payload["parent"] and parent is None:
            raise ChangeRefused("申请中的上级单位已不存在。")
        if _cycle(organisation, parent):
            raise ChangeRefused("上级单位不能是本单位或其下级单位。")
        organisation.parent = parent
        organisation.save()
        return None
    if change.kind == ChangeKind.CREATE:
        if User._default_manager.filter(username_key=normalise_login(payload["username"])).exists():
            raise ChangeRefused("该用户名已被使用，申请不能生效。")
        values = _clean_account(payload)
        user = User(
            username=payload["username"],
            full_name=values["full_name"],
            organisation_id=values["organisation"],
            data_scope=values["data_scope"],
            roles=values["roles"],
        )
        user.set_unusable_password()
        _full_clean(user)
        user.save()
        change.user = user
        return _split_password(change, user)
    user = User._default_manager.select_for_update().get(pk=change.user_id)
    if user.is_admin_account:
        raise ChangeRefused("不能变更管理员账号（三权分立）。")
    if change.kind == ChangeKind.PASSWORD:
        if not user.is_active:
            raise ChangeRefused("该账号已停用。")
        return _split_password(change, user)
    if change.kind == ChangeKind.DISABLE:
        user.is_active = False
        user.save(update_fields=["is_active"])
        return None
    values = _clean_account(payload)
    user.full_name = values["full_name"]
    user.organisation_id = values["organisation"]
    user.data_scope = values["data_scope"]
    user.roles = values["roles"]
    _full_clean(user)
    user.save(update_fields=["full_name", "organisation", "data_scope", "roles"])
    return None


def _full_clean(user) -> None:
    try:
        user.full_clean(exclude=["password", "username_key"])
    except ValidationError as exc:
        raise ChangeRefused(" ".join(m for msgs in exc.message_dict.values() for m in msgs)) from exc


# --- one-time passwords in two parts ------------------------------------------------------------

PART = 7  # characters of the first part; the second part is the rest


def one_time_password(username: str = "") -> str:
    from fazhi.core.imports import random_password

    return random_password(username, length=2 * PART)


def _split_password(change: AccountChange, user) -> str:
    """Give ``user`` a new one-time password; keep its first part (encrypted) for the requester and
    return the second part for the approver. Ends the holder's sessions and API tokens."""
    from fazhi.core.security.signals import revoke_everything

    User = get_user_model()
    password = one_time_password(user.username)
    user.set_password(password)
    user.save(update_fields=["password"])
    # Chosen by no one who will use it: the holder must change it before any other page.
    User._default_manager.filter(pk=user.pk).update(password_changed_at=None)
    revoke_everything(user)
    change.password_part = password[:PART]
    return password[PART:]


def parts_waiting(actor):
    """Approved requests of ``actor`` whose first password part has not been collected yet."""
    return AccountChange.objects.filter(
        requested_by=actor, status=ChangeStatus.APPROVED, password_part_taken_at__isnull=True
    ).exclude(password_part="")


def take_password_part(*, actor, change: AccountChange) -> str:
    """The first part of a one-time password, once, to the 系统管理员 who requested it; then erased."""
    if not may_request(actor):
        raise ChangeRefused("只有系统管理员可以领取一次性密码前段。")
    with transaction.atomic():
        change = (
            AccountChange.objects.select_for_update(of=("self",)).select_related("user").get(pk=change.pk)
        )
        if change.requested_by_id != actor.pk:
            raise ChangeRefused("只有提出申请的系统管理员可以领取一次性密码前段。")
        if (
            change.status != ChangeStatus.APPROVED
            or not change.password_part
            or change.password_part_taken_at
        ):
            raise ChangeRefused("没有可领取的一次性密码前段（可能已领取）。")
        part = change.password_part
        change.password_part, change.password_part_taken_at = "", timezone.now()
        change.save(update_fields=["password_part", "password_part_taken_at"])
        _audit("account.password_part.taken", change, actor=actor)
    return part
