"""Statutory clocks of 行政复议 on real 2026 dates (holidays and 调休 from the seeded calendar)."""

import datetime as dt

import pytest

from fazhi.core.calendar import services as calendar
from fazhi.core.calendar.models import ClockState
from fazhi.core.workflow import engine
from fazhi.core.workflow.testing import confirm_pending
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def staff(tree):
    org = tree["east_justice"]
    return {
        "org": org,
        "officer": factories.user(org, roles=("officer", "reviewer")),
        "head": factories.user(org, roles=("leader",)),
    }


def clock(case, code):
    return calendar.clocks_for(case).filter(code=code).latest("id")


def step(case, actor, name, today, **data):
    # An extension is asked, then confirmed by the approver it names (docs/security.md 34).
    return confirm_pending(engine.perform(case, name, actor=actor, data=data, today=today), today)


def test_acceptance_review_skips_mid_autumn_and_national_day_but_counts_the_adjusted_saturday(staff):
    # Received Thu 2026-09-24. 5 个工作日 (《行政复议法》第三十条、第八十八条): 09-25 is 中秋 (rest),
    # 09-28/29/30 count, 10-01…10-07 国庆 rest, 10-08 and 10-09 count → due Fri 2026-10-09.
    case = rf.registered(staff["org"], staff["officer"], D(2026, 9, 24))
    review = clock(case, "acceptance_review")
    assert review.due_date == D(2026, 10, 9)
    assert "《行政复议法》第三十条" in review.explanation


def test_completion_restarts_the_acceptance_review_from_receipt_of_the_materials(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 9, 24))
    step(case, officer, "request_completion", D(2026, 9, 28), items="委托书原件", notified_on="2026-09-28")
    review = clock(case, "acceptance_review")
    assert review.state == ClockState.SUSPENDED and review.due_date is None
    # 10 个工作日 from 09-28: 09-29, 09-30, 10-08, 10-09, 10-10 (调休 Saturday, a working day), 10-12 … 10-16.
    assert clock(case, "completion").due_date == D(2026, 10, 16)

    step(case, officer, "complete", D(2026, 10, 12), completed_on="2026-10-12")

    review = clock(case, "acceptance_review")
    assert case.status == "review" and review.state == ClockState.RUNNING
    # A fresh 5 个工作日 from 10-12 (第三十一条): 10-13 … 10-16, 10-19 — not what was left of the old one.
    assert review.due_date == D(2026, 10, 19)
    assert clock(case, "completion").state == ClockState.STOPPED


def test_only_one_completion_notice_and_only_within_five_working_days(staff):
    officer = staff["officer"]
    late = rf.registered(staff["org"], officer, D(2026, 9, 24))
    with pytest.raises(engine.GuardFailed, match="五个工作日内"):
        step(late, officer, "request_completion", D(2026, 10, 12), items="委托书", notified_on="2026-10-12")
    assert late.status == "review"

    case = rf.registered(staff["org"], officer, D(2026, 9, 24))
    step(case, officer, "request_completion", D(2026, 9, 28), items="委托书", notified_on="2026-09-28")
    step(case, officer, "complete", D(2026, 9, 30), completed_on="2026-09-30")
    with pytest.raises(engine.GuardFailed, match="一次性"):
        step(case, officer, "request_completion", D(2026, 9, 30), items="身份证明", notified_on="2026-09-30")


def test_deemed_abandoned_only_after_the_completion_period(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 9, 24))
    step(case, officer, "request_completion", D(2026, 9, 28), items="委托书", notified_on="2026-09-28")
    with pytest.raises(engine.GuardFailed, match="2026年10月16日"):
        step(case, officer, "deem_abandoned", D(2026, 10, 16), noted_on="2026-10-16")
    step(case, officer, "deem_abandoned", D(2026, 10, 19), noted_on="2026-10-19")
    assert case.status == "abandoned"
    assert not calendar.clocks_for(case).exclude(state=ClockState.STOPPED).exists()


def accepted_case(staff, accepted_on, **kw):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, accepted_on - dt.timedelta(days=1), **kw)
    return engine.perform(case, "accept", actor=officer, data={"accepted_on": accepted_on}, today=accepted_on)


def test_decision_period_ending_in_national_day_moves_to_the_next_working_day(staff):
    # 60 日 from 2026-08-03 ends 2026-10-02, inside 国庆; the next working day is 2026-10-08.
    case = accepted_case(staff, D(2026, 8, 3))
    assert clock(case, "decision").due_date == D(2026, 10, 8)
    assert clock(case, "copy").due_date == D(2026, 8, 12)  # 7 个工作日: 08-04 … 08-12


def test_simple_procedure_has_30_days_and_shorter_copy_and_answer_periods(staff):
    case = accepted_case(staff, D(2026, 8, 3), simple_procedure=True, simple_procedure_ground="consent")
    decision = clock(case, "decision")
    assert (decision.length, decision.due_date) == (30, D(2026, 9, 2))
    assert clock(case, "copy").due_date == D(2026, 8, 6)  # 3 个工作日
    step(case, staff["officer"], "send_copy", D(2026, 8, 6), sent_on="2026-08-06")
    assert clock(case, "answer").due_date == D(2026, 8, 13)  # 5 个工作日: 08-07 … 08-13


def test_suspension_time_is_not_counted_in_the_60_days(staff):
    officer = staff["officer"]
    case = accepted_case(staff, D(2026, 6, 1))
    assert clock(case, "decision").due_date == D(2026, 7, 31)
    step(case, officer, "send_copy", D(2026, 6, 2), sent_on="2026-06-02")
    step(case, officer, "receive_answer", D(2026, 6, 10), answered_on="2026-06-10")
    step(case, officer, "suspend", D(2026, 6, 11), ground="depends", suspended_on="2026-06-11")
    assert clock(case, "decision").due_date is None  # no due date while suspended
    step(case, officer, "resume", D(2026, 6, 21), resumed_on="2026-06-21")
    # Ten days suspended (06-11 → 06-21): the decision is now due ten days later, Mon 2026-08-10.
    assert clock(case, "decision").due_date == D(2026, 8, 10)
    assert case.status == "reviewing" and case.suspension_ground == ""


def test_extension_is_capped_at_30_days_and_records_the_approver(staff):
    officer, head = staff["officer"], staff["head"]
    case = accepted_case(staff, D(2026, 6, 1))
    step(case, officer, "send_copy", D(2026, 6, 2), sent_on="2026-06-02")
    step(case, officer, "receive_answer", D(2026, 6, 10), answered_on="2026-06-10")
    step(case, officer, "extend", D(2026, 7, 20), days=20, reason="案情复杂", approver=head.pk)
    assert clock(case, "decision").due_date == D(2026, 8, 20)
    with pytest.raises(engine.GuardFailed, match="最多延长30日") as excinfo:
        step(case, officer, "extend", D(2026, 7, 21), days=11, reason="仍需调查", approver=head.pk)
    assert "已延长20日" in excinfo.value.message
    assert clock(case, "decision").due_date == D(2026, 8, 20)  # the refusal changed nothing
    step(case, officer, "extend", D(2026, 7, 21), days=10, reason="仍需调查", approver=head.pk)
    decision = clock(case, "decision")
    assert decision.due_date == D(2026, 8, 31)  # 08-30 is a Sunday
    assert list(decision.entries.filter(kind="extend").values_list("approver_id", flat=True)) == [head.pk] * 2


def test_simple_procedure_cannot_be_extended(staff):
    officer = staff["officer"]
    case = accepted_case(staff, D(2026, 6, 1), simple_procedure=True, simple_procedure_ground="consent")
    step(case, officer, "send_copy", D(2026, 6, 2), sent_on="2026-06-02")
    step(case, officer, "receive_answer", D(2026, 6, 5), answered_on="2026-06-05")
    with pytest.raises(engine.GuardFailed, match="简易程序"):
        step(case, officer, "extend", D(2026, 6, 20), days=10, reason="复杂", approver=staff["head"].pk)
