"""A history imported with a period that has run out gets the step the law then takes, the day after
the due date (``histories.Row.after_period``); one whose period still runs stays open."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from fazhi.core.calendar import services as calendar
from fazhi.core.excel.histories import Row
from fazhi.core.workflow.spec import ClockSpec

pytestmark = pytest.mark.django_db
APPEAL = ClockSpec(
    "appeal", "上诉期限", 15, "day", "第八十五条", length_for=lambda r: r.days, unit_for=lambda r: r.unit
)


def test_a_period_run_out_adds_the_step_on_the_day_after_its_due_date():
    row = Row(values={}, session=None, record=SimpleNamespace(days=10, unit="day"), until="closed")
    served = dt.date(2022, 6, 15)
    due = calendar.due_date(served, 10, "day").due  # the record's length and unit, not the spec's
    assert row.after_period(APPEAL, served, "take_effect") == due + dt.timedelta(days=1)
    assert row.more_steps == [("take_effect", due + dt.timedelta(days=1), {})]
    assert row.until == "closed"


def test_a_period_still_running_leaves_the_history_open():
    row = Row(values={}, session=None, record=SimpleNamespace(days=15, unit="day"), until="closed")
    assert row.after_period(APPEAL, timezone.localdate(), "take_effect") is None
    assert row.more_steps == [] and row.until is None
