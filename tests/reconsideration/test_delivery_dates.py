"""发出 and 送达 recorded apart (issue 11 item 14). 2023 《行政复议法》第八十八条第一款: 行政复议期间的计算
和行政复议文书的送达，本法没有规定的，依照民事诉讼法关于期间、送达的规定执行 — 《民事诉讼法》第八十五条
第三款: 期间不包括在途时间，诉讼文书在期满前交邮的，不算过期. So a notice sent within its period is on time
though received later, the period it opens runs from its service, and a mailed answer counts from
its posting."""

import datetime as dt

import pytest

from fazhi.core.calendar.models import ClockState
from fazhi.core.workflow import engine
from fazhi.reconsideration.documents import decision_context
from tests.reconsideration import factories as rf
from tests.reconsideration import test_workflow_rules as rules
from tests.reconsideration.test_workflow_rules import clock, step

pytestmark = pytest.mark.django_db

D = dt.date
staff = rules.staff  # the 复议机构 and its officer (fixture)


def _accepted(staff, received_on, accepted_on):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, received_on)
    return step(case, officer, "accept", accepted_on, accepted_on=accepted_on.isoformat())


def _answering(staff):
    """Accepted Wed 2026-08-05; the copy sent on the last of its 7 个工作日 (08-14), received 08-18:
    the 10 个工作日 to answer run to 2026-09-01."""
    officer = staff["officer"]
    case = _accepted(staff, D(2026, 8, 3), D(2026, 8, 5))
    return step(case, officer, "send_copy", D(2026, 8, 18), sent_on="2026-08-14", received_on="2026-08-18")


# --- 补正通知 (第三十一条) ------------------------------------------------------------------------------


def test_a_completion_notice_sent_within_five_working_days_is_on_time_though_served_later(staff):
    """第三十一条: 自收到申请之日起五日内书面通知补正 — received Mon 2026-08-03, the fifth working
    day is 08-10. Mailed on 08-10 and served 08-13, it is in time; the 补正期限 of 10 个工作日 runs
    from service (08-13 → 08-27), and the 补正通知书 is dated the day it was sent."""
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 8, 3))
    step(
        case,
        officer,
        "request_completion",
        D(2026, 8, 13),
        items="身份证明",
        sent_on="2026-08-10",
        notified_on="2026-08-13",
    )
    assert case.status == "completing"
    completion = clock(case, "completion")
    assert (completion.start_date, completion.due_date) == (D(2026, 8, 13), D(2026, 8, 27))
    log = engine.history(case).get(transition="request_completion")
    assert (log.data["sent_on"], log.data["notified_on"]) == ("2026-08-10", "2026-08-13")
    from fazhi.reconsideration.documents import COMPLETION_NOTICE

    assert COMPLETION_NOTICE.dated(case) == D(2026, 8, 10)


def test_a_completion_notice_sent_after_the_fifth_working_day_or_served_before_it_was_sent_is_refused(staff):
    """第三十一条: the sending date decides; and 送达 cannot precede 发出."""
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 8, 3))
    with pytest.raises(engine.GuardFailed, match="最迟应于2026年8月10日发出"):
        step(
            case,
            officer,
            "request_completion",
            D(2026, 8, 13),
            items="身份证明",
            sent_on="2026-08-11",
            notified_on="2026-08-13",
        )
    with pytest.raises(engine.GuardFailed, match="送达日期（2026年8月7日）不能早于发出日期（2026年8月10日）"):
        step(
            case,
            officer,
            "request_completion",
            D(2026, 8, 13),
            items="身份证明",
            sent_on="2026-08-10",
            notified_on="2026-08-07",
        )
    with pytest.raises(engine.GuardFailed, match="补正通知不能早于收到申请之日（2026年8月3日）发出"):
        step(
            case,
            officer,
            "request_completion",
            D(2026, 8, 13),
            items="身份证明",
            sent_on="2026-07-31",
            notified_on="2026-08-04",
        )
    case.refresh_from_db()
    assert (
        case.status == "review" and not engine.history(case).filter(transition="request_completion").exists()
    )


# --- 发送副本 and 答复 (第四十八条) --------------------------------------------------------------------


def test_the_copy_is_judged_on_its_sending_and_the_answer_period_runs_from_its_receipt(staff):
    """第四十八条: 自受理之日起七日内发送副本 (08-05 → 08-14, met on the day it was sent); 被申请人
    自收到之日起十日内答复 — from 08-18, not from 08-14 (10 个工作日 → 2026-09-01)."""
    case = _answering(staff)
    copy = clock(case, "copy")
    assert (copy.state, copy.stopped_on, copy.met) == (ClockState.STOPPED, D(2026, 8, 14), True)
    answer = clock(case, "answer")
    assert (answer.start_date, answer.due_date) == (D(2026, 8, 18), D(2026, 9, 1))


def test_the_respondent_cannot_have_received_the_copy_before_it_was_sent(staff):
    officer = staff["officer"]
    case = _accepted(staff, D(2026, 8, 3), D(2026, 8, 5))
    with pytest.raises(
        engine.GuardFailed, match="被申请人收到副本日期（2026年8月12日）不能早于副本发出日期（2026年8月14日）"
    ):
        step(case, officer, "send_copy", D(2026, 8, 18), sent_on="2026-08-14", received_on="2026-08-12")
    assert case.status == "accepted"


def test_a_mailed_answer_posted_on_the_last_day_is_on_time_though_it_arrives_later(staff):
    """民事诉讼法第八十五条第三款 (via 行政复议法第八十八条第一款): 期满前交邮的，不算过期 — posted on
    09-01, the last day, arriving 09-04: the answer period stopped on 09-01, met; the 决定书 says the
    respondent answered on the day it posted."""
    officer = staff["officer"]
    case = _answering(staff)
    step(
        case,
        officer,
        "receive_answer",
        D(2026, 9, 4),
        answered_on="2026-09-04",
        manner="post",
        posted_on="2026-09-01",
    )
    answer = clock(case, "answer")
    assert (answer.stopped_on, answer.met) == (D(2026, 9, 1), True)
    assert case.status == "reviewing"
    assert decision_context(case)["answered_on"] == D(2026, 9, 1)


def test_an_answer_handed_in_after_the_last_day_is_late(staff):
    """第四十八条: the same arrival date handed in directly is after the period (09-01)."""
    officer = staff["officer"]
    case = _answering(staff)
    step(case, officer, "receive_answer", D(2026, 9, 4), answered_on="2026-09-04", manner="in_person")
    answer = clock(case, "answer")
    assert (answer.stopped_on, answer.met) == (D(2026, 9, 4), False)


def test_no_answer_overdue_while_an_answer_posted_in_time_is_on_its_way(staff):
    """民事诉讼法第八十五条第三款 (行政复议法第八十八条第一款): the respondent reports on 09-03 that it
    mailed its answer on 09-01, the last day — on 09-04 逾期未答复 is refused, the case waits, and the
    letter arriving 09-07 is on time."""
    officer = staff["officer"]
    case = _answering(staff)
    step(
        case,
        officer,
        "record_posting",
        D(2026, 9, 3),
        posted_on="2026-09-01",
        noted_on="2026-09-03",
        evidence="EMS 1234",
    )
    with pytest.raises(engine.GuardFailed, match="已在答复期限内交邮答复"):
        step(case, officer, "answer_overdue", D(2026, 9, 4), noted_on="2026-09-04")
    assert case.status == "answering"
    step(
        case,
        officer,
        "receive_answer",
        D(2026, 9, 7),
        answered_on="2026-09-07",
        manner="post",
        posted_on="2026-09-01",
    )
    assert (clock(case, "answer").met, case.status) == (True, "reviewing")


def test_an_answer_posted_after_the_period_does_not_hold_off_answer_overdue(staff):
    """第四十八条、第七十条: posted 09-02, after the last day (09-01) — 逾期未答复 may be noted."""
    officer = staff["officer"]
    case = _answering(staff)
    step(case, officer, "record_posting", D(2026, 9, 3), posted_on="2026-09-02", noted_on="2026-09-03")
    step(case, officer, "answer_overdue", D(2026, 9, 4), noted_on="2026-09-04")
    assert case.status == "reviewing"


@pytest.mark.parametrize(
    ("inputs", "refusal"),
    [
        ({"manner": "post"}, "请填写交邮日期"),
        ({"manner": "in_person", "posted_on": "2026-09-01"}, "只有邮寄的答复才填写交邮日期"),
        (
            {"manner": "post", "posted_on": "2026-09-05"},
            "交邮日期（2026年9月5日）不能晚于收到答复日期（2026年9月4日）",
        ),
        (
            {"manner": "post", "posted_on": "2026-08-17"},
            "被申请人于2026年8月18日收到申请书副本，交邮日期（2026年8月17日）不能早于该日",
        ),
    ],
)
def test_a_mailed_answer_needs_a_posting_date_between_receipt_of_the_copy_and_arrival(staff, inputs, refusal):
    """第四十八条 and 民事诉讼法第八十五条: the posting date decides, so it must be there and be possible."""
    officer = staff["officer"]
    case = _answering(staff)
    with pytest.raises(engine.GuardFailed, match=refusal):
        step(case, officer, "receive_answer", D(2026, 9, 4), answered_on="2026-09-04", **inputs)
    assert case.status == "answering" and clock(case, "answer").state == ClockState.RUNNING


# --- 送达 (第七十五条) --------------------------------------------------------------------------------


def _terminated(staff):
    officer = staff["officer"]
    case = _answering(staff)
    step(case, officer, "receive_answer", D(2026, 8, 25), answered_on="2026-08-25")
    return step(
        case,
        officer,
        "terminate",
        D(2026, 9, 8),
        ground="withdrawn",
        withdrawal_reason="other",
        terminated_on="2026-09-08",
    )


def test_service_records_when_the_document_was_sent_and_when_it_was_served(staff, client):
    """第七十五条: 行政复议决定书一经送达，即发生法律效力 — served 09-14 after mailing on 09-10; both
    dates are kept on the case (the detail page shows 决定书发出日期 and 送达日期)."""
    officer = staff["officer"]
    case = _terminated(staff)
    step(case, officer, "serve", D(2026, 9, 14), sent_on="2026-09-10", served_on="2026-09-14")
    case.refresh_from_db()
    assert (case.status, case.service_sent_on, case.served_on) == ("served", D(2026, 9, 10), D(2026, 9, 14))
    client.force_login(officer)
    page = client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert "决定书发出日期" in page and "送达日期" in page
    assert "2026-09-10" in page or "2026年9月10日" in page


def test_service_by_hand_is_sent_and_served_the_same_day(staff):
    officer = staff["officer"]
    case = _terminated(staff)
    step(case, officer, "serve", D(2026, 9, 14), served_on="2026-09-14")
    case.refresh_from_db()
    assert (case.service_sent_on, case.served_on) == (D(2026, 9, 14), D(2026, 9, 14))


def test_service_before_sending_or_sending_before_the_decision_is_refused(staff):
    officer = staff["officer"]
    case = _terminated(staff)
    with pytest.raises(
        engine.GuardFailed, match="送达日期（2026年9月11日）不能早于发出日期（2026年9月12日）"
    ):
        step(case, officer, "serve", D(2026, 9, 14), sent_on="2026-09-12", served_on="2026-09-11")
    with pytest.raises(engine.GuardFailed, match="发出日期（2026年9月7日）不能早于决定日期（2026年9月8日）"):
        step(case, officer, "serve", D(2026, 9, 14), sent_on="2026-09-07", served_on="2026-09-14")
    case.refresh_from_db()
    assert case.status == "terminated" and case.served_on is None
