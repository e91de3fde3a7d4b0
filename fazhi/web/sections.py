"""The staff sections the shell itself provides: 待办, 单位, 工作人员 (read-only, exportable)."""

from __future__ import annotations

from fazhi.core import access
from fazhi.core.models import Organisation, RoleCode, User
from fazhi.web.imports import ImportSection
from fazhi.web.registry import ChoiceFilter, Column, ListSpec, OrgFilter, Section, register, register_section
from fazhi.web.reminders import RemindersSection


def _organisations(user):
    return access.visible_organisations(user)


def _staff(user):
    # Staff of the organisations the user may see; the three administrators have none (三权分立).
    return User.objects.filter(organisation__in=access.visible_organisations(user))


def register_all() -> None:
    register_section(Section(key="dashboard", title="待办事项", url="web:dashboard", order=0, group="工作台"))
    # Today's reminders (the 08:30 job), with the number not yet read beside the entry.
    register_section(
        RemindersSection(key="reminders", title="今日提醒", url="web:reminders", order=1, group="工作台")
    )
    # Shown only to users who may use at least one import kind (the kind's roles decide).
    register_section(
        ImportSection(key="import", title="数据导入", url="web:import-index", order=800, group="数据管理")
    )
    register_section(
        Section(
            key="jobs",
            title="后台任务",
            url="web:jobs",
            order=950,
            roles=(RoleCode.SYSADMIN.value,),
            group="系统管理",
        )
    )
    register(
        ListSpec(
            model=Organisation,
            slug="organisations",
            title="单位",
            columns=(
                "name",
                "kind",
                Column("region__name", "所属区划"),
                Column("parent__name", "上级单位"),
                "uscc",
                "is_enforcement_body",
            ),
            filters=(ChoiceFilter("kind"), ChoiceFilter("is_enforcement_body")),
            search_fields=("name", "uscc"),
            ordering=("region_id", "path"),
            detail_fields=(
                "name",
                "kind",
                "region",
                "parent",
                "uscc",
                "is_enforcement_body",
                Column("functions", "单位职能", value=lambda org: org.function_labels or "—"),
                "address",
                "phone",
                "office_hours",
            ),
            queryset=_organisations,
            attachments=False,
            nav_order=900,
            nav_group="机构人员",
        )
    )
    register(
        ListSpec(
            model=User,
            slug="staff",
            title="工作人员",
            columns=(
                Column("full_name", "姓名"),
                "username",
                Column("organisation__name", "所属单位"),
                Column("roles", "角色", value=lambda u: u.role_labels),
                "data_scope",
                Column("is_active", "启用"),
                Column("last_login", "最近登录"),
            ),
            filters=(
                OrgFilter("organisation", "所属单位"),
                ChoiceFilter("data_scope"),
                ChoiceFilter("is_active", "启用"),
            ),
            search_fields=("full_name", "username"),
            ordering=("organisation_id", "username"),
            detail_fields=(
                Column("full_name", "姓名"),
                Column("username", "用户名"),
                "organisation",
                Column("roles", "角色", value=lambda u: u.role_labels),
                "data_scope",
                Column("is_active", "启用"),
                Column("last_login", "最近登录"),
            ),
            queryset=_staff,
            attachments=False,
            nav_order=910,
            nav_group="机构人员",
        )
    )
