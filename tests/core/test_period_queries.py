"""Queries indicators build on: records dated within a period (``dates.within``) and records with a
clock, met or overdue (``calendar.has_clock``, the numerator of an 按期办结率)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.calendar import services as calendar
from fazhi.core.dates import within
from fazhi.core.workflow import engine
from tests.sampleapp.models import SampleMatter

pytestmark = pytest.mark.django_db


def test_within_counts_both_ends_of_the_period():
    q = within("created_at__date")(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert dict(q.children) == {
        "created_at__date__gte": dt.date(2026, 1, 1),
        "created_at__date__lte": dt.date(2026, 12, 31),
    }


def test_records_with_a_clock_met_or_overdue(tree):
    org = tree["east_justice"]
    on_time, late, running, none = (
        engine.create(SampleMatter, actor=None, title=title, organisation=org)
        for title in ("甲", "乙", "丙", "丁")
    )
    for matter in (on_time, late, running):
        calendar.start_clock(
            matter,
            code="decision",
            label="作出决定期限",
            start_date=dt.date(2026, 3, 2),
            length=60,
            unit="day",
            article="第六十二条",
        )
    calendar.stop_clock(calendar.latest_clock(on_time, "decision"), date=dt.date(2026, 4, 1))
    calendar.stop_clock(calendar.latest_clock(late, "decision"), date=dt.date(2026, 7, 1))

    def titles(*conditions):
        return sorted(SampleMatter.objects.filter(*conditions).values_list("title", flat=True))

    assert titles(calendar.has_clock(SampleMatter, "decision")) == ["丙", "乙", "甲"]
    assert titles(calendar.has_clock(SampleMatter, "decision", met=True)) == ["甲"]
    assert titles(calendar.has_clock(SampleMatter, "decision", met=False)) == ["乙"]
    assert titles(~calendar.has_clock(SampleMatter, "decision")) == ["丁"]
    assert titles(calendar.has_clock(SampleMatter, "other")) == []


def test_the_first_open_clock_of_codes_in_the_order_given(tree):
    matter = engine.create(SampleMatter, actor=None, title="甲", organisation=tree["east_justice"])
    codes = ("decision", "completion", "acceptance_review")
    assert calendar.first_open_clock(matter, codes) is None

    def start(code):
        return calendar.start_clock(
            matter,
            code=code,
            label=code,
            start_date=dt.date(2026, 3, 2),
            length=5,
            unit="day",
            article="第三十条",
        )

    review = start("acceptance_review")
    assert calendar.first_open_clock(matter, codes) == review
    completion = start("completion")
    assert calendar.first_open_clock(matter, codes) == completion  # earlier in the order given
    calendar.suspend_clock(completion, date=dt.date(2026, 3, 3), reason="补正")
    assert calendar.first_open_clock(matter, codes) == completion  # suspended is still open
    calendar.stop_clock(completion, date=dt.date(2026, 3, 4))
    assert calendar.first_open_clock(matter, codes) == review  # a stopped one is passed over
    calendar.stop_clock(review, date=dt.date(2026, 3, 4))
    assert calendar.first_open_clock(matter, codes) is None
