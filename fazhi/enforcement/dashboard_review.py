"""待办 of 执法监督: each open 整改通知, for the department it is addressed to (and the 司法局 that
sees it), due on its 整改期限 and overdue after it."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from fazhi.core import access
from fazhi.enforcement.models_review import Rectification
from fazhi.web.dashboard_sources import DashboardItem, register_dashboard_source


@register_dashboard_source
def rectifications(user, today: dt.date) -> list[DashboardItem]:
    open_ = (
        access.visible(user, Rectification)
        .filter(completed_on__isnull=True)
        .select_related("organisation")
        .order_by("deadline", "pk")
    )
    return [
        DashboardItem(
            title=f"{r.organisation.name}：案卷评查整改通知待整改",
            url=reverse("web:detail", args=["enforcement-rectifications", r.pk]),
            due_date=r.deadline,
            kind_label="案卷评查整改",
            overdue=r.deadline < today,
            note="请在整改期限内落实整改，填写整改情况并上传整改材料。",
        )
        for r in open_
    ]
