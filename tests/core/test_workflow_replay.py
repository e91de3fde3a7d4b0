"""Replaying a matter's past through the procedure (fazhi.core.workflow.replay)."""

import datetime as dt

import pytest

from fazhi.core.audit.models import AuditEvent
from fazhi.core.calendar import services as clocks
from fazhi.core.calendar.models import Clock, ClockEntry, ClockState, EntryKind
from fazhi.core.workflow import engine, replay
from fazhi.core.workflow.models import TransitionLog
from tests import factories
from tests.sampleapp.models import SampleMatter

D = dt.date
TODAY = D(2026, 9, 28)


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_justice"], roles=("officer", "reviewer"))


def _new(tree, **kw):
    org = tree["east_justice"]
    return SampleMatter(title="历史案件", applicant="张三", organisation=org, region_code=org.region_id, **kw)


def _log(matter):
    return list(
        TransitionLog.objects.filter(subject_id=matter.pk)
        .order_by("id")
        .values_list("transition", "from_status", "to_status", "legal_date")
    )


def test_a_valid_history_is_written_as_the_engine_would(tree, officer):
    steps = [
        ("register", D(2026, 1, 5)),
        ("accept", D(2026, 1, 7)),
        ("decide", D(2026, 2, 10), {"outcome": "uphold"}),
    ]
    [matter] = replay.replay_many(
        SampleMatter, [replay.History(_new(tree), steps)], actor=officer, source="测试导入", today=TODAY
    )
    matter = SampleMatter.objects.get(pk=matter.pk)
    assert matter.status == "decided"
    assert _log(matter) == [
        ("register", "received", "received", D(2026, 1, 5)),
        ("accept", "received", "accepted", D(2026, 1, 7)),
        ("decide", "accepted", "decided", D(2026, 2, 10)),
    ]
    decide = TransitionLog.objects.get(subject_id=matter.pk, transition="decide")
    assert decide.data == {"outcome": "uphold"} and decide.actor == officer
    assert decide.article == "《行政复议法》第六十二条"
    # both clocks stopped on the steps' dates, in time
    states = {c.code: (c.state, c.stopped_on, c.met) for c in clocks.clocks_for(matter)}
    assert states == {
        "acceptance_review": (ClockState.STOPPED, D(2026, 1, 7), True),
        "decision": (ClockState.STOPPED, D(2026, 2, 10), True),
    }
    event = AuditEvent.objects.get(action="workflow.replay")
    assert event.detail["source"] == "测试导入" and event.detail["steps"] == 3


def test_a_step_not_allowed_from_the_state_reached_gets_the_fillable_steps_before_it(tree, officer):
    # 作出决定 straight after 登记: 受理 (no inputs) is inserted, dated with the decision's date
    steps = [("register", D(2026, 1, 5)), ("decide", D(2026, 1, 20), {"outcome": "revoke"})]
    matter = replay.replay(_new(tree), steps, actor=officer, source="测试")
    assert _log(matter) == [
        ("register", "received", "received", D(2026, 1, 5)),
        ("accept", "received", "accepted", D(2026, 1, 20)),
        ("decide", "accepted", "decided", D(2026, 1, 20)),
    ]
    inserted = TransitionLog.objects.get(subject_id=matter.pk, transition="accept")
    assert inserted.label == "受理（推定）"


def test_an_impossible_history_is_refused_naming_the_step_and_nothing_is_written(tree, officer):
    steps = [("register", D(2026, 1, 5)), ("reject", D(2026, 1, 6)), ("accept", D(2026, 1, 7))]
    with pytest.raises(replay.HistoryRefused) as caught:
        replay.replay_many(
            SampleMatter,
            [replay.History(_new(tree), [("register", D(2026, 1, 5))]), replay.History(_new(tree), steps)],
            actor=officer,
            source="测试",
        )
    assert caught.value.step == 3 and caught.value.index == 1
    assert "第3步“受理”" in caught.value.message and "“不予受理”状态" in caught.value.message
    assert not SampleMatter.objects.exists()
    assert not TransitionLog.objects.exists() and not Clock.objects.exists()


def test_dates_may_not_go_backwards_nor_into_the_future(tree, officer):
    with pytest.raises(
        replay.HistoryRefused, match="第2步“受理”的日期（2026年1月4日）早于上一环节“登记收件”"
    ):
        replay.plan(SampleMatter().procedure, [("register", D(2026, 1, 5)), ("accept", D(2026, 1, 4))])
    with pytest.raises(replay.HistoryRefused, match="晚于今天"):
        replay.plan(SampleMatter().procedure, [("register", TODAY + dt.timedelta(days=1))], today=TODAY)


def test_bad_inputs_are_refused_like_the_engine_refuses_them(tree, officer):
    with pytest.raises(replay.HistoryRefused, match="第2步“作出决定”：“决定类型”的取值不在可选范围内"):
        replay.plan(
            SampleMatter().procedure,
            [("register", D(2026, 1, 5)), ("decide", D(2026, 1, 9), {"outcome": "x"})],
        )


def test_late_decision_is_overdue_and_an_open_record_keeps_its_running_clock(tree, officer):
    late = [
        ("register", D(2026, 1, 5)),
        ("accept", D(2026, 1, 5)),
        ("decide", D(2026, 4, 30), {"outcome": "uphold"}),
    ]
    open_ = [("register", D(2026, 9, 1)), ("accept", D(2026, 9, 2))]
    late_m, open_m = replay.replay_many(
        SampleMatter,
        [replay.History(_new(tree), late), replay.History(_new(tree), open_)],
        actor=officer,
        source="测试",
        today=TODAY,
    )
    decision = clocks.clocks_for(late_m).get(code="decision")
    assert decision.met is False and decision.due_date == D(2026, 3, 6)
    running = clocks.clocks_for(open_m).get(code="decision")
    assert running.state == ClockState.RUNNING and running.due_date == D(2026, 11, 2)
    assert "受理" in running.explanation


def test_suspension_and_extension_are_replayed_into_the_ledger(tree, officer):
    approver = factories.user(tree["east_justice"], roles=("leader",))
    steps = [
        ("register", D(2026, 3, 2)),
        ("accept", D(2026, 3, 2)),
        ("suspend", D(2026, 3, 10), {"reason": "等待鉴定"}),
        ("resume", D(2026, 3, 20)),
        ("extend", D(2026, 4, 1), {"days": 30, "reason": "案情复杂", "approver": approver}),
    ]
    matter = replay.replay(_new(tree), steps, actor=officer, source="测试")
    clock = clocks.clocks_for(matter).get(code="decision")
    kinds = list(ClockEntry.objects.filter(clock=clock).order_by("id").values_list("kind", "date"))
    assert kinds == [
        (EntryKind.SUSPEND, D(2026, 3, 10)),
        (EntryKind.RESUME, D(2026, 3, 20)),
        (EntryKind.EXTEND, D(2026, 4, 1)),
    ]
    # 60 日 from 3-2, + 10 days suspended, + 30 days extension
    fresh = clocks.recompute(Clock.objects.get(pk=clock.pk), save=False)
    assert clock.due_date == fresh.due_date == clocks.due_date(D(2026, 3, 2), 100, "day").due
    # the live engine continues from there: a step before the last replayed date is refused
    with pytest.raises(engine.MissingInput, match="不能早于上一办理环节"):
        engine.perform(matter, "suspend", actor=officer, data={"reason": "再次中止"}, today=D(2026, 3, 31))


def test_an_extension_beyond_the_cap_is_refused_with_the_step(tree, officer):
    approver = factories.user(tree["east_justice"], roles=("leader",))
    steps = [  # 受理 is inferred before the extension: the refused step is still the 2nd given
        ("register", D(2026, 3, 2)),
        ("extend", D(2026, 4, 1), {"days": 40, "reason": "案情复杂", "approver": approver}),
    ]
    with pytest.raises(replay.HistoryRefused, match="第2步“延期”：作出决定期限最多延长30日"):
        replay.replay(_new(tree), steps, actor=officer, source="测试")
    assert not SampleMatter.objects.exists()


def test_until_leads_an_open_history_on_to_the_status_it_must_end_in(tree, officer):
    matter = replay.replay(
        _new(tree, status="accepted"), [("register", D(2026, 1, 5))], actor=officer, source="测试"
    )
    assert matter.status == "accepted"
    assert _log(matter)[-1] == ("accept", "received", "accepted", D(2026, 1, 5))


def test_a_saved_record_in_its_initial_state_is_replayed_once(tree, officer):
    matter = engine.create(
        SampleMatter, actor=officer, title="补录", applicant="李四", organisation=tree["east_justice"]
    )
    replay.replay(
        matter, [("register", D(2026, 1, 5)), ("accept", D(2026, 1, 6))], actor=officer, source="补录"
    )
    assert SampleMatter.objects.get(pk=matter.pk).status == "accepted"
    with pytest.raises(replay.HistoryRefused, match="已有办理经过"):
        replay.replay(matter, [("register", D(2026, 1, 5))], actor=officer, source="补录")


def test_a_history_needs_someone_who_took_the_steps(tree):
    with pytest.raises(replay.HistoryRefused, match="须指明操作人"):
        replay.replay(_new(tree), [("register", D(2026, 1, 5))], actor=None, source="测试")
