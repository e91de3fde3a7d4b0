"""Audit log in the admin: read-only for everyone (docs/security.md 8, 13).

Only the audit administrator (审计管理员) and superusers may look; nobody may add, change or delete
rows here, and bulk actions (including "delete selected") are removed.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from fazhi.core.audit import services as audit
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


class AuditedAdmin(admin.ModelAdmin):
    """Every save and delete leaves one audit row in the same transaction (field names, no values)."""

    audit_prefix = ""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit.record(
                f"{self.audit_prefix}.{'change' if change else 'add'}",
                obj=obj,
                user=request.user,
                detail={"changed": sorted(form.changed_data)} if form is not None else {},
            )

    def save_related(self, request, form, formsets, change):
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            changed = [f.model._meta.model_name for f in formsets if f.has_changed()]
            if changed:
                audit.record(
                    f"{self.audit_prefix}.change_related",
                    obj=form.instance,
                    user=request.user,
                    detail={"changed": changed},
                )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(f"{self.audit_prefix}.delete", obj=obj, user=request.user)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)
