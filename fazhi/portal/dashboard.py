"""待办: online applications waiting to be registered, due by the period the domain declares from
receipt (行政复议: 5 个工作日, 《行政复议法》第三十条), which runs whether or not staff have registered."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from fazhi.core import access
from fazhi.portal import intake as intakes
from fazhi.portal import staff  # noqa: F401  (the 网上收件 section of the staff navigation)
from fazhi.portal.models import IntakeStatus, OnlineApplication
from fazhi.web.dashboard_sources import DashboardItem, register_dashboard_source


@register_dashboard_source
def online_applications(user, today: dt.date) -> list[DashboardItem]:
    items = []
    for portal in intakes.portals():
        if not intakes.may_handle(user, portal):
            continue
        waiting = access.visible(user, OnlineApplication).filter(
            scope=portal.scope, status=IntakeStatus.PENDING
        )
        for intake in waiting.select_related("organisation").order_by("received_at", "id")[:200]:
            due = intakes.review_due(portal, intake) or intakes.received_on(intake)
            items.append(
                DashboardItem(
                    title=f"{portal.title}网上申请 {intake.receipt_number} 待登记",
                    url=reverse("web:online-applications") + f"#intake-{intake.pk}",
                    due_date=due,
                    kind_label="网上申请待登记",
                    overdue=due < today,
                    note=f"{intake.organisation.name}收到",
                    article=(portal.application.review_period or (0, "", ""))[2],
                )
            )
    return items
