"""What the security administrator (安全管理员) may do to another account (docs/security.md 3, 5, 8):

- ``reset_totp``     — a lost second factor: the device is replaced by an unconfirmed one with a new
  secret (the old secret is gone), marked as reset, so the account must enrol again before any other
  page at its next login;
- ``unlock``         — lift a lock left by 5 failed logins before its 30 minutes run out;
- ``force_password_change`` — the account must change its password before any other page.

Every action needs a reason, writes exactly one audit row (``security.account.<action>``, with the
reason), and ends the account's sessions and revokes its live API tokens where the action concerns
its credentials (a session held by someone else must not be the one that enrols the new factor or
picks the new password).

Refused, with a Chinese message and nothing changed: acting on one's own account, acting on a
系统管理员 or 审计管理员 account (三权分立: the security administrator must not be able to take
over the accounts that control it), acting without the 安全管理员 role, and an empty reason.

Break-glass (``perform_from_console``): a 系统管理员 or 审计管理员 who lost the second factor, or the
last 安全管理员, cannot be helped from the screen. Someone with a shell on the server runs
``fazhi accounts reset-totp|unlock|force-password-change --user LOGIN --reason TEXT --operator NAME``
(:mod:`fazhi.core.security.management.commands.accounts`). That path is not reachable from any web
request (it refuses to run inside a request's audit context) and skips only the screen's
actor checks: the reason is still required, the operator's name is required too, and the same
action runs with the same effects and the same single audit row, whose detail names the channel
(``console``), the operator, the operating-system user and the reason. Access to the server console
is the control on this path; the audit row is the record of who used it and why.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import context
from fazhi.core.audit.services import record
from fazhi.core.models import RoleCode
from fazhi.core.security import lockout, totp
from fazhi.core.security.models import TotpDevice

REASON_MAX = 500
OPERATOR_MAX = 50
CONSOLE = "console"

ACTIONS = {
    "reset_totp": "重置动态口令",
    "unlock": "解除登录锁定",
    "force_password_change": "强制修改密码",
}
PROTECTED_ROLES = (RoleCode.SYSADMIN.value, RoleCode.AUDITADMIN.value)


class AccountActionRefused(Exception):
    """A refused action; ``message`` is shown to the administrator as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def may_manage(actor) -> bool:
    return bool(
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.has_role(RoleCode.SECADMIN.value)
    )


def refusal(actor, target) -> str:
    """Why ``actor`` may not act on ``target`` at all (empty if it may)."""
    if not may_manage(actor):
        return "只有安全管理员可以办理此操作。"
    if target.pk == actor.pk:
        return "不能对自己的账号办理此操作，请由其他安全管理员办理。"
    protected = [RoleCode(r).label for r in PROTECTED_ROLES if r in (target.roles or ())]
    if protected:
        return f"不能对{'、'.join(protected)}账号办理此操作（三权分立）。"
    return ""


def status(user) -> dict:
    """What the account screen shows: second factor, lock, pending password change."""
    from fazhi.core.security import passwords

    device = TotpDevice.objects.filter(user_id=user.pk).first()
    return {
        "totp": bool(device and device.confirmed),
        "totp_reset_pending": bool(device and not device.confirmed and device.reset_at),
        "locked_until": lockout.locked_until(user),
        "must_change_password": user.password_changed_at is None,
        "password_expired": passwords.password_expired(user),
    }


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise AccountActionRefused("请填写办理原因。")
    if len(reason) > REASON_MAX:
        raise AccountActionRefused(f"办理原因不能超过{REASON_MAX}个字。")
    return reason


def perform(actor, target, action: str, reason: str) -> dict:
    """Carry out ``action`` on ``target`` for a signed-in security administrator (the staff screen);
    returns what changed (also written to the audit row)."""
    if action not in ACTIONS:
        raise AccountActionRefused("不支持的操作。")
    why = refusal(actor, target)
    if why:
        raise AccountActionRefused(why)
    detail, _ = _carry_out(target, action, _clean_reason(reason), audit_user=actor, channel={})
    return detail


def perform_from_console(target, action: str, reason: str, operator: str, os_user: str = ""):
    """Break-glass on the server console (``fazhi accounts reset-totp …``): the same action on any
    account, including 系统管理员 and 审计管理员 ones, with the operator's name and the reason in the
    audit row. Returns ``(detail, audit_event)``."""
    ctx = context.current()
    if ctx.user_id is not None or ctx.ip:
        # Only the management command calls this; a web request never may (三权分立 holds there).
        raise AccountActionRefused("此操作只能在服务器控制台执行。")
    if action not in ACTIONS:
        raise AccountActionRefused("不支持的操作。")
    operator = " ".join((operator or "").split())
    if not operator:
        raise AccountActionRefused("请用 --operator 填写在控制台办理此操作的人员姓名。")
    if len(operator) > OPERATOR_MAX:
        raise AccountActionRefused(f"操作人姓名不能超过{OPERATOR_MAX}个字。")
    reason = _clean_reason(reason)
    channel = {"channel": CONSOLE, "operator": operator, "os_user": (os_user or "")[:64]}
    return _carry_out(target, action, reason, audit_user=None, channel=channel)


def _carry_out(target, action: str, reason: str, *, audit_user, channel: dict):
    from fazhi.core.security.signals import revoke_everything

    User = get_user_model()
    with transaction.atomic():
        target = User._default_manager.select_for_update().get(pk=target.pk)
        detail: dict = {"reason": reason, **channel}
        if action == "reset_totp":
            had = TotpDevice.objects.filter(user_id=target.pk).first()
            if had is None:
                raise AccountActionRefused("该账号尚未绑定动态口令，无需重置。")
            device, _ = totp.start_enrolment(target, had.algorithm)
            device.reset_at = timezone.now()
            device.save(update_fields=["reset_at"])
            detail["had_confirmed_device"] = had.confirmed
        elif action == "unlock":
            until = lockout.locked_until(target)
            if until is None:
                raise AccountActionRefused("该账号当前未被锁定。")
            lockout.unlock(target)
            detail["locked_until"] = until.isoformat()
        elif action == "force_password_change":
            User._default_manager.filter(pk=target.pk).update(password_changed_at=None)
        if action in ("reset_totp", "force_password_change"):
            # A session or token held by someone else must not be what enrols the new factor or
            # picks the new password.
            ended = revoke_everything(target)
            detail["sessions_ended"] = ended["sessions"]
            detail["tokens_revoked"] = ended["tokens"]
        event = record(f"security.account.{action}", obj=target, user=audit_user, detail=detail)
    return detail, event


__all__ = [
    "ACTIONS",
    "AccountActionRefused",
    "may_manage",
    "refusal",
    "status",
    "perform",
    "perform_from_console",
]
