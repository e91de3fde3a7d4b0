"""What 行政应诉 adds to the 待办 list (discovered by :mod:`fazhi.web.dashboard_sources`):

- hearings within 7 日 that have not been held (开庭提醒): the head of the agency should appear
  (《行政诉讼法》第三条第三款; the 出庭通知书 reaches the head ≥ 3 日 before, SPC 2020 provisions
  art 5), so the reminder comes a week ahead;
- 司法建议 / 检察建议 without a reply whose rectification deadline is near (within the dashboard's
  临期 window) or past.

Both read only through :mod:`fazhi.core.access` (via the litigation selectors).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from fazhi.core.dates import written_date
from fazhi.litigation import selectors
from fazhi.web.dashboard_sources import DashboardItem, register_dashboard_source


@register_dashboard_source
def hearing_reminders(user, today: dt.date) -> list[DashboardItem]:
    items = []
    for h in selectors.hearing_upcoming(user=user, today=today):
        lawsuit = h.lawsuit
        when = written_date(h.hearing_on) + (f" {h.hearing_time:%H:%M}" if h.hearing_time else "")
        where = "，".join(x for x in (lawsuit.court, h.court_room) if x)
        note = f"{when}开庭（{where}）"
        if h.summoned_head:
            note += "；法院已通知负责人出庭"
        items.append(
            DashboardItem(
                title=f"{lawsuit.case_number} 开庭",
                url=reverse("web:detail", args=["lawsuits", lawsuit.pk]) + "#litigation",
                due_date=h.hearing_on,
                kind_label="开庭提醒",
                overdue=False,
                note=note,
                article="《行政诉讼法》第三条第三款",
            )
        )
    return items


@register_dashboard_source
def recommendation_replies(user, today: dt.date) -> list[DashboardItem]:
    from fazhi.web.selectors import due_soon_horizon

    items = []
    for r in selectors.recommendation_due(user=user, until=due_soon_horizon(today)):
        overdue = r.rectification_deadline < today
        label = r.get_kind_display()
        items.append(
            DashboardItem(
                title=f"{label}{('（' + r.document_number + '）') if r.document_number else ''}：{r.issuer}",
                url=reverse("web:detail", args=["judicial-recommendations", r.pk]),
                due_date=r.rectification_deadline,
                kind_label=f"{label}整改回复",
                overdue=overdue,
                note=f"整改回复期限{written_date(r.rectification_deadline)}，尚未回复",
            )
        )
    return items
