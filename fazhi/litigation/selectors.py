"""Reads for 行政应诉, always through :mod:`fazhi.core.access` (the caller's data scope)."""

from __future__ import annotations

import datetime as dt

from django.db import models

from fazhi.core import access, records
from fazhi.core.calendar import services as calendar
from fazhi.core.dates import within
from fazhi.litigation.models import (
    Hearing,
    JudicialRecommendation,
    Lawsuit,
)


def lawsuit_get(*, user, pk) -> Lawsuit:
    return access.get_visible_or_404(user, Lawsuit, pk=pk)


def hearing_list(*, user, lawsuit: Lawsuit) -> models.QuerySet:
    lawsuit = lawsuit_get(user=user, pk=lawsuit.pk)
    return Hearing.objects.filter(lawsuit=lawsuit).prefetch_related("appearances")


def recommendation_list(*, user, lawsuit: Lawsuit | None = None) -> models.QuerySet:
    qs = access.visible(user, JudicialRecommendation).select_related("organisation", "lawsuit")
    if lawsuit is not None:
        qs = qs.filter(lawsuit=lawsuit).order_by("-received_on", "-id")
    return qs


# --- staff forms and the 待办 list -------------------------------------------------------------

HEARING_REMINDER_DAYS = 7  # hearings this many days ahead appear on the 待办 list


def hearing_upcoming(*, user, today: dt.date, days: int = HEARING_REMINDER_DAYS) -> models.QuerySet:
    """Hearings not yet held, from today to ``days`` days ahead, of lawsuits the user may see."""
    return (
        records.visible(user, Hearing)  # the lawsuit's data scope (Hearing.scope_through)
        .filter(within("hearing_on")(today, today + dt.timedelta(days=days)), held=False)
        .select_related("lawsuit")
        .order_by("hearing_on", "hearing_time", "id")
    )


def recommendation_due(*, user, until: dt.date) -> models.QuerySet:
    """Recommendations without a reply whose rectification deadline falls on or before ``until``
    (so both those near their deadline and those past it) — those without a reply clock, i.e.
    recorded before the reply became a procedure step: a running clock is on the 待办 list already."""
    return (
        recommendation_list(user=user)
        .filter(replied_on__isnull=True)
        .filter(~calendar.has_clock(JudicialRecommendation, "reply"))
        .filter(rectification_deadline__isnull=False, rectification_deadline__lte=until)
        .order_by("rectification_deadline", "id")
    )
