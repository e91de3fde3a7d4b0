from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from fazhi.core.models import Organisation, OrganisationFunction, OrgFunction, Region, User

admin.site.site_header = "法治政府建设工作平台 · 系统管理"
admin.site.site_title = "系统管理"
admin.site.index_title = "管理首页"


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


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
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "parent", "uscc", "is_enforcement_body", "functions_shown")
    list_filter = ("kind", "is_enforcement_body", "functions__function")
    inlines = (OrganisationFunctionInline,)

    @admin.display(description="单位职能")
    def functions_shown(self, obj) -> str:
        return obj.function_labels

    search_fields = ("name", "uscc", "region__code", "region__name")
    raw_id_fields = ("region", "parent")


class StaffCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "organisation", "data_scope", "roles")


class StaffChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
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
    raw_id_fields = ("organisation",)
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("基本信息", {"fields": ("full_name", "organisation", "data_scope", "roles")}),
        ("状态", {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "organisation",
                    "data_scope",
                    "roles",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    @admin.display(description="角色")
    def role_labels(self, obj):
        return obj.role_labels
