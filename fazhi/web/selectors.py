"""Reads for the staff shell: the 待办 dashboard across every domain in the user's scope."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from fazhi.core import access
from fazhi.core.calendar.models import Clock, ClockState
from fazhi.core.calendar.services import work_calendar


def dashboard(user, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    cal = work_calendar()
    horizon, counted = today, 0
    while counted < settings.FAZHI_DUE_SOON_WORKDAYS:
        horizon += dt.timedelta(days=1)
        if cal.is_workday(horizon):
            counted += 1
    running = access.visible(user, Clock).filter(state=ClockState.RUNNING).select_related("subject_type")
    overdue = running.filter(due_date__lt=today).order_by("due_date")
    due_soon = running.filter(due_date__gte=today, due_date__lte=horizon).order_by("due_date")
    return {
        "today": today,
        "horizon": horizon,
        "overdue": overdue[:100],
        "overdue_count": overdue.count(),
        "due_soon": due_soon[:100],
        "due_soon_count": due_soon.count(),
    }
