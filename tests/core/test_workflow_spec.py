"""A procedure declaration is checked when it is built, before any record follows it."""

import datetime as dt

import pytest

from fazhi.core.workflow import registry
from fazhi.core.workflow.spec import (
    STAY,
    Approval,
    ClockSpec,
    Field,
    Procedure,
    State,
    Transition,
    on_date,
    suspensions,
)

CLOCK = ClockSpec("decision", "作出决定期限", 60, "day", "《行政复议法》第六十二条")
STATES = (State("open", "办理中"), State("closed", "已办结", terminal=True))


def build(transitions, states=STATES, initial="open"):
    return Procedure(
        name="t",
        label="测试程序",
        model="sampleapp.SampleMatter",
        states=states,
        transitions=transitions,
        initial=initial,
    )


def test_a_sound_declaration_builds_and_knows_its_shortest_paths():
    p = build((Transition("close", "办结", ("open",), "closed", start_clocks=(CLOCK,)),))
    assert [t.name for t in p.paths()["closed"]] == ["close"]
    assert p.clock_specs() == {"decision": CLOCK}


def test_a_step_recorded_in_several_states_stays_in_the_one_it_was_taken_from():
    """``STAY``: one declaration for a step taken anywhere in a stretch of states (停止执行 during
    the whole review) — the record stays where it was, and the shortest paths ignore it."""
    states = (State("open", "办理中"), State("paused", "中止"), State("closed", "已办结", terminal=True))
    note = Transition("note", "登记情况", ("open", "paused"), STAY)
    p = build(
        (
            Transition("pause", "中止", ("open",), "paused"),
            Transition("close", "办结", ("open", "paused"), "closed"),
            note,
        ),
        states=states,
    )
    assert (note.target_from("open"), note.target_from("paused")) == ("open", "paused")
    assert [t.name for t in p.paths()["paused"]] == ["pause"]
    assert "note" not in [t.name for path in p.paths().values() for t in path]


def test_undeclared_state_is_refused():
    with pytest.raises(ValueError, match="transition 'close' uses undeclared state 'archived'"):
        build((Transition("close", "办结", ("open",), "archived"),))


def test_undeclared_initial_state_is_refused():
    with pytest.raises(ValueError, match="initial state 'draft' is not declared"):
        build((Transition("close", "办结", ("open",), "closed"),), initial="draft")


def test_transition_out_of_a_terminal_state_is_refused():
    with pytest.raises(ValueError, match="transition 'reopen' leaves terminal state 'closed'"):
        build(
            (
                Transition("close", "办结", ("open",), "closed"),
                Transition("reopen", "重新办理", ("closed",), "open"),
            )
        )


def test_clock_used_but_never_started_is_refused():
    with pytest.raises(
        ValueError, match="transition 'close' uses clock 'decision' that no transition starts"
    ):
        build((Transition("close", "办结", ("open",), "closed", stop_clocks=("decision",)),))


def test_clock_without_an_article_or_with_an_unknown_unit_is_refused():
    bad = ClockSpec("decision", "作出决定期限", 60, "week", "")
    with pytest.raises(ValueError) as excinfo:
        build((Transition("close", "办结", ("open",), "closed", start_clocks=(bad,)),))
    assert "unknown unit 'week'" in str(excinfo.value) and "cites no statute article" in str(excinfo.value)


def test_unreachable_state_and_dead_end_are_refused():
    states = (*STATES, State("lost", "无法到达"), State("stuck", "停滞"))
    with pytest.raises(ValueError) as excinfo:
        build(
            (
                Transition("close", "办结", ("open",), "closed"),
                Transition("park", "搁置", ("open",), "stuck"),
            ),
            states=states,
        )
    message = str(excinfo.value)
    assert "state 'lost' cannot be reached" in message
    assert "state 'stuck' is not terminal but no transition leaves it" in message


def test_field_mistakes_are_refused():
    fields = (Field("on", "日期", "text"), Field("kind", "类型", "choice"), Field("kind", "类型"))
    with pytest.raises(ValueError) as excinfo:
        build((Transition("close", "办结", ("open",), "closed", fields=fields, date_field="on"),))
    message = str(excinfo.value)
    assert "duplicate field names" in message
    assert "choice field 'kind' has no choices" in message
    assert "date_field 'on' is not a date field" in message


def test_administrator_roles_cannot_take_transitions():
    with pytest.raises(ValueError, match="unknown or administrator roles \\['sysadmin'\\]"):
        build((Transition("close", "办结", ("open",), "closed", roles=("sysadmin",)),))


def test_extension_needs_days_approver_and_reason():
    with pytest.raises(ValueError, match="extends a clock but lacks days/approver/reason fields"):
        build(
            (
                Transition("accept", "受理", ("open",), "open", start_clocks=(CLOCK,)),
                Transition("extend", "延期", ("open",), "open", extend_clock="decision"),
                Transition("close", "办结", ("open",), "closed"),
            )
        )


EXTEND_FIELDS = (Field("days", "天数", "int"), Field("reason", "理由"), Field("approver", "批准人", "user"))


def test_an_extension_of_a_statutory_period_declares_who_must_approve_it():
    # docs/security.md 34: a second person holding the role the law names confirms every extension.
    with pytest.raises(ValueError, match="extends a statutory period without declaring its approval"):
        build(
            (
                Transition("accept", "受理", ("open",), "open", start_clocks=(CLOCK,)),
                Transition(
                    "extend", "延期", ("open",), "open", fields=EXTEND_FIELDS, extend_clock="decision"
                ),
                Transition("close", "办结", ("open",), "closed"),
            )
        )
    with pytest.raises(ValueError, match="approval names no role or an administrator role"):
        build(
            (
                Transition("accept", "受理", ("open",), "open", start_clocks=(CLOCK,)),
                Transition(
                    "extend",
                    "延期",
                    ("open",),
                    "open",
                    fields=EXTEND_FIELDS,
                    extend_clock="decision",
                    approval=Approval(roles=("secadmin",), authority="负责人"),
                ),
                Transition("close", "办结", ("open",), "closed"),
            )
        )


def test_registering_a_second_procedure_under_the_same_name_is_refused():
    sample = registry.get("sampleapp")
    twin = Procedure(
        name="sampleapp",
        label=sample.label,
        model=sample.model,
        states=sample.states,
        transitions=sample.transitions,
        initial=sample.initial,
    )
    with pytest.raises(ValueError, match="重复声明"):
        registry.register(twin)
    assert registry.get("sampleapp") is sample


def test_unknown_procedure_is_named_in_chinese():
    with pytest.raises(LookupError, match="没有名为“nope”的办理程序。可用：.*sample"):
        registry.get("nope")


def test_a_step_copies_only_inputs_it_has():
    with pytest.raises(
        ValueError, match="transition 'close' copies 'outcome' onto 'result' but has no such field"
    ):
        build((Transition("close", "办结", ("open",), "closed", copies={"result": "outcome"}),))
    build(
        (
            Transition(
                "close",
                "办结",
                ("open",),
                "closed",
                fields=(Field("outcome", "结果"),),
                copies={"result": "outcome"},
            ),
        )
    )


def test_on_date_makes_the_legal_date_the_steps_only_input():
    step = Transition(
        "send_copy", "发送副本", ("accepted",), "answering", **on_date("sent_on", "收到副本日期")
    )
    assert step.date_field == "sent_on"
    assert [(f.name, f.label, f.kind, f.required) for f in step.fields] == [
        ("sent_on", "收到副本日期", "date", True)
    ]


def test_suspensions_return_each_record_to_the_step_it_was_suspended_at():
    made = []

    def make(*args, **kw):
        made.append(args[0])
        return Transition(*args, **kw, article="第三十九条")

    steps = suspensions(
        (("open", "paused_open", "suspend_open", "resume_open"), ("checking", "paused", "suspend", "resume")),
        label="中止",
        fields=(Field("suspended_on", "中止日期", "date"),),
        date_field="suspended_on",
        resume_label="恢复",
        resume_fields=(Field("resumed_on", "恢复日期", "date"),),
        resume_date_field="resumed_on",
        clocks=("decision",),
        make=make,
    )
    assert made == ["suspend_open", "suspend", "resume_open", "resume"]
    assert [(t.name, t.label, t.sources, t.target) for t in steps] == [
        ("suspend_open", "中止", ("open",), "paused_open"),
        ("suspend", "中止", ("checking",), "paused"),
        ("resume_open", "恢复", ("paused_open",), "open"),
        ("resume", "恢复", ("paused",), "checking"),
    ]
    suspend, resume = steps[0], steps[2]
    assert (suspend.date_field, suspend.suspend_clocks, suspend.resume_clocks, suspend.style) == (
        "suspended_on",
        ("decision",),
        (),
        "secondary",
    )
    assert (resume.date_field, resume.resume_clocks, resume.suspend_clocks, resume.style) == (
        "resumed_on",
        ("decision",),
        (),
        "primary",
    )
    assert resume.article == "第三十九条"
    states = (
        State("open", "办理中"),
        State("checking", "审查中"),
        State("paused_open", "中止（办理中）"),
        State("paused", "中止（审查中）"),
        State("closed", "已办结", terminal=True),
    )
    start = Transition("check", "审查", ("open",), "checking", start_clocks=(CLOCK,))
    close = Transition("close", "办结", ("checking",), "closed", stop_clocks=("decision",))
    build((start, *steps, close), states=states)  # a sound procedure


def test_a_choice_field_takes_a_models_text_choices():
    from django.db import models

    class Ground(models.TextChoices):
        DEATH = "death", "申请人死亡"
        OTHER = "other", "其他情形"

    field = Field("ground", "中止事由", "choice", choices=Ground)
    assert field.choices == (("death", "申请人死亡"), ("other", "其他情形"))
    assert Field("x", "标签", "choice", choices=(("a", "甲"),)).choices == (("a", "甲"),)


def test_a_clock_may_start_from_a_date_the_record_holds():
    from types import SimpleNamespace

    day, noted = dt.date(2026, 3, 9), dt.date(2026, 3, 12)
    by_name = ClockSpec("decision", "作出决定期限", 60, "day", "第六十二条", start_for="accepted_on")
    by_function = ClockSpec(
        "decision", "作出决定期限", 60, "day", "第六十二条", start_for=lambda r: r.accepted_on
    )
    for spec in (by_name, by_function):
        assert spec.start_of(SimpleNamespace(accepted_on=day), noted) == day
        assert spec.start_of(SimpleNamespace(accepted_on=None), noted) == noted  # no date: the step's
    assert CLOCK.start_of(SimpleNamespace(accepted_on=day), noted) == noted


def test_a_clock_may_start_from_the_latest_of_several_dates():
    """A period of the same length for every party, each from its own service (《行政诉讼法》第八十五条:
    上诉期): it has run for all once it has from the last service."""
    from types import SimpleNamespace

    spec = ClockSpec("appeal", "上诉期限", 15, "day", "第八十五条", start_for=("served_on", "last_served_on"))
    own, last, noted = dt.date(2026, 3, 2), dt.date(2026, 3, 6), dt.date(2026, 3, 9)
    assert spec.start_of(SimpleNamespace(served_on=own, last_served_on=last), noted) == last
    assert spec.start_of(SimpleNamespace(served_on=last, last_served_on=own), noted) == last
    assert spec.start_of(SimpleNamespace(served_on=own, last_served_on=None), noted) == own
    assert spec.start_of(SimpleNamespace(served_on=None, last_served_on=None), noted) == noted
