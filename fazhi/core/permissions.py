"""Model permissions that follow from a staff member's roles (三权分立, docs/security.md 8).

Roles live on the user (``User.roles``); the Django permissions the admin site checks are
derived from them here rather than granted row by row, so an account's capabilities are read off
one table. Only the three administrator roles reach the admin site (``is_staff`` is derived in
``User.save``); none of them is granted any case-data permission.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from fazhi.core.models import RoleCode

_CRUD = ("view", "add", "change", "delete")

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # 系统管理员: accounts, organisations, regions, the working-day calendar.
    RoleCode.SYSADMIN: frozenset(
        [f"core.{a}_{m}" for a in _CRUD for m in ("region", "organisation")]
        # Accounts: read-only in the admin site; changes are requests on 账号管理 (two-person rule).
        + ["core.view_user"]
        + [f"calendar.{a}_{m}" for a in _CRUD for m in ("calendaryear", "calendarday")]
        + ["calendar.view_clock", "calendar.view_clockentry"]
    ),
    # 安全管理员: roles and data scope of accounts (the screens for security parameters come later).
    # Approves account and organisation-tree changes on the staff screens, never in the admin site.
    RoleCode.SECADMIN: frozenset(["core.view_user", "core.view_organisation"]),
    # 审计管理员: reads the audit log, nothing else.
    RoleCode.AUDITADMIN: frozenset(["audit.view_auditevent"]),
}


def permissions_for_roles(roles) -> frozenset[str]:
    perms: set[str] = set()
    for role in roles or ():
        perms |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(perms)


class RoleBackend(ModelBackend):
    """Password authentication as Django's, plus permissions derived from roles."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(super().get_all_permissions(user_obj)) | set(permissions_for_roles(user_obj.roles))
