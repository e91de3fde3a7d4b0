"""Paper applications get their 查询码 on the 收件回执; provisional 届满日 are labelled; the notices
that go to the 第三人 name them (issue 11 item 18, and 第三人 on notices)."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from fazhi.core.audit.models import AuditEvent
from fazhi.core.documents import services
from fazhi.core.workflow import engine
from fazhi.core.workflow.testing import confirm_pending
from tests import factories
from tests.reconsideration import factories as rf
from tests.reconsideration.test_document_golden import organisation, person, text_of

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_justice"], roles=("officer", "reviewer"), full_name="王林")


def generate(case, kind, officer, on=None) -> str:
    attachment = services.document_generate(
        record=case, kind=f"reconsideration.{kind}", actor=officer, today=on
    )
    return text_of(attachment.file.open("rb").read())


def lookup(code: str, name: str) -> str:
    return (
        Client()
        .post("/reconsideration/query/", {"query_code": code, "applicant_name": name})
        .content.decode()
    )


def test_the_receipt_of_an_application_handed_in_carries_a_query_code_that_works_on_the_portal(
    tree, officer, settings
):
    """2023 法第二十二条 (当面提交、口头申请) and 第三十条 (五个工作日 from receipt): the applicant who
    came in person leaves with a 收件回执 carrying the 查询码 and where to use it."""
    settings.FAZHI_PORTAL_URL = "https://fzzf.example.gov.cn"
    today = dt.date.today()
    case = rf.registered(tree["east_justice"], officer, today, parties=[rf.applicant("张三")])
    attachment = services.document_generate(record=case, kind="reconsideration.receipt", actor=officer)
    text = "\n".join(p.text for p in Document(io.BytesIO(attachment.file.open("rb").read())).paragraphs)
    assert text.startswith("收件回执")
    assert f"查询码：{case.query_code}" in text
    assert "https://fzzf.example.gov.cn/reconsideration/query/" in text
    assert case.case_number in text and "五个工作日内" in text

    code = text.split("查询码：")[1][:12]
    progress = lookup(code, "张三").split('id="progress"')[1]
    assert case.case_number in progress and "受理审查中" in progress
    # The code is printed, never written to the audit trail.
    assert not any(code in str(e.detail) for e in AuditEvent.objects.all())


def test_an_online_application_gets_no_paper_receipt(tree, officer):
    case = rf.registered(tree["east_justice"], officer, dt.date.today(), channel="online")
    with pytest.raises(services.DocumentUnavailable, match="网上申请的查询码已在提交时告知申请人"):
        services.document_generate(record=case, kind="reconsideration.receipt", actor=officer)


def test_a_due_date_in_a_year_whose_holidays_are_not_confirmed_is_shown_as_provisional(tree, officer):
    """ADR 0003: 2027's 放假安排 is not confirmed in the test calendar, so the 五个工作日 review (第三十条)
    of an application received on 2026-12-29 ends on a day that may still move."""
    case = rf.registered(tree["east_justice"], officer, D(2026, 12, 29), parties=[rf.applicant("张三")])
    html = lookup(case.query_code, "张三")
    row = html.split("受理审查期限届满日")[1].split("</dd>")[0]
    assert "2027-01-05（暂定，待该年度节假日安排公布后确认）" in row

    staff = Client()
    staff.force_login(officer)
    detail = staff.get(reverse("web:detail", args=["reconsideration", case.pk])).content.decode()
    clocks = detail.split('id="clocks"')[1]
    assert "2027-01-05" in clocks and "暂定" in clocks and "2027年节假日安排尚未确认" in clocks


def test_a_due_date_in_a_confirmed_year_is_not_labelled(tree, officer):
    case = rf.registered(tree["east_justice"], officer, D(2026, 8, 3), parties=[rf.applicant("张三")])
    row = lookup(case.query_code, "张三").split("受理审查期限届满日")[1].split("</dd>")[0]
    assert "2026-08-10" in row and "暂定" not in row


def step(case, name, actor, on, **data):
    confirm_pending(engine.perform(case, name, actor=actor, data=data, today=on), on)
    case.refresh_from_db()


def test_the_notices_that_go_to_the_third_party_name_them(tree, officer):
    """2023 法第十六条 (第三人), 第五十一条 (听证 notified to every 当事人), 第六十一条、第七十五条 (the
    决定书 served on the 当事人 names them); the 受理通知书 is copied to the 第三人."""
    case = rf.registered(
        tree["east_justice"],
        officer,
        D(2026, 8, 3),
        parties=organisation(),
        act_document_number="东市监罚〔2026〕12号",
    )
    step(case, "accept", officer, D(2026, 8, 4), accepted_on="2026-08-04")
    acceptance = generate(case, "acceptance_notice", officer)
    assert "抄送：第三人王五。" in acceptance
    assert case.query_code not in acceptance  # the third party's copy must not open the applicant's case

    step(case, "send_copy", officer, D(2026, 8, 5), sent_on="2026-08-05")
    step(case, "receive_answer", officer, D(2026, 8, 14), answered_on="2026-08-14")
    step(
        case,
        "schedule_hearing",
        officer,
        D(2026, 8, 17),
        basis="necessary",
        hearing_date="2026-08-31",
        place="东区司法局第一会议室",
        matters="处罚数额是否适当",
        notified_on="2026-08-17",
    )
    hearing = generate(case, "hearing_notice", officer)
    assert hearing.splitlines()[3] == "申请人示范市某某建材有限公司，被申请人东区市场监督管理局，第三人王五："
    assert "2026年8月31日" in hearing and "处罚数额是否适当" in hearing

    step(
        case,
        "cancel_hearing",
        officer,
        D(2026, 8, 20),
        reason="申请人撤回听证请求",
        cancelled_on="2026-08-20",
    )
    rf.hear_views(case, officer, D(2026, 8, 21))  # 第四十九条: heard before the decision
    step(case, "decide", officer, D(2026, 9, 1), **rf.decision("uphold", "2026-09-01"))
    decision = generate(case, "decision", officer)
    header = decision.split("申请人不服被申请人")[0]
    assert "第三人：王五。" in header and "被申请人：东区市场监督管理局。" in header


def test_without_a_third_party_the_notices_copy_no_one(tree, officer):
    case = rf.registered(tree["east_justice"], officer, D(2026, 8, 3), parties=person())
    step(case, "accept", officer, D(2026, 8, 4), accepted_on="2026-08-04")
    assert "抄送" not in generate(case, "acceptance_notice", officer)
