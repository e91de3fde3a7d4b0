"""Named reads of 行政复议 cases, always through the user's data scope (``fazhi.core.access``)."""

from __future__ import annotations

import datetime as dt

from django.db import models

from fazhi.core import access
from fazhi.core.calendar.models import Clock, ClockState
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reconsideration.workflow import OPEN_STATES  # noqa: E402  (one list, kept with the procedure)


def reconsideration_case_list(*, user, status: str | None = None) -> models.QuerySet:
    qs = access.visible(user, ReconsiderationCase).select_related("organisation")
    if status:
        qs = qs.filter(status=status)
    return qs


def reconsideration_case_open(*, user) -> models.QuerySet:
    """Cases still being handled (not concluded, rejected, abandoned or archived)."""
    return reconsideration_case_list(user=user).filter(status__in=OPEN_STATES)


def reconsideration_case_due_within(*, user, days: int, today: dt.date) -> models.QuerySet:
    """Open cases with a running statutory clock due within ``days`` days of ``today`` (待办)."""
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(ReconsiderationCase)
    due = Clock.objects.filter(
        subject_type=ct,
        state=ClockState.RUNNING,
        due_date__lte=today + dt.timedelta(days=days),
    ).values("subject_id")
    return reconsideration_case_open(user=user).filter(pk__in=due)
