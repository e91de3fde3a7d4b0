"""A step that moves a clock on a date other than its own (``Transition.clock_dates``): a notice is
dated the day it is sent, but the period it opens runs from the day it is served; a mailed reply
stops its period on the day it was posted (《民事诉讼法》第八十五条第三款: 期满前交邮的，不算过期;
《行政复议法》第八十八条第一款 applies it to 行政复议)."""

import datetime as dt

import pytest

from fazhi.core.calendar import services as calendar
from fazhi.core.calendar.models import ClockState
from fazhi.core.workflow import engine
from fazhi.core.workflow.spec import ClockSpec, Field, Procedure, State, Transition
from tests import factories
from tests.sampleapp.models import SampleMatter

D = dt.date
REPLY = ClockSpec("reply", "答复期限", 10, "workday", article="《行政复议法》第四十八条")

SEND = Transition(
    "send",
    "发送副本",
    ("new",),
    "open",
    fields=(Field("sent_on", "发出日期", "date"), Field("received_on", "收到日期", "date", required=False)),
    date_field="sent_on",
    start_clocks=(REPLY,),
    clock_dates={"reply": "received_on"},
)
ANSWER = Transition(
    "answer",
    "登记答复",
    ("open",),
    "closed",
    fields=(
        Field("answered_on", "收到答复日期", "date"),
        Field("posted_on", "交邮日期", "date", required=False),
    ),
    date_field="answered_on",
    stop_clocks=("reply",),
    clock_dates={"reply": "posted_on"},
)


def _procedure(*transitions: Transition) -> Procedure:
    return Procedure(
        name="x",
        label="测试",
        model="tests.Thing",
        initial="new",
        states=(State("new", "新"), State("open", "办理中"), State("closed", "结束", terminal=True)),
        transitions=transitions,
    )


def test_a_clock_dated_by_an_input_that_is_not_a_date_field_or_a_clock_it_does_not_move_is_refused():
    assert _procedure(SEND, ANSWER)  # well formed
    wrong_field = Transition(
        "send", "发送副本", ("new",), "open", fields=(Field("note", "备注"),), start_clocks=(REPLY,),
        clock_dates={"reply": "note"},
    )  # fmt: skip
    with pytest.raises(
        ValueError, match="dates clock 'reply' by 'note', which is not one of its date fields"
    ):
        _procedure(wrong_field, ANSWER)
    wrong_clock = Transition(
        "send", "发送副本", ("new",), "open", fields=SEND.fields, start_clocks=(REPLY,),
        clock_dates={"decision": "received_on"},
    )  # fmt: skip
    with pytest.raises(ValueError, match="dates clock 'decision' that it does not move"):
        _procedure(wrong_clock, ANSWER)


@pytest.mark.django_db
def test_the_period_runs_from_service_and_stops_on_posting_not_on_the_steps_own_dates(tree):
    """Sent Mon 2026-08-03, served Thu 08-06: 10 个工作日 from service end 08-20 (from sending they
    would end 08-17). An answer posted 08-20 and arriving 08-24 stopped the period in time."""
    org = tree["east_justice"]
    staff = factories.user(org, roles=("officer",))
    matter = engine.create(
        SampleMatter, actor=staff, title="不服罚款决定", applicant="张三", organisation=org
    )
    engine._run_clocks(
        matter, SEND, {"sent_on": D(2026, 8, 3), "received_on": D(2026, 8, 6)}, D(2026, 8, 3), staff
    )
    reply = calendar.latest_clock(matter, "reply")
    assert (reply.start_date, reply.due_date) == (D(2026, 8, 6), D(2026, 8, 20))

    engine._run_clocks(
        matter, ANSWER, {"answered_on": D(2026, 8, 24), "posted_on": D(2026, 8, 20)}, D(2026, 8, 24), staff
    )
    reply.refresh_from_db()
    assert (reply.state, reply.stopped_on, reply.met) == (ClockState.STOPPED, D(2026, 8, 20), True)


@pytest.mark.django_db
def test_without_the_input_the_steps_own_date_moves_the_clock(tree):
    org = tree["east_justice"]
    staff = factories.user(org, roles=("officer",))
    matter = engine.create(
        SampleMatter, actor=staff, title="不服罚款决定", applicant="张三", organisation=org
    )
    engine._run_clocks(matter, SEND, {"sent_on": D(2026, 8, 3), "received_on": None}, D(2026, 8, 3), staff)
    engine._run_clocks(
        matter, ANSWER, {"answered_on": D(2026, 8, 24), "posted_on": None}, D(2026, 8, 24), staff
    )
    reply = calendar.latest_clock(matter, "reply")
    assert (reply.start_date, reply.due_date, reply.stopped_on) == (
        D(2026, 8, 3),
        D(2026, 8, 17),
        D(2026, 8, 24),
    )
    assert reply.met is False
