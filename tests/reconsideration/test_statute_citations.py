"""Article citations checked against the statute texts (docs/statutes.md): the transition log and
the documents a user reads must name the right paragraph and the right approver for the law version
that governs the case (2023 《行政复议法》, or for cases received before 2024-01-01 the 2017 text
and its 2007 实施条例)."""

import datetime as dt
import io

import pytest
from docx import Document

from fazhi.core.documents import services as documents
from fazhi.core.workflow import engine
from fazhi.core.workflow.testing import confirm_pending
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

D = dt.date
LAW = "《中华人民共和国行政复议法》"
LAW_2017 = "《中华人民共和国行政复议法》（2017年修正）"
REGULATION = "《中华人民共和国行政复议法实施条例》"


@pytest.fixture
def staff(tree):
    org = tree["east_justice"]
    return {
        "org": org,
        "officer": factories.user(org, roles=("officer", "reviewer")),
        "head": factories.user(org, roles=("leader",)),
    }


def step(case, actor, name, today, **data):
    # An extension is asked, then confirmed by the approver it names (docs/security.md 34).
    return confirm_pending(engine.perform(case, name, actor=actor, data=data, today=today), today)


def text_of(case, code, actor) -> str:
    attachment = documents.document_generate(record=case, kind=f"reconsideration.{code}", actor=actor)
    doc = Document(io.BytesIO(attachment.file.open("rb").read()))
    return "\n".join(p.text for p in doc.paragraphs)


def reviewing(staff, received_on, accepted_on):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, received_on)
    step(case, officer, "accept", accepted_on, accepted_on=accepted_on.isoformat())
    step(case, officer, "send_copy", accepted_on, sent_on=accepted_on.isoformat())
    answered = accepted_on + dt.timedelta(days=3)
    step(case, officer, "receive_answer", answered, answered_on=answered.isoformat())
    return case


# --- 视为受理: 2023 法第三十条第三款 (第二款 is 不予受理); 2017 法第十七条第二款 --------------------------


def test_deemed_acceptance_cites_the_third_paragraph_of_article_30(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2026, 3, 2))  # review: 5 个工作日, due 03-09
    step(case, officer, "deem_accepted", D(2026, 3, 10), noted_on="2026-03-10")
    log = engine.history(case).get(transition="deem_accepted")
    assert log.article == "《行政复议法》第三十条第三款"
    assert case.accepted_on == D(2026, 3, 9)


def test_deemed_acceptance_of_a_2017_case_cites_article_17_paragraph_2(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2023, 3, 1))
    step(case, officer, "deem_accepted", D(2023, 3, 9), noted_on="2023-03-09")
    log = engine.history(case).get(transition="deem_accepted")
    assert log.article == "《行政复议法》第十七条第二款"
    # 2017: 自收到之日起即为受理.
    assert case.accepted_on == D(2023, 3, 1)


# --- 延期: 2023 法第六十二条 机构负责人; 2017 法第三十一条 机关负责人 ---------------------------------------


def test_extension_approver_follows_the_law_version(staff):
    officer, head = staff["officer"], staff["head"]
    new = reviewing(staff, D(2026, 3, 2), D(2026, 3, 4))
    step(new, officer, "extend", D(2026, 4, 20), days=15, reason="案情复杂", approver=head.pk)
    text = text_of(new, "extension_notice", officer)
    assert "经行政复议机构负责人批准" in text and f"{LAW}第六十二条第一款" in text

    old = reviewing(staff, D(2023, 3, 1), D(2023, 3, 3))
    step(old, officer, "extend", D(2023, 4, 20), days=15, reason="案情复杂", approver=head.pk)
    text = text_of(old, "extension_notice", officer)
    assert "经行政复议机关负责人批准" in text and "行政复议机构负责人" not in text
    assert f"{LAW_2017}第三十一条第一款" in text

    step(old, officer, "decide", D(2023, 5, 10), **rf.decision("uphold", "2023-05-10"))
    text = text_of(old, "decision", officer)
    assert "经行政复议机关负责人批准，本案审理期限延长15日" in text


# --- 受理条件: 2017 法第十七条 + 实施条例第二十八条 ---------------------------------------------------


def test_a_2017_acceptance_notice_names_the_regulation_listing_the_conditions(staff):
    officer = staff["officer"]
    case = rf.registered(staff["org"], officer, D(2023, 3, 1))
    step(case, officer, "accept", D(2023, 3, 3), accepted_on="2023-03-03")
    text = text_of(case, "acceptance_notice", officer)
    assert f"符合{LAW_2017}第十七条、{REGULATION}第二十八条规定的受理条件" in text


# --- 中止 for a normative-document review: 2017 法第二十六条、第二十七条 -----------------------------------


def test_a_2017_norm_review_suspension_cites_articles_26_and_27(staff):
    officer = staff["officer"]
    old = reviewing(staff, D(2023, 3, 1), D(2023, 3, 3))
    step(old, officer, "suspend", D(2023, 3, 20), ground="norm_review", suspended_on="2023-03-20")
    text = text_of(old, "suspension_notice", officer)
    assert f"{LAW_2017}第二十六条、第二十七条" in text and "实施条例》第四十一条" not in text

    new = reviewing(staff, D(2026, 3, 2), D(2026, 3, 4))
    step(new, officer, "suspend", D(2026, 3, 20), ground="norm_review", suspended_on="2026-03-20")
    text = text_of(new, "suspension_notice", officer)
    assert f"{LAW}第三十九条第一款第（九）项" in text
