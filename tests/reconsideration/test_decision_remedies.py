"""What a 行政复议决定 may add to its type, and what its 决定书 then says: 责令重新作出 with 撤销
(2023 法第六十四条; 2017 法第二十八条第一款第（三）项), 行政协议 liability (第七十一条), 行政赔偿 decided
with the decision (第七十二条; 2017 法第二十九条)."""

import datetime as dt

import pytest

from fazhi.core.documents import services as documents
from fazhi.core.workflow import engine
from fazhi.reconsideration.documents import DECISION
from tests import factories
from tests.reconsideration import factories as rf
from tests.reconsideration.test_document_golden import text_of
from tests.reconsideration.test_mandatory_steps import decide, refused_unchanged
from tests.reconsideration.test_workflow_rules import reviewing_case

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def staff(tree):
    org = tree["east_justice"]
    return {"org": org, "officer": factories.user(org, roles=("officer", "reviewer"))}


def _heard(staff, accepted_on):
    case = reviewing_case(staff, accepted_on)
    return rf.hear_views(case, staff["officer"], accepted_on + dt.timedelta(days=3))


def _decision_text(case, actor, on) -> str:
    attachment = documents.document_generate(record=case, kind=DECISION, actor=actor, today=on)
    return text_of(attachment.file.open("rb").read())


def test_a_revocation_orders_the_act_redone_within_its_period_art_64(staff):
    officer, on = staff["officer"], D(2026, 10, 20)
    case = _heard(staff, D(2026, 9, 1))
    refused_unchanged(
        case, officer, on, "只有决定撤销、部分撤销时，才能责令", decision_type="uphold", redo_days=30
    )
    decide(case, officer, on, decision_type="revoke", redo_days=30)
    assert case.decision_type == "revoke"
    text = _decision_text(case, officer, on)
    assert "撤销被申请人" in text
    assert "责令被申请人自收到本决定书之日起30日内重新作出行政行为。" in text


def test_an_agreement_decision_names_the_liability_and_counts_as_corrected_art_71(staff):
    from fazhi.reconsideration.models import CORRECTIVE

    officer, on = staff["officer"], D(2026, 10, 20)
    case = _heard(staff, D(2026, 9, 1))
    refused_unchanged(
        case,
        officer,
        on,
        "请写明被申请人应当承担的责任（《行政复议法》第七十一条）",
        decision_type="agreement",
    )
    decide(case, officer, on, decision_type="agreement", obligation="继续履行双方签订的《房屋征收补偿协议》")
    assert case.decision_type in CORRECTIVE  # 纠错: the respondent did not perform the agreement lawfully
    text = _decision_text(case, officer, on)
    assert "责令被申请人继续履行双方签订的《房屋征收补偿协议》。" in text
    assert "第七十一条" in text


def test_compensation_goes_only_with_a_decision_that_finds_the_act_wrong_art_72(staff):
    officer, on = staff["officer"], D(2026, 10, 20)
    case = _heard(staff, D(2026, 9, 1))
    refused_unchanged(
        case,
        officer,
        on,
        "只能与撤销、部分撤销、变更、确认违法、确认无效决定同时作出",
        compensation="granted",
    )
    decide(case, officer, on, decision_type="uphold", compensation="refused")  # 维持: the claim is refused
    assert "驳回申请人的行政赔偿请求。" in _decision_text(case, officer, on)

    other = _heard(staff, D(2026, 9, 2))
    decide(other, officer, on, decision_type="confirm_illegal", compensation="granted")
    assert "被申请人依法给予申请人行政赔偿。" in _decision_text(other, officer, on)


def test_a_2017_case_has_no_agreement_decision_but_may_order_redone_after_confirm_illegal(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2023, 9, 20), today=D(2023, 9, 20))
    engine.perform(case, "accept", actor=officer, data={"accepted_on": D(2023, 9, 20)}, today=D(2023, 9, 20))
    engine.perform(case, "send_copy", actor=officer, data={"sent_on": "2023-09-21"}, today=D(2023, 9, 21))
    engine.perform(
        case, "receive_answer", actor=officer, data={"answered_on": "2023-09-25"}, today=D(2023, 9, 25)
    )
    on = D(2023, 11, 10)
    refused_unchanged(
        case,
        officer,
        on,
        "不能作出“责令承担行政协议责任”决定",
        decision_type="agreement",
        obligation="继续履行",
    )
    decide(case, officer, on, decision_type="confirm_illegal", redo_days=15)
    assert "责令被申请人自收到本决定书之日起15日内重新作出行政行为。" in _decision_text(case, officer, on)
