"""待办 items for the steps the law takes by itself but the platform may not take yet.

When a statutory period lapses (e.g. 行政复议 受理审查期限, 《行政复议法》第三十条第三款 视为受理) on a
due date that falls in a calendar year whose 放假安排 is not confirmed, the scheduler leaves the
record where it is (:func:`fazhi.core.workflow.deadlines.held_back`): the date may still move when
the year's holidays are entered. Those records show here as 待确认 — to the staff who see them,
with the year that blocks them — and the 系统管理员, who confirms calendar years, sees one item per
blocked year (a count only: no case data for an administrator, docs/security.md 8).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from fazhi.core import access
from fazhi.core.calendar.models import Clock, ClockState
from fazhi.core.models import RoleCode
from fazhi.core.workflow import deadlines, registry
from fazhi.web import registry as pages
from fazhi.web.dashboard_sources import DashboardItem, register_dashboard_source

KIND = "待确认日历"


def _held(today: dt.date):
    """(step label, queryset of held-back records, clock code) for every declared deadline step."""
    for procedure in registry.all_procedures():
        for step in procedure.deadline_steps:
            label = step.label or procedure.transition(step.transition).label
            yield label, deadlines.held_back(procedure, step, today), step.clock


def _due_dates(records, clock: str) -> dict[int, dt.date]:
    if not records:
        return {}
    rows = Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(type(records[0])),
        subject_id__in=[r.pk for r in records],
        code=clock,
        state=ClockState.RUNNING,
    ).values_list("subject_id", "due_date")
    return dict(rows)


@register_dashboard_source
def held_back_steps(user, today: dt.date) -> list[DashboardItem]:
    items: list[DashboardItem] = []
    administrator = RoleCode.SYSADMIN in (getattr(user, "roles", None) or [])
    blocked_years: dict[int, int] = {}
    for label, records, clock in _held(today):
        if administrator:
            for due in _due_dates(list(records.only("pk")), clock).values():
                blocked_years[due.year] = blocked_years.get(due.year, 0) + 1
            continue
        mine = list(access.visible(user, records)[:50])
        spec = pages.for_model(records.model)
        for record, due in sorted(_due_dates(mine, clock).items(), key=lambda kv: kv[1]):
            found = next(r for r in mine if r.pk == record)
            items.append(
                DashboardItem(
                    title=f"{found}：{label}待日历确认",
                    url=spec.detail_url(found) if spec is not None else "",
                    due_date=due,
                    kind_label=KIND,
                    overdue=True,
                    note=(
                        f"期限已于{due.isoformat()}届满，但{due.year}年工作日历尚未确认；系统管理员确认该年度"
                        f"放假安排后，系统自动{label}，日期按确认后的日历计算。"
                    ),
                )
            )
    for year, count in sorted(blocked_years.items()):
        items.append(
            DashboardItem(
                title=f"{year}年工作日历未确认：{count}件事项的自动办理暂停",
                url=reverse("admin:calendar_calendaryear_changelist"),
                due_date=today,
                kind_label=KIND,
                overdue=True,
                note=f"请按国务院办公厅公布的{year}年放假安排录入节假日（或运行 fazhi calendar sync），然后确认该年度。",
            )
        )
    return items
