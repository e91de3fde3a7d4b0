"""Dates in order (fazhi.core.dates: ``not_before``, ``not_after``, ``check_order``) and the guards
built on them (fazhi.core.workflow.guards: ``not_before``; ``period_over(applies=…)``); records with
a row dated in a period (``dates.exists_within``)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.calendar import services as calendar
from fazhi.core.calendar.models import Clock
from fazhi.core.dates import check_order, exists_within, not_after, not_before
from fazhi.core.workflow import engine, guards
from tests.sampleapp.models import SampleMatter

DAY = dt.date(2026, 3, 2)


def test_a_rule_is_broken_only_when_both_dates_are_given_and_out_of_order():
    rule = not_before("replied_on", "received_on")
    assert rule.broken(DAY - dt.timedelta(days=1), DAY)
    assert not rule.broken(DAY, DAY)
    assert not rule.broken(None, DAY) and not rule.broken(DAY, None)
    assert rule.message("回复日期", "收到日期") == "回复日期不能早于收到日期。"
    later = not_after("remind_on", "hearing_on")
    assert later.broken(DAY + dt.timedelta(days=1), DAY)
    assert not later.broken(DAY, DAY)
    assert later.message("提醒日期", "开庭日期") == "提醒日期不能晚于开庭日期。"


class _Record(SimpleNamespace):
    """A stand-in record with two labelled dates (check_order reads values and verbose names)."""

    class _meta:  # noqa: N801 - the shape of a model's ``_meta``
        labels = {"received_on": "收到日期", "replied_on": "回复日期", "deadline": "整改回复期限"}

        @classmethod
        def get_field(cls, name):
            return SimpleNamespace(verbose_name=cls.labels[name])


def test_check_order_raises_the_first_broken_rule_under_its_field_in_verbose_names():
    rules = (not_before("deadline", "received_on"), not_before("replied_on", "received_on"))
    check_order(_Record(received_on=DAY, deadline=DAY, replied_on=None), *rules)  # nothing broken
    early = DAY - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        check_order(_Record(received_on=DAY, deadline=early, replied_on=early), *rules)
    assert exc.value.message_dict == {"deadline": ["整改回复期限不能早于收到日期。"]}
    with pytest.raises(ValidationError) as exc:
        check_order(_Record(received_on=DAY, deadline=None, replied_on=early), *rules)
    assert exc.value.message_dict == {"replied_on": ["回复日期不能早于收到日期。"]}


def test_a_step_date_before_another_of_its_inputs_is_refused_in_words():
    guard = guards.not_before("served_on", "judged_on", "送达日期（{date}）不能早于裁判日期（{other}）。")
    judged = {"judged_on": DAY}
    assert guard(None, {**judged, "served_on": DAY - dt.timedelta(days=1)}) == (
        "送达日期（2026年3月1日）不能早于裁判日期（2026年3月2日）。"
    )
    assert guard(None, {**judged, "served_on": DAY}) is None
    assert guard(None, judged) is None


@pytest.mark.django_db
def test_period_over_allows_the_step_where_the_record_has_no_such_period(tree):
    matter = engine.create(SampleMatter, actor=None, title="不服判决", organisation=tree["east_justice"])
    calendar.start_clock(
        matter, code="appeal", label="上诉期限", start_date=DAY, length=15, unit="day", article="第八十五条"
    )
    due = calendar.latest_clock(matter, "appeal").due_date

    def guard(appealable):
        return guards.period_over(
            "appeal", "effective_on", early="上诉期至{due}届满。", applies=lambda m: appealable
        )

    assert guard(True)(matter, {"effective_on": due}) == f"上诉期至{due.year}年{due.month}月{due.day}日届满。"
    assert guard(False)(matter, {"effective_on": due}) is None
    assert guard(True)(matter, {"effective_on": due + dt.timedelta(days=1)}) is None


@pytest.mark.django_db
def test_exists_within_finds_the_records_with_a_row_dated_in_the_period(tree):
    org = tree["east_justice"]
    early, inside, other_code, none = (
        engine.create(SampleMatter, actor=None, title=title, organisation=org) for title in "甲乙丙丁"
    )
    for matter, code, day in ((early, "decision", DAY), (inside, "decision", DAY + dt.timedelta(days=40))):
        calendar.start_clock(
            matter, code=code, label="期限", start_date=day, length=60, unit="day", article="第六十二条"
        )
    calendar.start_clock(
        other_code, code="other", label="期限", start_date=DAY, length=5, unit="day", article="第三十条"
    )
    started = exists_within(Clock, "subject_id", "start_date", code="decision")
    found = SampleMatter.objects.filter(started(DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=40)))
    assert list(found) == [inside]
    assert set(SampleMatter.objects.filter(started(DAY, DAY + dt.timedelta(days=40)))) == {early, inside}
