"""What the security administrator (安全管理员) may do to another account (SECURITY.md 3, 5, 8):

- ``reset_totp``     — a lost second factor: the device is replaced by an unconfirmed one with a new
  secret (the old secret is gone), marked as reset, so the account must enrol again before any other
  page at its next login;
- ``unlock``         — lift a lock left by 5 failed logins before its 30 minutes run out;
- ``force_password_change`` — the account must change its password before any other page.

Every action needs a reason, writes exactly one audit row (``security.account.<action>``, with the
reason), and ends the account's sessions where the action concerns its credentials (a session held
by someone else must not be the one that enrols the new factor or picks the new password).

Refused, with a Chinese message and nothing changed: acting on one's own account, acting on a
系统管理员 or 审计管理员 account (三权分立: the security administrator must not be able to take
over the accounts that control it), acting without the 安全管理员 role, and an empty reason.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit.services import record
from fazhi.core.models import RoleCode
from fazhi.core.security import lockout, sessions, totp
from fazhi.core.security.models import TotpDevice

REASON_MAX = 500

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
    """Carry out ``action`` on ``target``; returns what changed (also written to the audit row)."""
    if action not in ACTIONS:
        raise AccountActionRefused("不支持的操作。")
    why = refusal(actor, target)
    if why:
        raise AccountActionRefused(why)
    reason = _clean_reason(reason)
    User = get_user_model()
    with transaction.atomic():
        target = User._default_manager.select_for_update().get(pk=target.pk)
        detail: dict = {"reason": reason}
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
            detail["sessions_ended"] = sessions.kill_all(target)
        record(f"security.account.{action}", obj=target, user=actor, detail=detail)
    return detail


__all__ = ["ACTIONS", "AccountActionRefused", "may_manage", "refusal", "status", "perform"]
