"""待办 of 行政执法's registers: certificates about to end or already ended while their holder is
still in post (《行政处罚法》第四十二条: only certified officers enforce), and, in the year's last two
months, officers short of the year's training hours — one item per enforcement body, linking to its
officers so filtered."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse

from fazhi.core import access
from fazhi.enforcement.models import DEFAULT_TRAINING_HOURS, EnforcementOfficer
from fazhi.enforcement.views import EXPIRY_NOTICE, expired, expiring, in_post
from fazhi.web.dashboard_sources import DashboardItem, register_dashboard_source

ARTICLE = "《行政处罚法》第四十二条"
TRAINING_FROM_MONTH = 11  # the reminder shows from November on


def training_hours() -> int:
    return int(getattr(settings, "FAZHI_ENFORCEMENT_TRAINING_HOURS", DEFAULT_TRAINING_HOURS))


def _url(organisation_id: int, **params) -> str:
    query = urlencode({"organisation": organisation_id, **params})
    return f"{reverse('web:list', args=['enforcement-officers'])}?{query}"


@register_dashboard_source
def certificates(user, today: dt.date) -> list[DashboardItem]:
    officers = access.visible(user, EnforcementOfficer)
    rows = (
        officers.filter(expiring(today) | expired(today))
        .values("organisation_id", "organisation__name")
        .annotate(
            ending=Count("pk", filter=Q(valid_until__gte=today)),
            ended=Count("pk", filter=Q(valid_until__lt=today)),
            first_ended=Min("valid_until", filter=Q(valid_until__lt=today)),
            first_ending=Min("valid_until", filter=Q(valid_until__gte=today)),
        )
        .order_by("organisation_id")
    )
    items = []
    for row in rows:
        name = row["organisation__name"]
        if row["ended"]:
            items.append(
                DashboardItem(
                    title=f"{name}：{row['ended']}名执法人员证件已过期仍在岗",
                    url=_url(row["organisation_id"], certificate="expired"),
                    due_date=row["first_ended"],
                    kind_label="执法证件过期",
                    overdue=True,
                    note="证件过期的人员不得从事行政执法，请办理换证或者调整岗位。",
                    article=ARTICLE,
                )
            )
        if row["ending"]:
            items.append(
                DashboardItem(
                    title=f"{name}：{row['ending']}名执法人员证件将在{EXPIRY_NOTICE.days}日内到期",
                    url=_url(row["organisation_id"], certificate="expiring"),
                    due_date=row["first_ending"],
                    kind_label="执法证件到期",
                    note="请提前办理证件换发。",
                    article=ARTICLE,
                )
            )
    return items


@register_dashboard_source
def training(user, today: dt.date) -> list[DashboardItem]:
    if today.month < TRAINING_FROM_MONTH:
        return []
    needed = training_hours()
    short = (
        access.visible(user, EnforcementOfficer)
        .filter(in_post(today), ~Q(certificate_number=""))
        .filter(Q(training_year__isnull=True) | ~Q(training_year=today.year) | Q(training_hours__lt=needed))
        .values("organisation_id", "organisation__name")
        .annotate(n=Count("pk"))
        .order_by("organisation_id")
    )
    end = dt.date(today.year, 12, 31)
    return [
        DashboardItem(
            title=f"{row['organisation__name']}：{row['n']}名执法人员本年度培训不足{needed}学时",
            url=_url(row["organisation_id"]),
            due_date=end,
            kind_label="执法培训学时",
            note=f"行政执法人员每年参加培训不少于{needed}学时。",
        )
        for row in short
    ]


from fazhi.enforcement import dashboard_review as _review  # noqa: E402,F401  (整改通知)
