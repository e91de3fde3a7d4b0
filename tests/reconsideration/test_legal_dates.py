"""Issue 11 items 1, 2, 5 and 16: the legal acceptance date starts the clocks (2023 法第三十条第三款;
2017 法第十七条第二款), 不予受理 only within the review period (第三十条第二款; after it 驳回申请,
第三十三条), 延期 only before the decision period ends (第六十二条), and the buttons offer only
steps that can succeed, each refusal shown once."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core.calendar import services as calendar
from fazhi.core.workflow import engine
from fazhi.core.workflow.models import ApprovalStatus, PendingApproval
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


def accept(case, actor, on):
    return engine.perform(case, "accept", actor=actor, data={"accepted_on": on}, today=on)


def reviewing(staff, received_on, accepted_on):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, received_on)
    accept(case, officer, accepted_on)
    engine.perform(case, "send_copy", actor=officer, data={"sent_on": accepted_on}, today=accepted_on)
    engine.perform(
        case, "receive_answer", actor=officer, data={"answered_on": accepted_on}, today=accepted_on
    )
    return case


# --- 1. the legal acceptance date ------------------------------------------------------------------


def test_accepting_after_the_review_lapsed_dates_acceptance_from_the_lapse_art_30_3(staff):
    """2023 法第三十条第三款: 审查期限届满之日起视为受理. Received Monday 2026-03-02, five working days
    end Monday 03-09; accepted by a reviewer on 03-20 the case stands accepted as of 03-09, and the
    60 日 decision period runs to 03-09 + 60 = 05-08 (not 03-20 + 60 = 05-19)."""
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 3, 2))
    assert clock(case, "acceptance_review").due_date == D(2026, 3, 9)
    accept(case, officer, D(2026, 3, 20))
    case.refresh_from_db()
    assert case.accepted_on == D(2026, 3, 9) and case.deemed_accepted
    decision = clock(case, "decision")
    assert (decision.start_date, decision.due_date) == (D(2026, 3, 9), D(2026, 5, 8))
    assert clock(case, "copy").start_date == D(2026, 3, 9)
    # the step itself is logged on the day it was taken
    assert engine.history(case).get(transition="accept").legal_date == D(2026, 3, 20)


def test_accepting_within_the_review_period_dates_acceptance_from_that_day(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 3, 2))
    accept(case, officer, D(2026, 3, 9))  # the last day of the review is still within it
    case.refresh_from_db()
    assert case.accepted_on == D(2026, 3, 9) and not case.deemed_accepted
    assert clock(case, "decision").due_date == D(2026, 5, 8)


def test_a_2017_case_is_accepted_from_receipt_art_17_2(staff):
    """2017 法第十七条第二款: 自收到之日起即为受理. Received 2023-09-20 and accepted on 09-22: the 60 日
    run from 09-20 to 11-19, a Sunday, so the period ends Monday 11-20 (from 09-22 it would be 11-21)."""
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2023, 9, 20))
    assert case.law_version == "2017"
    accept(case, officer, D(2023, 9, 22))
    case.refresh_from_db()
    assert case.accepted_on == D(2023, 9, 20) and not case.deemed_accepted
    decision = clock(case, "decision")
    assert (decision.start_date, decision.due_date) == (D(2023, 9, 20), D(2023, 11, 20))


# --- 2. 不予受理 only within the review period -----------------------------------------------------


def test_rejection_only_within_the_review_period_then_reject_the_application_art_30_2_and_33(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 3, 2))  # review ends 03-09
    with pytest.raises(engine.GuardFailed) as refused:
        engine.perform(
            case,
            "reject",
            actor=officer,
            data={"reason": "不属于复议范围", "decided_on": D(2026, 3, 10)},
            today=D(2026, 3, 10),
        )
    message = refused.value.message
    assert "2026年3月9日届满" in message and "第三十条第三款" in message
    assert "驳回申请" in message and "《行政复议法》第三十三条" in message
    case.refresh_from_db()
    assert case.status == "review"
    # the way the message points to: 受理 (as of 03-09), then 驳回申请 by decision
    accept(case, officer, D(2026, 3, 10))
    engine.perform(case, "send_copy", actor=officer, data={"sent_on": D(2026, 3, 11)}, today=D(2026, 3, 11))
    engine.perform(
        case, "receive_answer", actor=officer, data={"answered_on": D(2026, 3, 12)}, today=D(2026, 3, 12)
    )
    rf.hear_views(case, officer, D(2026, 3, 12))
    engine.perform(
        case,
        "decide",
        actor=officer,
        data=rf.decision("reject_application", D(2026, 3, 13)),
        today=D(2026, 3, 13),
    )
    case.refresh_from_db()
    assert (case.status, case.decision_type, case.accepted_on) == (
        "decided",
        "reject_application",
        D(2026, 3, 9),
    )


def test_rejection_on_the_last_day_of_the_review_is_in_time(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 3, 2))
    engine.perform(
        case,
        "reject",
        actor=officer,
        data={"reason": "不属于复议范围", "decided_on": D(2026, 3, 9)},
        today=D(2026, 3, 12),
    )
    assert case.status == "rejected"


def test_a_late_2017_rejection_points_to_the_2017_rule(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2023, 9, 20))  # five working days: 09-27
    with pytest.raises(engine.GuardFailed, match="实施条例》第四十八条") as refused:
        engine.perform(
            case,
            "reject",
            actor=officer,
            data={"reason": "超过申请期限", "decided_on": D(2023, 9, 28)},
            today=D(2023, 9, 28),
        )
    assert "第十七条第二款" in refused.value.message and "驳回行政复议申请" in refused.value.message


# --- 5. 延期 only before the decision period ends -------------------------------------------------


def extend(case, staff, asked_on, confirmed_on):
    asked = engine.perform(
        case,
        "extend",
        actor=staff["officer"],
        data={"days": 30, "reason": "案情重大复杂", "approver": staff["head"].pk},
        today=asked_on,
    )
    return confirm_pending(asked, confirmed_on)


def test_extension_approved_on_the_last_day_is_in_time_art_62(staff):
    case = reviewing(staff, D(2026, 3, 2), D(2026, 3, 9))  # decision due 05-08
    extend(case, staff, D(2026, 5, 8), D(2026, 5, 8))
    assert clock(case, "decision").due_date == D(2026, 6, 8)  # 06-07 is a Sunday


def test_extension_after_the_period_ended_is_refused_art_62(staff):
    """2023 法第六十二条: 不能在规定期限内作出…可以延长 — only before the period ends."""
    case = reviewing(staff, D(2026, 3, 2), D(2026, 3, 9))  # decision due 05-08
    with pytest.raises(engine.GuardFailed, match="2026年5月8日届满，届满后不能再延期") as refused:
        extend(case, staff, D(2026, 5, 11), D(2026, 5, 11))
    assert "《行政复议法》第六十二条" in refused.value.message
    # asked in time, approved after expiry: refused on confirmation, nothing changes
    asked = engine.perform(
        case,
        "extend",
        actor=staff["officer"],
        data={"days": 30, "reason": "案情重大复杂", "approver": staff["head"].pk},
        today=D(2026, 5, 7),
    )
    with pytest.raises(engine.GuardFailed, match="届满后不能再延期"):
        engine.confirm(asked.pending_approval, actor=staff["head"], today=D(2026, 5, 11))
    assert clock(case, "decision").due_date == D(2026, 5, 8)
    assert PendingApproval.objects.get(pk=asked.pending_approval.pk).status == ApprovalStatus.PENDING


# --- 16. buttons offered only when the step can succeed ------------------------------------------


def offered(case, user, today):
    return {o.transition.name: o for o in engine.options(case, user, today=today)}


def test_buttons_say_why_a_step_cannot_succeed_before_anything_is_filled_in(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 3, 2))  # review ends 03-09
    during = offered(case, officer, D(2026, 3, 9))
    assert not during["deem_accepted"].enabled
    assert "2026年3月9日届满" in during["deem_accepted"].reason  # 第三十条第三款: not before it ends
    assert during["accept"].enabled and during["reject"].enabled  # a typed date may be in time
    assert offered(case, officer, D(2026, 3, 10))["deem_accepted"].enabled

    engine.perform(
        case,
        "request_completion",
        actor=officer,
        data={"items": "身份证明复印件", "notified_on": D(2026, 3, 3)},
        today=D(2026, 3, 3),
    )
    engine.perform(case, "complete", actor=officer, data={"completed_on": D(2026, 3, 5)}, today=D(2026, 3, 5))
    again = offered(case, officer, D(2026, 3, 5))["request_completion"]  # 第三十一条: 一次性
    assert not again.enabled and "不能再次通知" in again.reason

    case = reviewing(staff, D(2026, 3, 2), D(2026, 3, 9))  # ordinary, decision due 05-08
    now = offered(case, officer, D(2026, 5, 8))
    assert not now["convert_to_ordinary"].enabled and "普通程序" in now["convert_to_ordinary"].reason
    assert now["extend"].enabled
    late = offered(case, officer, D(2026, 5, 9))["extend"]
    assert not late.enabled and "届满后不能再延期" in late.reason


def login(user):
    client = Client()
    assert (
        client.post("/staff/login/", {"username": user.username, "password": factories.PASSWORD}).status_code
        == 302
    )
    return client


def test_a_refused_step_is_explained_once_on_the_page(staff):
    today = timezone.localdate()
    officer = staff["officer"]
    client = login(officer)

    fresh = rf.registered(staff["org"], officer, today - dt.timedelta(days=1), today=today)
    page = client.get(f"/staff/reconsideration/{fresh.pk}/").content.decode()
    assert "审查期限" in page and "transition/deem_accepted/" not in page  # disabled, with the reason

    r = client.post(
        f"/staff/reconsideration/{fresh.pk}/transition/deem_accepted/",
        {"noted_on": today.isoformat(), "expected_version": fresh.version},
    )
    body = r.content.decode()
    fresh.refresh_from_db()
    reason = next(o.reason for o in engine.options(fresh, officer) if o.transition.name == "deem_accepted")
    # once: not again beside the disabled button, nor in the 查看明文 forms of the parties panel
    assert r.status_code == 400 and reason and body.count(reason) == 1

    # a date before the previous step: said beside the field, the alert only points there
    r = client.post(
        f"/staff/reconsideration/{fresh.pk}/transition/accept/",
        {"accepted_on": (today - dt.timedelta(days=2)).isoformat(), "expected_version": fresh.version},
    )
    body = r.content.decode()
    assert r.status_code == 400 and body.count("不能早于上一办理环节") == 1
    assert "“受理”未办理：请按提示修改后再提交。" in body

    # a late 不予受理: the guard's sentence in the alert, once
    old = rf.registered(staff["org"], officer, today - dt.timedelta(days=30), today=today)
    r = client.post(
        f"/staff/reconsideration/{old.pk}/transition/reject/",
        {"reason": "不属于复议范围", "decided_on": today.isoformat(), "expected_version": old.version},
    )
    body = r.content.decode()
    assert r.status_code == 400 and body.count("请办理“受理”") == 1


def test_the_page_shows_the_legal_acceptance_date_and_why(staff):
    today = timezone.localdate()
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, today - dt.timedelta(days=30), today=today)
    r = login(officer).post(
        f"/staff/reconsideration/{case.pk}/transition/accept/",
        {"accepted_on": today.isoformat(), "expected_version": case.version},
    )
    assert r.status_code == 302
    case.refresh_from_db()
    review = clock(case, "acceptance_review")
    assert case.accepted_on == review.due_date < today and case.deemed_accepted
    page = login(officer).get(f"/staff/reconsideration/{case.pk}/").content.decode()
    d = case.accepted_on
    assert (
        f"{d.year}年{d.month}月{d.day}日（审查期限届满，自该日起视为受理，《行政复议法》第三十条第三款）"
        in page
    )
