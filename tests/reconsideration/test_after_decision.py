"""What the 复议机构 records around its decision besides the decision itself: 停止执行 while the case
is heard (2023 《行政复议法》第四十二条), the parties' 阅卷 (第四十七条), and after service the
supervision of compliance (第七十七条: 责令限期履行, 约谈 or 通报批评; the 被申请人 reports how it
complied) and the 抄告 to the respondent's superior department (第七十九条第二款, 2023 text only)."""

import datetime as dt

import pytest

from fazhi.core.workflow import engine
from fazhi.core.workflow.queue import waiting_for
from tests import factories
from tests.reconsideration import factories as rf
from tests.reconsideration.test_mandatory_steps import decide
from tests.reconsideration.test_workflow_rules import reviewing_case

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def staff(tree):
    org = tree["east_justice"]
    return {
        "org": org,
        "officer": factories.user(org, roles=("officer", "reviewer"), username="desk"),
        "market": factories.user(tree["east_market"], roles=("officer",), username="market"),
    }


def _perform(case, actor, step_name, on, **data):
    return engine.perform(case, step_name, actor=actor, data=data, today=on)


def test_execution_stopped_and_files_read_while_the_case_is_heard_art_42_47(staff):
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 9, 1))
    _perform(case, officer, "stop_execution", D(2026, 9, 3), decided_on="2026-09-03", ground="requested",
             reason="申请人申请停止执行，罚没财物一经处置难以恢复")  # fmt: skip
    _perform(case, officer, "record_file_access", D(2026, 9, 4), accessed_on="2026-09-04", by="agent",
             name="李律师", materials="被申请人的书面答复及证据目录（复制）")  # fmt: skip
    history = {log.transition: log for log in engine.history(case)}
    assert history["stop_execution"].article == "《行政复议法》第四十二条"
    assert history["record_file_access"].article == "《行政复议法》第四十七条"
    assert case.status == "reviewing"
    with pytest.raises(engine.NotPermitted):  # the 被申请人 decides nothing about its own act
        _perform(case, staff["market"], "stop_execution", D(2026, 9, 5), decided_on="2026-09-05",
                 ground="respondent", reason="—")  # fmt: skip


def test_execution_may_be_stopped_at_any_time_during_the_review_and_the_case_stays_where_it_was(staff):
    """第四十二条: 行政复议期间 — from acceptance to the decision, suspended or not; the step is
    declared once for that stretch (the kit's ``STAY`` target) and leaves the case in its state,
    answering clock and all. Before acceptance and after the decision it is not offered."""
    from fazhi.core.calendar.models import Clock
    from fazhi.core.workflow.replay import history_problems

    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 9, 1), today=D(2026, 9, 1))
    assert "stop_execution" not in [
        o.transition.name for o in engine.options(case, officer, today=D(2026, 9, 1))
    ]
    _perform(case, officer, "accept", D(2026, 9, 2), accepted_on="2026-09-02")
    _perform(case, officer, "send_copy", D(2026, 9, 3), sent_on="2026-09-03")
    assert case.status == "answering"
    due = Clock.objects.get(subject_id=case.pk, code="answer").due_date
    _perform(case, officer, "stop_execution", D(2026, 9, 4), decided_on="2026-09-04", ground="body",
             reason="罚没财物一经处置难以恢复")  # fmt: skip
    case.refresh_from_db()
    assert case.status == "answering" and Clock.objects.get(subject_id=case.pk, code="answer").due_date == due
    log = engine.history(case).get(transition="stop_execution")
    assert (log.from_status, log.to_status) == ("answering", "answering")
    logs = list(engine.history(case).order_by("id"))
    running = set(Clock.objects.filter(subject_id=case.pk, state="running").values_list("code", flat=True))
    assert history_problems(case.procedure, case.status, logs, running) == []


def test_compliance_is_supervised_and_the_decision_copied_to_the_superior_art_77_79(staff):
    officer, market = staff["officer"], staff["market"]
    case = rf.hear_views(reviewing_case(staff, D(2026, 9, 1)), officer, D(2026, 9, 3))
    decide(case, officer, D(2026, 10, 9), decision_type="revoke", redo_days=30)
    _perform(case, officer, "serve", D(2026, 10, 12), served_on="2026-10-12")
    assert case.status == "served"

    _perform(case, officer, "copy_to_superior", D(2026, 10, 13), copied_on="2026-10-13",
             recipient="东区市场监督管理局的上一级主管部门")  # fmt: skip
    with pytest.raises(engine.GuardFailed, match="履行期限（2026年11月1日）不能早于责令日期"):
        _perform(case, officer, "order_compliance", D(2026, 11, 20), ordered_on="2026-11-20",
                 deadline="2026-11-01", summary="逾期未重新作出")  # fmt: skip
    _perform(case, officer, "order_compliance", D(2026, 11, 20), ordered_on="2026-11-20", deadline="2026-12-04",
             measures="talk", summary="被申请人逾期未重新作出行政行为")  # fmt: skip
    # The 被申请人 reports its compliance itself, and takes nothing else.
    offered = {o.transition.name for o in engine.options(case, market, today=D(2026, 12, 1))}
    assert offered == {"record_compliance"}
    _perform(case, market, "record_compliance", D(2026, 12, 1), complied_on="2026-12-01",
             summary="已重新作出行政处罚决定")  # fmt: skip
    articles = {log.transition: log.article for log in engine.history(case)}
    assert articles["order_compliance"] == articles["record_compliance"] == "《行政复议法》第七十七条"
    assert articles["copy_to_superior"] == "《行政复议法》第七十九条第二款"
    # 待办 of a served case still asks only for 归档, not for each optional step.
    (group,) = [g for g in waiting_for(officer) if g.label == "待归档"]
    assert group.actions == ("归档",)


def test_a_2017_case_has_no_copy_to_the_superior(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2023, 9, 20), today=D(2023, 9, 20))
    for name, on, data in (
        ("accept", D(2023, 9, 20), {"accepted_on": D(2023, 9, 20)}),
        ("send_copy", D(2023, 9, 21), {"sent_on": "2023-09-21"}),
        ("receive_answer", D(2023, 9, 25), {"answered_on": "2023-09-25"}),
    ):
        _perform(case, officer, name, on, **data)
    decide(case, officer, D(2023, 11, 10), decision_type="uphold")
    _perform(case, officer, "serve", D(2023, 11, 13), served_on="2023-11-13")
    with pytest.raises(engine.GuardFailed, match="2017年《行政复议法》没有抄告"):
        _perform(case, officer, "copy_to_superior", D(2023, 11, 14), copied_on="2023-11-14", recipient="某局")
