"""Declared guards (fazhi.core.workflow.guards) and the clock look-up they use
(``calendar.latest_clock``)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.calendar import services as calendar
from fazhi.core.workflow import engine
from fazhi.core.workflow.guards import all_of, notice_ahead, period_over, refused_when, within_period
from fazhi.core.workflow.spec import STEP_DATE
from tests.sampleapp.models import SampleMatter

pytestmark = pytest.mark.django_db

ACCEPTED = dt.date(2026, 3, 2)  # a Monday; 60 日 → due 2026-05-01 (劳动节 holiday → 2026-05-06)


@pytest.fixture
def matter(tree):
    return engine.create(SampleMatter, actor=None, title="不服罚款决定", organisation=tree["east_justice"])


def start(matter, code="decision", day=ACCEPTED):
    return calendar.start_clock(
        matter,
        code=code,
        label="作出决定期限",
        start_date=day,
        length=60,
        unit="day",
        article="《行政复议法》第六十二条",
    )


def test_latest_clock_is_the_last_started_and_open_only_skips_stopped_ones(matter):
    assert calendar.latest_clock(matter, "decision") is None
    first = start(matter)
    calendar.stop_clock(first, date=dt.date(2026, 3, 10))
    assert calendar.latest_clock(matter, "decision") == first
    assert calendar.latest_clock(matter, "decision", open_only=True) is None
    second = start(matter, day=dt.date(2026, 3, 11))
    assert calendar.latest_clock(matter, "decision", open_only=True) == second
    assert calendar.latest_clock(matter, "other") is None


def test_a_lapse_step_is_refused_until_the_period_has_run_out(matter):
    clock = start(matter)
    due = calendar.latest_clock(matter, "decision").due_date
    guard = period_over(
        "decision", "noted_on", early="期限至{due}届满，届满前不能认定逾期。", missing="期限未在计算中。"
    )
    assert clock.due_date == due
    written = f"{due.year}年{due.month}月{due.day}日"
    assert guard(matter, {"noted_on": due}) == f"期限至{written}届满，届满前不能认定逾期。"
    assert guard(matter, {"noted_on": due + dt.timedelta(days=1)}) is None
    assert guard(matter, {}) is None  # no date given: the step's own checks ask for it

    calendar.stop_clock(clock, date=dt.date(2026, 3, 20))
    assert guard(matter, {"noted_on": due}) == "期限未在计算中。"
    stopped_counts = period_over("decision", "noted_on", early="至{due}", open_only=False)
    assert stopped_counts(matter, {"noted_on": due}) == f"至{written}"


def test_the_refusal_may_be_written_from_the_record(matter):
    start(matter)
    guard = period_over("decision", "noted_on", early=lambda m, due: f"{m.title}：{due}前不能认定。")
    due = calendar.latest_clock(matter, "decision").due_date
    assert guard(matter, {"noted_on": due}).startswith("不服罚款决定：2026年")
    assert period_over("other", "noted_on", early="{due}")(matter, {"noted_on": due}) is None  # no clock


def test_a_rule_on_the_record_alone_refuses_with_its_reason(matter):
    guard = refused_when(lambda m: not m.simple, "本事项适用普通程序，无需转换。")
    assert guard(matter, {}) == "本事项适用普通程序，无需转换。"
    matter.simple = True
    assert guard(matter, {}) is None


def test_a_notice_must_come_the_declared_days_before_the_event(matter):
    guard = notice_ahead(
        "notified_on",
        "hearing_on",
        5,
        "workday",
        early="{notified}送达通知的，听证日期不得早于{earliest}。",
        out_of_order="听证日期应当晚于通知日期。",
        applies=lambda m: not m.simple,
    )
    notified = dt.date(2026, 9, 28)  # 国庆 10-01 … 10-07 are no workdays; Saturday 10-10 is (调休)
    assert guard(matter, {"notified_on": notified, "hearing_on": notified}) == "听证日期应当晚于通知日期。"
    assert guard(matter, {"notified_on": notified, "hearing_on": dt.date(2026, 10, 8)}) == (
        "2026年9月28日送达通知的，听证日期不得早于2026年10月10日。"
    )
    assert guard(matter, {"notified_on": notified, "hearing_on": dt.date(2026, 10, 10)}) is None
    assert guard(matter, {"notified_on": notified}) is None
    matter.simple = True  # the record's law sets no period: only the order counts
    assert guard(matter, {"notified_on": notified, "hearing_on": dt.date(2026, 9, 29)}) is None


def test_a_step_allowed_only_within_a_period_is_refused_after_its_due_day(matter):
    """不予受理 within the 审查期限 (《行政复议法》第三十条第二款), 延期 before the decision period ends
    (第六十二条): the due day itself is within; the date is the input or the step's own date."""
    clock = start(matter)
    due = clock.due_date
    written = f"{due.year}年{due.month}月{due.day}日"
    typed = within_period("decision", "decided_on", late="期限已于{due}届满。")
    assert typed(matter, {"decided_on": due}) is None
    assert typed(matter, {"decided_on": due + dt.timedelta(days=1)}) == f"期限已于{written}届满。"
    assert typed(matter, {}) is None  # no date given: the step's own checks ask for it
    assert not hasattr(typed, "preview")  # a typed date may lie in the past, inside the period
    own = within_period("decision", late=lambda m, d: f"{m.title}：{d}届满")
    assert own(matter, {STEP_DATE: due}) is None
    assert own(matter, {STEP_DATE: due + dt.timedelta(days=1)}) == f"不服罚款决定：{written}届满"
    # The step's own date is the day it is taken: the button already says so.
    assert own.preview(matter, due) is None
    assert own.preview(matter, due + dt.timedelta(days=1)) == f"不服罚款决定：{written}届满"
    calendar.stop_clock(clock, date=dt.date(2026, 3, 20))
    assert own(matter, {STEP_DATE: due + dt.timedelta(days=1)}) is None  # no running clock
    gone = within_period("decision", late="{due}", missing="期限未在计算中。")
    assert gone(matter, {STEP_DATE: due}) == "期限未在计算中。"


def test_the_period_may_be_chosen_by_the_inputs(matter):
    """Each appellant within its own 上诉期 (《行政诉讼法》第八十五条): the clock named by the inputs."""
    due = start(matter).due_date
    guard = within_period(
        lambda m, data: "decision" if data.get("who") == "defendant" else "other", "on", late="{due}届满"
    )
    late = due + dt.timedelta(days=1)
    assert guard(matter, {"who": "defendant", "on": late}) == f"{due.year}年{due.month}月{due.day}日届满"
    assert guard(matter, {"who": "defendant", "on": due}) is None
    assert guard(matter, {"who": "plaintiff", "on": late}) is None  # no such clock running


def test_previews_refuse_before_any_input_only_what_every_input_would_be_refused_for(matter):
    """A lapse step (视为受理) cannot succeed while today is on or before the due date — the date
    noted is never later than today; a rule on the record alone is judged at once."""
    clock = start(matter)
    due = clock.due_date
    lapse = period_over("decision", "noted_on", early="{due}前不能认定。")
    assert lapse.preview(matter, due) == lapse(matter, {"noted_on": due})
    assert lapse.preview(matter, due + dt.timedelta(days=1)) is None
    rule = refused_when(lambda m: not m.simple, "本事项适用普通程序，无需转换。")
    assert rule.preview(matter, due) == "本事项适用普通程序，无需转换。"

    both = all_of(rule, within_period("decision", "decided_on", late="已届满。"), lapse)
    assert both(matter, {"decided_on": due + dt.timedelta(days=1)}) == "本事项适用普通程序，无需转换。"
    matter.simple = True
    assert both(matter, {"decided_on": due + dt.timedelta(days=1)}) == "已届满。"
    assert both(matter, {"decided_on": due, "noted_on": due + dt.timedelta(days=1)}) is None
    # the typed-date part has no preview; the others have
    assert both.preview(matter, due) == lapse.preview(matter, due)
    assert both.preview(matter, due + dt.timedelta(days=1)) is None
