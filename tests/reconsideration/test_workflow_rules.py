"""The 行政复议 rules added to the procedure: 视为受理 and its sweep, 逾期未答复, 听证 notice,
简易→普通, 中止 returning to its step, 中止满六十日, 2017 articles, 意见书 follow-up."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.calendar import services as calendar
from fazhi.core.calendar.models import ClockState
from fazhi.core.workflow import deadlines, engine
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


def reviewing_case(staff, accepted_on, **kw):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, accepted_on - dt.timedelta(days=1), **kw)
    engine.perform(case, "accept", actor=officer, data={"accepted_on": accepted_on}, today=accepted_on)
    step(case, officer, "send_copy", accepted_on, sent_on=accepted_on.isoformat())
    day = accepted_on + dt.timedelta(days=1)
    return step(case, officer, "receive_answer", day, answered_on=day.isoformat())


# --- 视为受理 ---------------------------------------------------------------------------------------


def test_deemed_accepted_only_after_the_review_lapses_and_from_the_day_it_ended(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 9, 24))  # review due 2026-10-09 (国庆)
    with pytest.raises(engine.GuardFailed, match="2026年10月9日届满"):
        step(case, officer, "deem_accepted", D(2026, 10, 9), noted_on="2026-10-09")
    step(case, officer, "deem_accepted", D(2026, 10, 12), noted_on="2026-10-12")
    assert case.status == "accepted" and case.deemed_accepted
    # 自审查期限届满之日起视为受理（第三十条第三款）: accepted 10-09, not the day it was noticed.
    assert case.accepted_on == D(2026, 10, 9)
    decision = clock(case, "decision")
    assert (decision.start_date, decision.due_date) == (D(2026, 10, 9), D(2026, 12, 8))
    assert clock(case, "acceptance_review").state == ClockState.STOPPED
    log = engine.history(case).get(transition="deem_accepted")
    assert log.article == "《行政复议法》第三十条第三款" and log.legal_date == D(2026, 10, 12)


def test_sweep_deems_every_lapsed_case_accepted_as_a_system_account(staff, tree):
    officer = staff["officer"]
    lapsed = rf.registered(staff["org"], officer, D(2026, 9, 24))  # due 10-09
    fresh = rf.registered(staff["org"], officer, D(2026, 10, 9))  # due 10-16
    west_officer = factories.user(tree["west_justice"], roles=("officer", "reviewer"))
    west = rf.registered(tree["west_justice"], west_officer, D(2026, 9, 24))

    call_command("deadlines", "run", "--date", "2026-10-12")

    for case in (lapsed, fresh, west):
        case.refresh_from_db()
    assert (lapsed.status, west.status, fresh.status) == ("accepted", "accepted", "review")
    log = engine.history(lapsed).get(transition="deem_accepted")
    actor = log.actor
    assert actor.organisation == staff["org"] and actor.roles == ["reviewer"]
    assert not actor.is_superuser and not actor.is_staff and not actor.has_usable_password()
    assert "系统自动处理" in actor.full_name
    assert engine.history(west).get(transition="deem_accepted").actor.organisation == tree["west_justice"]
    # Running it again changes nothing.
    result = deadlines.run(today=D(2026, 10, 12))
    assert (result.done, result.errors) == ([], [])


def test_sweep_command_rejects_a_bad_date(db):
    with pytest.raises(CommandError, match="格式"):
        call_command("reconsideration", "sweep", "--date", "2026-13-01")
    with pytest.raises(CommandError, match="格式"):
        call_command("deadlines", "run", "--date", "2026-13-01")


def test_2017_case_is_deemed_accepted_from_receipt_and_cites_the_2017_text(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2023, 3, 1), today=D(2023, 3, 1))
    review = clock(case, "acceptance_review")
    assert review.article == "《行政复议法》第十七条、第四十条"
    assert engine.history(case).get(transition="register").article == "《行政复议法》第十一条、第十七条"
    step(case, officer, "deem_accepted", D(2023, 3, 20), noted_on="2023-03-20")
    # 2017 法第十七条第二款: 自收到之日起即为受理.
    assert case.accepted_on == D(2023, 3, 1)
    decision = clock(case, "decision")
    # 60 日 from 03-01 ends Sun 2023-04-30, inside 劳动节 (04-29 … 05-03) → 05-04.
    assert (decision.article, decision.due_date) == ("《行政复议法》第三十一条", D(2023, 5, 4))
    log = engine.history(case).get(transition="deem_accepted")
    assert log.article == "《行政复议法》第十七条第二款"


def test_2017_case_cites_2017_articles_on_every_step_and_clock(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2023, 6, 1), today=D(2023, 6, 1))
    engine.perform(case, "accept", actor=officer, data={"accepted_on": D(2023, 6, 2)}, today=D(2023, 6, 2))
    step(case, officer, "send_copy", D(2023, 6, 5), sent_on="2023-06-05")
    # 2017: the 十日 answer period is natural days (第四十条 names only 五日、七日 as 工作日).
    answer = clock(case, "answer")
    assert (answer.unit, answer.due_date, answer.article) == (
        "day",
        D(2023, 6, 15),
        "《行政复议法》第二十三条",
    )
    step(case, officer, "receive_answer", D(2023, 6, 9), answered_on="2023-06-09")
    step(case, officer, "suspend", D(2023, 6, 12), ground="depends", suspended_on="2023-06-12")
    step(case, officer, "resume", D(2023, 6, 20), resumed_on="2023-06-20")
    step(case, officer, "extend", D(2023, 7, 20), days=10, reason="案情复杂", approver=staff["head"].pk)
    step(case, officer, "terminate", D(2023, 7, 21), ground="withdrawn", terminated_on="2023-07-21")
    articles = dict(engine.history(case).values_list("transition", "article"))
    assert articles == {
        "register": "《行政复议法》第十一条、第十七条",
        "accept": "《行政复议法》第十七条",
        "send_copy": "《行政复议法》第二十三条",
        "receive_answer": "《行政复议法》第二十三条",
        "suspend": "《行政复议法实施条例》第四十一条",
        "resume": "《行政复议法实施条例》第四十一条第二款",
        "extend": "《行政复议法》第三十一条",
        "terminate": "《行政复议法》第二十五条、《行政复议法实施条例》第四十二条",
    }
    assert clock(case, "decision").article == "《行政复议法》第三十一条"


def test_2026_case_cites_the_2023_text(staff):
    case = reviewing_case(staff, D(2026, 6, 1))
    assert engine.history(case).get(transition="accept").article == "《行政复议法》第三十条"
    assert clock(case, "decision").article == "《行政复议法》第六十二条"
    assert clock(case, "answer").unit == "workday"


# --- 答复 ---------------------------------------------------------------------------------------------


def test_answer_overdue_only_after_the_answer_period(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 9, 21))
    engine.perform(case, "accept", actor=officer, data={"accepted_on": D(2026, 9, 22)}, today=D(2026, 9, 22))
    step(case, officer, "send_copy", D(2026, 9, 24), sent_on="2026-09-24")
    # 10 个工作日 from 09-24: 09-28/29/30, 10-08/09/10(调休)/12/13/14/15 → due 10-15.
    assert clock(case, "answer").due_date == D(2026, 10, 15)
    with pytest.raises(engine.GuardFailed, match="2026年10月15日届满"):
        step(case, officer, "answer_overdue", D(2026, 10, 15), noted_on="2026-10-15")
    step(case, officer, "answer_overdue", D(2026, 10, 16), noted_on="2026-10-16")
    assert case.status == "reviewing"
    assert (
        engine.history(case).get(transition="answer_overdue").article == "《行政复议法》第四十八条、第七十条"
    )


# --- 听证 / 听取意见 --------------------------------------------------------------------------------


def test_hearing_notice_must_reach_the_parties_five_working_days_before(staff):
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 9, 1))
    hearing = dict(basis="major", place="东区司法局听证室", matters="处罚事实是否清楚")
    # Notice Mon 09-28: 09-29, 09-30, 10-08, 10-09, 10-10 (调休 Saturday) → no earlier than 10-10.
    with pytest.raises(engine.GuardFailed, match="不得早于2026年10月10日"):
        step(
            case,
            officer,
            "schedule_hearing",
            D(2026, 9, 28),
            hearing_date="2026-10-09",
            notified_on="2026-09-28",
            **hearing,
        )
    assert case.status == "reviewing"
    step(
        case,
        officer,
        "schedule_hearing",
        D(2026, 9, 28),
        hearing_date="2026-10-10",
        notified_on="2026-09-28",
        **hearing,
    )
    assert (case.status, case.hearing_date) == ("hearing", D(2026, 10, 10))

    with pytest.raises(engine.MissingInput, match="听证笔录"):
        step(
            case,
            officer,
            "hold_hearing",
            D(2026, 10, 10),
            held_on="2026-10-10",
            presided_by="李四",
            summary="双方质证",
        )
    factories_attach(case, officer, "听证笔录")
    with pytest.raises(engine.GuardFailed, match="2026年10月10日举行"):
        step(
            case,
            officer,
            "hold_hearing",
            D(2026, 10, 9),
            held_on="2026-10-09",
            presided_by="李四",
            summary="双方质证",
        )
    step(
        case,
        officer,
        "hold_hearing",
        D(2026, 10, 10),
        held_on="2026-10-10",
        presided_by="李四",
        summary="双方质证",
    )
    assert case.status == "reviewing"


def factories_attach(case, actor, kind):
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from fazhi.core.workflow.models import Attachment

    content = "听证笔录".encode()
    attachment = Attachment(
        subject_type=ContentType.objects.get_for_model(case),
        subject_id=case.pk,
        organisation_id=case.organisation_id,
        region_code=case.region_code,
        kind=kind,
        filename="笔录.txt",
        content_type="text/plain",
        size=len(content),
        sha256=Attachment.digest([content]),
        uploaded_by=actor,
    )
    attachment.file.save("bilu.txt", ContentFile(content), save=False)
    attachment.save()


def test_hearing_views_is_recorded_in_the_case_history(staff):
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 9, 1))
    step(
        case,
        officer,
        "hear_views",
        D(2026, 9, 10),
        heard_on="2026-09-10",
        manner="phone",
        summary="申请人坚持请求",
    )
    log = engine.history(case).get(transition="hear_views")
    assert log.data["manner"] == "phone" and log.article == "《行政复议法》第四十九条"


# --- 简易程序转普通程序 ------------------------------------------------------------------------------


def test_converting_to_ordinary_switches_the_decision_period_to_60_days_keeping_suspensions(staff):
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 6, 1), simple_procedure=True, simple_procedure_ground="consent")
    assert clock(case, "decision").due_date == D(2026, 7, 1)  # 30 日
    step(case, officer, "suspend", D(2026, 6, 5), ground="depends", suspended_on="2026-06-05")
    step(case, officer, "resume", D(2026, 6, 15), resumed_on="2026-06-15")
    # 30 日 → 07-01, plus 10 days suspended → Sat 07-11 → Mon 07-13.
    assert clock(case, "decision").due_date == D(2026, 7, 13)
    step(
        case,
        officer,
        "convert_to_ordinary",
        D(2026, 6, 20),
        reason="案情复杂",
        approver=staff["head"].pk,
        converted_on="2026-06-20",
    )
    decision = clock(case, "decision")
    assert not case.simple_procedure
    # 60 日 from acceptance (06-01 → 07-31) plus the 10 days suspended → 08-10.
    assert (calendar.current_length(decision), decision.due_date) == (60, D(2026, 8, 10))
    # The change is an entry of the clock's ledger, dated the conversion; the declared 30 日 stays.
    change = decision.entries.get(kind="relength")
    assert (decision.length, change.days, change.date) == (30, 60, D(2026, 6, 20))
    assert "2026年6月20日期限改为60日" in decision.explanation
    # Now ordinary: it may be extended.
    step(case, officer, "extend", D(2026, 7, 1), days=5, reason="调查取证", approver=staff["head"].pk)
    with pytest.raises(engine.GuardFailed, match="普通程序"):
        step(
            case,
            officer,
            "convert_to_ordinary",
            D(2026, 7, 2),
            reason="再次",
            approver=staff["head"].pk,
            converted_on="2026-07-02",
        )


# --- 中止 / 恢复 / 终止 --------------------------------------------------------------------------------


def test_resuming_returns_to_the_step_the_case_was_suspended_from(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 6, 1))
    engine.perform(case, "accept", actor=officer, data={"accepted_on": D(2026, 6, 2)}, today=D(2026, 6, 2))
    engine.perform(
        case,
        "suspend_before_copy",
        actor=officer,
        data={"ground": "force_majeure", "suspended_on": D(2026, 6, 3)},
        today=D(2026, 6, 3),
    )
    assert case.status == "suspended_accepted"
    assert clock(case, "copy").state == ClockState.SUSPENDED
    engine.perform(
        case, "resume_before_copy", actor=officer, data={"resumed_on": D(2026, 6, 8)}, today=D(2026, 6, 8)
    )
    assert case.status == "accepted" and clock(case, "copy").state == ClockState.RUNNING
    step(case, officer, "send_copy", D(2026, 6, 9), sent_on="2026-06-09")
    engine.perform(
        case,
        "suspend_answering",
        actor=officer,
        data={"ground": "depends", "suspended_on": D(2026, 6, 10)},
        today=D(2026, 6, 10),
    )
    assert case.status == "suspended_answering"
    engine.perform(
        case, "resume_answering", actor=officer, data={"resumed_on": D(2026, 6, 12)}, today=D(2026, 6, 12)
    )
    assert case.status == "answering" and clock(case, "answer").state == ClockState.RUNNING


def test_termination_for_a_60_day_suspension_needs_grounds_1_2_4_and_60_days(staff):
    officer = staff["officer"]
    other = reviewing_case(staff, D(2026, 6, 1))
    step(other, officer, "suspend", D(2026, 6, 5), ground="depends", suspended_on="2026-06-05")
    with pytest.raises(engine.GuardFailed, match="正因下列事由之一中止"):
        step(
            other, officer, "terminate", D(2026, 8, 10), ground="long_suspension", terminated_on="2026-08-10"
        )

    case = reviewing_case(staff, D(2026, 6, 1))
    step(case, officer, "suspend", D(2026, 6, 5), ground="death", suspended_on="2026-06-05")
    with pytest.raises(engine.GuardFailed, match="至2026年8月4日方满六十日"):
        step(case, officer, "terminate", D(2026, 8, 3), ground="long_suspension", terminated_on="2026-08-03")
    step(case, officer, "terminate", D(2026, 8, 4), ground="long_suspension", terminated_on="2026-08-04")
    assert case.status == "terminated" and case.termination_ground == "long_suspension"


def test_settlement_ground_is_2017_only_and_withdrawal_reason_needs_a_withdrawal(staff):
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 6, 1))
    with pytest.raises(engine.GuardFailed, match="第七十四条"):
        step(case, officer, "terminate", D(2026, 6, 10), ground="settled", terminated_on="2026-06-10")
    with pytest.raises(engine.GuardFailed, match="撤回原因"):
        step(
            case,
            officer,
            "terminate",
            D(2026, 6, 10),
            ground="no_heir",
            withdrawal_reason="corrected",
            terminated_on="2026-06-10",
        )
    step(
        case,
        officer,
        "terminate",
        D(2026, 6, 10),
        ground="withdrawn",
        withdrawal_reason="corrected",
        terminated_on="2026-06-10",
    )
    assert case.withdrawal_reason == "corrected"

    old = rf.registered(staff["org"], officer, D(2023, 6, 1), today=D(2023, 6, 1))
    engine.perform(old, "accept", actor=officer, data={"accepted_on": D(2023, 6, 2)}, today=D(2023, 6, 2))
    step(old, officer, "terminate", D(2023, 6, 10), ground="settled", terminated_on="2023-06-10")
    assert old.termination_ground == "settled"


# --- 意见书 -------------------------------------------------------------------------------------------


def test_opinion_starts_a_60_day_follow_up_and_records_the_reply(staff):
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 6, 1))
    opinion = rf.issued_opinion(
        case,
        officer,
        recipient="东区市场监督管理局",
        content="未告知陈述申辩权利",
        received_on=D(2026, 8, 3),
        today=D(2026, 8, 3),
    )
    follow_up = clock(opinion, "follow_up")
    # 60 日 from 08-03 ends 10-02 (国庆) → next working day 10-08.
    assert (follow_up.due_date, follow_up.article) == (D(2026, 10, 8), "《行政复议法》第七十六条")
    engine.perform(
        opinion,
        "record_reply",
        actor=officer,
        data={"replied_on": D(2026, 9, 30), "summary": "已撤销原处罚决定"},
        today=D(2026, 9, 30),
    )
    follow_up.refresh_from_db()
    assert opinion.status == "replied" and opinion.reply_summary == "已撤销原处罚决定"
    assert follow_up.state == ClockState.STOPPED and follow_up.met


def test_opinion_needs_an_accepted_case(staff):
    case = rf.registered(staff["org"], staff["officer"], D(2026, 6, 1))
    with pytest.raises(engine.GuardFailed, match="受理后"):
        rf.issued_opinion(
            case,
            staff["officer"],
            recipient="某局",
            content="x",
            received_on=D(2026, 6, 2),
            today=D(2026, 6, 2),
        )


def test_an_opinion_drafted_on_the_staff_pages_cannot_be_issued_before_acceptance(staff):
    from fazhi.reconsideration.models import ReconsiderationOpinion

    case = rf.registered(staff["org"], staff["officer"], D(2026, 6, 1))
    opinion = engine.create(
        ReconsiderationOpinion,
        actor=staff["officer"],
        case=case,
        organisation=case.organisation,
        kind="opinion",
        recipient="某局",
        content="x",
    )
    with pytest.raises(engine.GuardFailed, match="案件受理后方可制发"):
        engine.perform(
            opinion, "issue", actor=staff["officer"], data={"received_on": D(2026, 6, 2)}, today=D(2026, 6, 2)
        )
    opinion.refresh_from_db()
    assert opinion.status == "drafted" and not calendar.clocks_for(opinion).exists()
