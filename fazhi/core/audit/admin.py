"""Audit log in the admin: read-only for everyone (SECURITY.md 8, 13).

Only the audit administrator (审计管理员) and superusers may look; nobody may add, change or delete
rows here, and bulk actions (including "delete selected") are removed.
"""

from __future__ import annotations

from django.contrib import admin

from fazhi.core.audit.models import AuditEvent
from fazhi.core.models import RoleCode


def _may_read_audit(user) -> bool:
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or RoleCode.AUDITADMIN in (getattr(user, "roles", None) or [])


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("id", "at", "username", "roles", "ip", "action", "object_type", "object_repr", "result")
    list_filter = ("action", "result", "at")
    search_fields = ("username", "object_repr", "object_id", "object_type", "request_id")
    date_hierarchy = "at"
    ordering = ("-id",)
    list_per_page = 100
    show_full_result_count = False  # a count(*) over millions of rows on every page is not needed
    actions = None
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_module_permission(self, request) -> bool:
        return _may_read_audit(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return _may_read_audit(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
