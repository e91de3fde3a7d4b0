"""The rule set is chosen by the date the application was received, never by a flag."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.workflow import engine
from fazhi.reconsideration.models import law_version_for
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db


def test_law_version_changes_on_1_january_2024():
    assert law_version_for(dt.date(2023, 12, 31)) == "2017"
    assert law_version_for(dt.date(2024, 1, 1)) == "2023"


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_justice"], roles=("officer", "reviewer"))


def reviewing_case(tree, officer, received_on):
    case = rf.registered(tree["east_justice"], officer, received_on)
    day = received_on + dt.timedelta(days=3)
    for name, data in (
        ("accept", {"accepted_on": day}),
        ("send_copy", {"sent_on": day}),
        ("receive_answer", {"answered_on": day}),
        # 2023 法第四十九条 (a 2017-text case may be heard too: 2017 法第二十二条).
        ("hear_views", {"heard_on": day, "manner": "phone", "summary": "申请人坚持复议请求"}),
    ):
        engine.perform(case, name, actor=officer, data=data, today=day)
    return case, day


def test_a_case_received_in_2023_is_decided_with_2017_decision_types(tree, officer):
    case, day = reviewing_case(tree, officer, dt.date(2023, 12, 28))
    assert case.law_version == "2017"
    with pytest.raises(engine.GuardFailed) as excinfo:
        engine.perform(
            case,
            "decide",
            actor=officer,
            data=rf.decision("reject_application", day),
            today=day,
        )
    message = excinfo.value.message
    assert "2017年《行政复议法》" in message and "驳回申请" in message and "驳回行政复议申请" in message
    engine.perform(case, "decide", actor=officer, data=rf.decision("reject", day), today=day)
    assert (case.status, case.decision_type, case.decided_on) == ("decided", "reject", day)


def test_a_case_received_in_2024_uses_the_2023_decision_types(tree, officer):
    case, day = reviewing_case(tree, officer, dt.date(2024, 1, 2))
    assert case.law_version == "2023"
    with pytest.raises(engine.GuardFailed, match="2023年《行政复议法》"):
        engine.perform(case, "decide", actor=officer, data=rf.decision("reject", day), today=day)
    engine.perform(case, "decide", actor=officer, data=rf.decision("confirm_void", day), today=day)
    assert case.get_decision_type_display() == "确认无效"


def test_correcting_the_receipt_date_moves_the_case_to_the_other_law(tree, officer):
    case = rf.new_case(tree["east_justice"], officer, dt.date(2024, 1, 3))
    assert case.law_version == "2023"
    engine.perform(
        case, "register", actor=officer, data={"received_on": "2023-12-29"}, today=dt.date(2024, 1, 3)
    )
    case.refresh_from_db()
    assert (case.received_on, case.law_version) == (dt.date(2023, 12, 29), "2017")


def test_no_simple_procedure_under_the_2017_law(tree, officer):
    with pytest.raises(ValidationError) as excinfo:
        rf.registered(tree["east_justice"], officer, dt.date(2023, 6, 1), simple_procedure=True)
    assert "没有简易程序" in str(excinfo.value)


def test_termination_records_the_ground_and_concludes_the_case(tree, officer):
    case, day = reviewing_case(tree, officer, dt.date(2026, 3, 2))
    engine.perform(
        case, "terminate", actor=officer, data={"ground": "withdrawn", "terminated_on": day}, today=day
    )
    assert (case.status, case.decision_type, case.termination_ground, case.decided_on) == (
        "terminated",
        "terminated",
        "withdrawn",
        day,
    )
