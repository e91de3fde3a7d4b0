"""The 被申请人 department (2023 《行政复议法》第十九条: the organ that made the act) sees the case against
it and files its 答复 and evidence in the system (第四十八条), and takes no other step: it cannot accept,
decide, edit the registration or issue the 复议机关's documents (issue 11 item 9)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.documents import services as documents
from fazhi.core.workflow import engine
from fazhi.reconsideration.documents import ANSWER_NOTICE
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 3, 2)


@pytest.fixture
def people(tree):
    return {
        "desk": factories.user(tree["east_justice"], roles=("officer", "reviewer"), username="fuyi"),
        "market": factories.user(tree["east_market"], roles=("officer", "reviewer"), username="shichang"),
        "other": factories.user(tree["west_justice"], roles=("officer",), username="xiqu"),
    }


def _answering(tree, people):
    case = rf.registered(tree["east_justice"], people["desk"], RECEIVED, today=RECEIVED)
    engine.perform(case, "accept", actor=people["desk"], data={"accepted_on": RECEIVED}, today=RECEIVED)
    engine.perform(case, "send_copy", actor=people["desk"], data={"sent_on": RECEIVED}, today=RECEIVED)
    return case


def test_the_respondent_named_on_registration_is_linked_and_sees_the_case(client, tree, people):
    case = _answering(tree, people)
    assert case.act_organisation == tree["east_market"]  # 被申请人 typed as a name, matched in the county
    client.force_login(people["market"])
    assert case.case_number in client.get("/staff/reconsideration/").content.decode()
    assert client.get(f"/staff/reconsideration/{case.pk}/").status_code == 200
    client.force_login(people["other"])
    assert client.get(f"/staff/reconsideration/{case.pk}/").status_code == 404


def test_the_respondent_may_only_file_its_answer(client, tree, people):
    case = _answering(tree, people)
    market = people["market"]
    offered = [o.transition.name for o in engine.options(case, market, today=RECEIVED)]
    assert offered == ["receive_answer"]
    with pytest.raises(engine.NotPermitted, match="东区司法局办理"):
        engine.perform(
            case, "terminate", actor=market, data={"ground": "withdrawn", "terminated_on": RECEIVED}
        )
    client.force_login(market)
    assert client.get(f"/staff/reconsideration/{case.pk}/edit/").status_code == 404
    with pytest.raises(
        documents.DocumentNotPermitted
    ):  # the 复议机关 issues its documents, not the respondent
        documents.document_generate(record=case, kind=ANSWER_NOTICE, actor=market, today=RECEIVED)
    documents.document_generate(record=case, kind=ANSWER_NOTICE, actor=people["desk"], today=RECEIVED)

    engine.perform(case, "receive_answer", actor=market, data={"answered_on": RECEIVED}, today=RECEIVED)
    case.refresh_from_db()
    assert case.status == "reviewing"
    assert engine.options(case, market, today=RECEIVED) == []  # nothing more for the respondent
    assert "decide" in [o.transition.name for o in engine.options(case, people["desk"], today=RECEIVED)]
