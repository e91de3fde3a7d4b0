"""Withdrawal before acceptance (2023 《行政复议法》第七十四条), a shorter decision period set by a
special law (第六十二条第一款但书), the grounds of the simple procedure (第五十三条) and termination
after 60 日 of suspension (第四十一条第五项) — issue 11 item 20."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.calendar.models import ClockState
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import ReconsiderationCase
from tests.factories import figure
from tests.reconsideration import factories as rf
from tests.reconsideration import test_workflow_rules as rules
from tests.reconsideration.test_workflow_rules import clock, reviewing_case, step

pytestmark = pytest.mark.django_db

D = dt.date
staff = rules.staff  # the 复议机构 and its officer (fixture)


# --- 撤回申请 before 受理 (第七十四条) ------------------------------------------------------------------


def test_an_application_under_review_may_be_withdrawn_and_its_review_period_stops(staff):
    """第七十四条: the applicant withdraws on 2026-08-05 an application received 08-03 — the case ends
    as 申请人撤回申请, the 受理审查期限 stops, and it is never accepted."""
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 8, 3))
    step(
        case,
        officer,
        "withdraw_application",
        D(2026, 8, 5),
        reason="申请人已与被申请人协商解决",
        withdrawn_on="2026-08-05",
    )
    case.refresh_from_db()
    assert (case.status, case.accepted_on, case.decision_type) == ("withdrawn", None, "")
    review = clock(case, "acceptance_review")
    assert (review.state, review.stopped_on) == (ClockState.STOPPED, D(2026, 8, 5))
    log = engine.history(case).get(transition="withdraw_application")
    assert log.article == "《行政复议法》第七十四条" and log.data["reason"] == "申请人已与被申请人协商解决"


def test_an_application_being_completed_may_be_withdrawn_and_its_completion_period_stops(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 8, 3))
    step(case, officer, "request_completion", D(2026, 8, 4), items="身份证明", notified_on="2026-08-04")
    step(case, officer, "withdraw_application", D(2026, 8, 10), reason="不再申请", withdrawn_on="2026-08-10")
    assert case.status == "withdrawn"
    assert clock(case, "completion").state == ClockState.STOPPED
    assert clock(case, "acceptance_review").state == ClockState.STOPPED


def test_an_accepted_case_is_not_withdrawn_by_this_step(staff):
    """After 受理 a withdrawal ends the case by 终止 (第四十一条第一项), which counts as 审结."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 8, 5))
    with pytest.raises(engine.IllegalTransition, match="仅在“受理审查中”、“补正中”状态下可以进行"):
        step(
            case,
            officer,
            "withdraw_application",
            D(2026, 8, 20),
            reason="不再申请",
            withdrawn_on="2026-08-20",
        )


def test_a_withdrawn_application_is_received_but_neither_accepted_nor_concluded(staff, tree):
    """indicators.py: 收案 counts it (received in the period); 受理 and 审结 do not."""
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 8, 3))
    step(case, officer, "withdraw_application", D(2026, 8, 5), reason="不再申请", withdrawn_on="2026-08-05")
    prefix, year = tree["east"].prefix, (D(2026, 1, 1), D(2026, 12, 31))
    assert figure("reconsideration.received", prefix, *year)[0].numerator == 1
    assert figure("reconsideration.accepted", prefix, *year)[0].numerator == 0
    assert figure("reconsideration.concluded", prefix, *year)[0].numerator == 0


# --- 法律规定的较短期限 (第六十二条第一款但书) ------------------------------------------------------------


def test_a_shorter_period_set_by_law_entered_at_acceptance_is_the_decision_period(staff):
    """第六十二条第一款: 六十日内作出行政复议决定；但是法律规定的行政复议期限少于六十日的除外 — 20 日
    from 2026-08-05 is 08-25."""
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 8, 4))
    step(
        case,
        officer,
        "accept",
        D(2026, 8, 5),
        accepted_on="2026-08-05",
        decision_days=20,
        decision_basis="《某法》第二十条",
    )
    decision = clock(case, "decision")
    assert (decision.length, decision.due_date) == (20, D(2026, 8, 25))
    case.refresh_from_db()
    assert (case.special_decision_days, case.special_decision_basis) == (20, "《某法》第二十条")


def test_a_shorter_period_recorded_on_the_case_runs_when_it_is_deemed_accepted(staff):
    """Recorded at registration: the 视为受理 (第三十条第三款) decision clock uses it too."""
    officer = staff["officer"]
    case = rf.registered(
        staff["org"],
        officer,
        D(2026, 9, 24),
        special_decision_days=15,
        special_decision_basis="《某法》第九条",
    )
    step(case, officer, "deem_accepted", D(2026, 10, 12), noted_on="2026-10-12")
    decision = clock(case, "decision")  # from 10-09, the day the review ended
    assert (decision.length, decision.due_date) == (
        15,
        D(2026, 10, 24 + 2),
    )  # 10-24 is a Saturday → Mon 10-26


@pytest.mark.parametrize(
    ("inputs", "refusal"),
    [
        ({"decision_days": 60, "decision_basis": "《某法》第二十条"}, "应当少于六十日"),
        ({"decision_days": 20}, "请写明规定该较短期限的法律及条款"),
        ({"decision_basis": "《某法》第二十条"}, "请同时填写该期限"),
    ],
)
def test_a_shorter_period_needs_fewer_than_60_days_and_the_law_setting_it(staff, inputs, refusal):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 8, 4))
    with pytest.raises(engine.GuardFailed, match=refusal):
        step(case, officer, "accept", D(2026, 8, 5), accepted_on="2026-08-05", **inputs)
    assert case.status == "review"


# --- 简易程序的适用情形 (第五十三条) ---------------------------------------------------------------------


def test_the_simple_procedure_needs_one_of_the_grounds_of_article_53(staff):
    """第五十三条: 当场作出、警告或者通报批评、款额三千元以下、政府信息公开, or 当事人各方同意."""
    officer = staff["officer"]
    with pytest.raises(ValidationError, match="适用简易程序的，请选择适用情形"):
        rf.registered(staff["org"], officer, D(2026, 8, 3), simple_procedure=True)
    assert not ReconsiderationCase.objects.exists()
    case = rf.registered(
        staff["org"], officer, D(2026, 8, 3), simple_procedure=True, simple_procedure_ground="small_amount"
    )
    assert case.get_simple_procedure_ground_display() == "案件涉及款额三千元以下"


def test_the_information_disclosure_ground_fits_only_an_information_disclosure_case(staff):
    """第五十三条第一款第四项: 属于政府信息公开案件 — not a 行政处罚 case."""
    officer = staff["officer"]
    with pytest.raises(ValidationError, match="被申请行为不是政府信息公开行为"):
        rf.registered(
            staff["org"],
            officer,
            D(2026, 8, 3),
            simple_procedure=True,
            simple_procedure_ground="info_disclosure",
        )
    case = rf.registered(
        staff["org"],
        officer,
        D(2026, 8, 3),
        act_type="info_disclosure",
        simple_procedure=True,
        simple_procedure_ground="info_disclosure",
    )
    assert case.simple_procedure


def test_converting_to_the_ordinary_procedure_clears_the_simple_ground(staff):
    """第五十五条: once ordinary, the case no longer rests on a 第五十三条 ground."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 6, 1), simple_procedure=True, simple_procedure_ground="consent")
    step(
        case,
        officer,
        "convert_to_ordinary",
        D(2026, 6, 10),
        reason="案情复杂",
        approver=staff["head"].pk,
        converted_on="2026-06-10",
    )
    case.refresh_from_db()
    assert (case.simple_procedure, case.simple_procedure_ground) == (False, "")
    case.full_clean()  # still a valid record


# --- 中止满六十日 (第四十一条第五项) -----------------------------------------------------------------------


def test_sixty_days_count_from_the_latest_suspension_on_a_ground_of_items_1_2_4(staff):
    """第四十一条第五项: 依照第三十九条第一款第一项、第二项、第四项中止满六十日 — a case first suspended
    for another reason (第八项, 06-05), resumed, then suspended on the applicant's death (07-01), has
    been suspended on that ground 60 日 only on 2026-08-30."""
    officer = staff["officer"]
    case = reviewing_case(staff, D(2026, 6, 1))
    step(case, officer, "suspend", D(2026, 6, 5), ground="depends", suspended_on="2026-06-05")
    step(case, officer, "resume", D(2026, 6, 20), resumed_on="2026-06-20")
    step(case, officer, "suspend", D(2026, 7, 1), ground="death", suspended_on="2026-07-01")
    with pytest.raises(engine.GuardFailed, match="至2026年8月30日方满六十日"):
        step(case, officer, "terminate", D(2026, 8, 29), ground="long_suspension", terminated_on="2026-08-29")
    step(case, officer, "terminate", D(2026, 8, 30), ground="long_suspension", terminated_on="2026-08-30")
    assert case.status == "terminated"


def test_the_registration_form_asks_for_the_simple_ground_and_records_a_shorter_period(client, staff):
    """第五十三条 and 第六十二条 on the staff form (/staff/reconsideration/new/): a simple case without
    its ground is not saved and the page says why; with it, and with a shorter period, it is."""
    from tests.reconsideration.test_staff_register import URL, form_data, text

    client.force_login(staff["officer"])
    response = client.post(URL, form_data(received_on="2026-03-02", simple_procedure="on"))
    assert response.status_code == 400
    assert "适用简易程序的，请选择适用情形" in text(response)
    assert not ReconsiderationCase.objects.exists()

    response = client.post(
        URL,
        form_data(
            received_on="2026-03-02",
            simple_procedure="on",
            simple_procedure_ground="on_the_spot",
            special_decision_days="20",
            special_decision_basis="《某法》第二十条",
        ),
    )
    assert response.status_code == 302
    case = ReconsiderationCase.objects.get()
    assert (case.simple_procedure_ground, case.special_decision_days) == ("on_the_spot", 20)
    detail = text(client.get(response["Location"]))
    assert "被申请行政复议的行政行为是当场作出" in detail and "《某法》第二十条" in detail
