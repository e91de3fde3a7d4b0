"""The admin site keeps only what needs no second person: regions, organisations' names, kinds and
functions, the calendar (fazhi.core.calendar.admin) and the audit log (read-only). Accounts and the
organisation tree's shape are changed on the staff screens under the two-person rule
(fazhi.core.security.account_changes); here they are read-only (docs/security.md 28–31)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from fazhi.core.audit.admin import AuditedAdmin
from fazhi.core.models import Organisation, OrganisationFunction, OrgFunction, Region, User

admin.site.site_header = "法治政府建设工作平台 · 系统管理"
admin.site.site_title = "系统管理"
admin.site.index_title = "管理首页"


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    audit_prefix = "admin.region"
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)

    def get_readonly_fields(self, request, obj=None):
        # A region's level sets the prefix of its subtree: changing it widens every 全辖区 scope in it.
        if obj is not None:
            return ("code", "level", "parent")
        return ()


class OrganisationFunctionInline(admin.TabularInline):
    model = OrganisationFunction
    extra = 1

    # 行政执法主体 is set by the "执法主体" tick box, which keeps the function row in step.
    def get_queryset(self, request):
        return super().get_queryset(request).exclude(function=OrgFunction.ENFORCEMENT_BODY)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "function":
            kwargs["choices"] = [
                (value, label) for value, label in db_field.choices if value != OrgFunction.ENFORCEMENT_BODY
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    verbose_name = "职能"
    verbose_name_plural = "单位职能（司法行政机关、行政复议机构、行政执法主体等）"


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    audit_prefix = "admin.organisation"
    list_display = ("name", "kind", "region", "parent", "uscc", "is_enforcement_body", "functions_shown")
    list_filter = ("kind", "is_enforcement_body", "functions__function")
    inlines = (OrganisationFunctionInline,)

    @admin.display(description="单位职能")
    def functions_shown(self, obj) -> str:
        return obj.function_labels

    search_fields = ("name", "uscc", "region__code", "region__name")
    raw_id_fields = ("region", "parent")

    def get_readonly_fields(self, request, obj=None):
        # Moving an existing organisation widens someone's data scope: 单位管理 › 调整单位隶属,
        # approved by the 安全管理员 (fazhi.core.security.account_changes).
        if obj is not None:
            return ("region", "parent")
        return ()


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Read-only: accounts are created and changed on 账号管理 (系统管理员 requests, 安全管理员
    approves); passwords are never set here (one-time passwords on 账号安全处置)."""

    list_display = (
        "username",
        "full_name",
        "organisation",
        "data_scope",
        "role_labels",
        "is_active",
        "last_login",
    )
    list_filter = ("is_active", "data_scope")
    search_fields = ("username", "full_name", "organisation__name")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("基本信息", {"fields": ("full_name", "organisation", "data_scope", "roles")}),
        ("状态", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = (
        "username",
        "full_name",
        "organisation",
        "data_scope",
        "roles",
        "is_active",
        "last_login",
        "date_joined",
    )
    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        # No password form at all (BaseUserAdmin adds <id>/password/).
        return [u for u in super().get_urls() if "password" not in str(u.pattern)]

    @admin.display(description="角色")
    def role_labels(self, obj):
        return obj.role_labels
