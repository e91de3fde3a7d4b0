"""Declaration helpers of fazhi.core.workflow.spec: a period running to a date the record holds, else
the law's own (``period_to``: the 整改回复期限 a 司法建议书 sets, or 2 个月); a procedure's open
states (``Procedure.open_states``)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from fazhi.core.workflow.spec import ClockSpec, Procedure, State, Transition, period_to

RECEIVED = dt.date(2026, 3, 2)
REPLY = ClockSpec(
    code="reply",
    label="整改回复期限",
    article="第十九条",
    **period_to("deadline", "received_on", 2, "month", applies=lambda r: r.judicial),
)


def rec(deadline, judicial=True):
    return SimpleNamespace(received_on=RECEIVED, deadline=deadline, judicial=judicial)


def test_the_date_the_record_holds_sets_the_period_in_days():
    record = rec(RECEIVED + dt.timedelta(days=45))
    assert (REPLY.length_of(record), REPLY.unit_of(record)) == (45, "day")


def test_else_the_declared_length_and_unit():
    assert (REPLY.length, REPLY.unit) == (2, "month")
    for record in (
        rec(None),  # no date set
        rec(RECEIVED),  # not after the start: sets no period
        rec(RECEIVED - dt.timedelta(days=3)),
        rec(RECEIVED + dt.timedelta(days=45), judicial=False),  # where it does not apply
        SimpleNamespace(received_on=None, deadline=RECEIVED, judicial=True),
    ):
        assert (REPLY.length_of(record), REPLY.unit_of(record)) == (2, "month")


def test_open_states_are_the_states_not_terminal_in_declaration_order():
    procedure = Procedure(
        name="spec_helpers_probe",
        label="示例",
        model="sampleapp.SampleMatter",
        initial="received",
        states=(State("received", "已收件", "grey"), State("closed", "已办结", "green", terminal=True)),
        transitions=(Transition("close", "办结", ("received",), "closed"),),
    )
    assert procedure.open_states == ("received",)
