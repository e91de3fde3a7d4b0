"""The public 行政复议 pages: online application, progress by query code, published decisions
(docs/security.md 17–19: the pages hold no ID number, phone or address)."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core.audit.models import AuditEvent
from fazhi.core.publication import services as pubservices
from fazhi.core.publication.models import Publication, PublicationStatus
from fazhi.core.validators import id_number_check_digit
from fazhi.core.workflow import engine
from fazhi.portal import registry
from fazhi.portal.models import OnlineApplication
from fazhi.reconsideration import publication
from fazhi.reconsideration.models import Party, ReconsiderationCase
from tests import factories
from tests.publication_helpers import approve
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

ID_RE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ADDRESS = "示范市东区幸福路1号"
PHONE = "13800138000"


def assert_no_personal_data(html: str, *extra: str) -> None:
    assert not ID_RE.search(html), ID_RE.search(html)
    assert not MOBILE_RE.search(html), MOBILE_RE.search(html)
    for value in (rf.VALID_ID, PHONE, ADDRESS, "幸福路", *extra):
        assert value not in html


def form_data(org, **kw):
    data = {
        "organisation": org.pk,
        "applicant_kind": "person",
        "applicant_name": "张三",
        "id_number": rf.VALID_ID,
        "uscc": "",
        "phone": PHONE,
        "address": ADDRESS,
        "respondent_name": "东区市场监督管理局",
        "act_type": "penalty",
        "act_document_number": "东市监罚〔2026〕12号",
        "act_date": "",
        "act_description": "对申请人罚款五千元",
        "requests": "请求撤销该行政处罚决定。",
        "facts": "被申请人认定事实不清，程序违法。",
    }
    data.update(kw)
    return data


@pytest.fixture
def reviewer(tree):
    return factories.user(tree["east_justice"], roles=("officer", "reviewer"))


def test_citizen_applies_online_and_gets_a_query_code_once(tree):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/reconsideration/apply/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "网上申请行政复议" in html and "csrfmiddlewaretoken" in html and "东区司法局" in html
    token = page.cookies["csrftoken"].value

    response = client.post(
        "/reconsideration/apply/", {**form_data(tree["east_justice"]), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200
    # A receipt, not a case: the 收件编号 and the 查询码; no 案号 is used before staff register it.
    assert not ReconsiderationCase.objects.exists()
    intake = OnlineApplication.objects.get()
    body = response.content.decode()
    assert intake.query_code in body and intake.receipt_number in body and "只显示这一次" in body
    assert "no-store" in response["Cache-Control"]
    assert_no_personal_data(body)

    case = register_intake(intake, factories.user(tree["east_justice"], roles=("officer",)))
    assert (case.status, case.channel, case.received_on) == ("review", "online", timezone.localdate())
    assert case.query_code == intake.query_code
    assert "事实和理由：被申请人认定事实不清" in case.requests
    party = Party.objects.get()
    assert (party.name, party.id_number, party.phone, party.address) == ("张三", rf.VALID_ID, PHONE, ADDRESS)
    assert AuditEvent.objects.filter(action="record.create", object_id=str(case.pk)).count() == 1


def test_the_form_refuses_a_post_without_csrf_token(tree):
    response = Client(enforce_csrf_checks=True).post(
        "/reconsideration/apply/", form_data(tree["east_justice"])
    )
    assert response.status_code == 403
    assert not ReconsiderationCase.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id_number": "110105194912310021"}, "公民身份号码校验位错误"),
        ({"id_number": ""}, "请填写“公民身份号码”"),
        ({"phone": "12345"}, "联系电话应为11位手机号码"),
        ({"applicant_name": ""}, "请填写“申请人姓名或名称”"),
        ({"requests": ""}, "请填写“行政复议请求”"),
        ({"act_type": "nonsense"}, "请选择列表中的行为类型"),
        ({"act_date": "2999-01-01"}, "不能晚于今天"),
        ({"applicant_kind": "organisation", "id_number": ""}, "请填写“统一社会信用代码”"),
        (
            {"applicant_kind": "organisation", "id_number": "", "uscc": "91450200MA5K00001J"},
            "统一社会信用代码校验位错误",
        ),
        ({"organisation": "999999"}, "请选择列表中的行政复议机构"),
    ],
)
def test_invalid_applications_show_chinese_errors_and_save_nothing(tree, changes, message):
    response = Client().post("/reconsideration/apply/", form_data(tree["east_justice"], **changes))
    assert response.status_code == 400
    body = response.content.decode()
    assert "申请未提交" in body and message in body
    assert not ReconsiderationCase.objects.exists() and not Party.objects.exists()


def test_an_organisation_applies_with_its_credit_code(tree):
    response = Client().post(
        "/reconsideration/apply/",
        form_data(
            tree["east_justice"],
            applicant_kind="organisation",
            applicant_name="示范商贸有限公司",
            id_number="",
            uscc="91450200MA5K00001K",
        ),
    )
    assert response.status_code == 200
    register_intake(OnlineApplication.objects.get(), factories.user(tree["east_justice"], roles=("officer",)))
    party = Party.objects.get()
    assert (party.kind, party.uscc, party.id_number) == ("organisation", "91450200MA5K00001K", "")


def register_intake(intake, officer) -> ReconsiderationCase:
    """An officer registers the online application on 网上收件 (the 案号 is taken here)."""
    client = Client()
    client.force_login(officer)
    response = client.post(f"/staff/online-applications/{intake.pk}/register/")
    assert response.status_code == 302, response.content.decode()[:2000]
    intake.refresh_from_db()
    assert intake.status == "registered", intake.status
    return ReconsiderationCase.objects.get(pk=intake.record_id)


def _apply(tree, **kw) -> ReconsiderationCase:
    """Apply online, and have an officer register the application."""
    response = Client().post("/reconsideration/apply/", form_data(tree["east_justice"], **kw))
    assert response.status_code == 200, response.content.decode()[:2000]
    intake = OnlineApplication.objects.latest("id")
    return register_intake(intake, factories.user(tree["east_justice"], roles=("officer",)))


def _query(code, name):
    return Client().post("/reconsideration/query/", {"query_code": code, "applicant_name": name})


def test_progress_by_query_code_and_applicant_name(tree, reviewer):
    response = Client().post("/reconsideration/apply/", form_data(tree["east_justice"]))
    intake = OnlineApplication.objects.get()
    code = intake.query_code
    response = _query(code.lower()[:4] + "-" + code[4:], "张三")
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert intake.receipt_number in html and "已收件，待登记" in html
    assert_no_personal_data(html)

    case = register_intake(intake, reviewer)
    response = _query(code, "张三")
    html = response.content.decode()
    assert case.case_number in html and intake.receipt_number in html
    assert "受理审查中" in html and "受理审查期限届满日" in html
    progress = html.split('id="progress"')[1]
    assert "张某" in progress and "张三" not in progress
    assert_no_personal_data(progress)

    wrong_code = _query("ACDEFGHJKMNP", "张三").content.decode()
    wrong_name = _query(case.query_code, "李四").content.decode()
    for body in (wrong_code, wrong_name):
        assert "未找到与该查询码和申请人姓名（名称）相符的申请" in body
        assert case.case_number not in body


def _decide(case, actor, decision_type="revoke"):
    today = timezone.localdate()
    if case.status == "received":
        engine.perform(case, "register", actor=actor, data={"received_on": case.received_on})
    engine.perform(case, "accept", actor=actor, data={"accepted_on": today})
    engine.perform(case, "send_copy", actor=actor, data={"sent_on": today})
    engine.perform(case, "receive_answer", actor=actor, data={"answered_on": today})
    rf.hear_views(case, actor, today)
    engine.perform(case, "decide", actor=actor, data=rf.decision(decision_type, today))


def _serve(case, actor):
    engine.perform(case, "serve", actor=actor, data={"served_on": timezone.localdate()})


@pytest.mark.django_db(transaction=True)
def test_served_decision_is_published_masked_and_searchable(tree, reviewer):
    case = _apply(tree)
    _decide(case, reviewer)
    assert not Publication.objects.exists()  # not before service (第七十五条: effective on service)
    _serve(case, reviewer)
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.PENDING_REVIEW  # held until a reviewer approves
    assert Client().get(f"/reconsideration/decisions/{pub.pk}/").status_code == 404
    pub = approve(pub, reviewer)

    client = Client()
    listing = client.get("/reconsideration/decisions/").content.decode()
    detail = client.get(f"/reconsideration/decisions/{pub.pk}/").content.decode()
    for html in (listing, detail):
        assert case.case_number in html and "东区市场监督管理局" in html and "张某" in html and "撤销" in html
        assert_no_personal_data(html, "张三")
    assert "东区司法局" in detail and "《中华人民共和国行政复议法》第六十四条" in detail
    assert "请求撤销该行政处罚决定" in detail

    found = client.get("/search/", {"q": "东区市场监督管理局"}).content.decode()
    assert pub.title in found and f"/reconsideration/decisions/{pub.pk}/" in found
    assert "行政复议" in client.get("/").content.decode()  # the public section is listed
    section = next(s for s in registry.sections() if s.key == "reconsideration")  # declared on PORTAL
    assert (section.title, section.url, section.order) == (
        "行政复议",
        "portal:reconsideration_portal:index",
        20,
    )
    (hit,) = section.search("东区市场监督管理局", 20)
    assert (hit.title, hit.url, hit.date) == (
        pub.title,
        f"/reconsideration/decisions/{pub.pk}/",
        pub.public_date,
    )
    assert hit.summary == f"被申请人：东区市场监督管理局；决定类型：{pub.value('decision_type')}"
    assert pub.value("decision_type") and hit.summary in found

    progress = _query(case.query_code, "张三").content.decode()
    assert "已送达" in progress and f"/reconsideration/decisions/{pub.pk}/" in progress


@pytest.mark.django_db(transaction=True)
def test_personal_data_in_the_applicants_text_holds_the_decision_for_review(tree, reviewer):
    case = _apply(tree, facts=f"本人电话{PHONE}，住{ADDRESS}，张三多次申辩未获回应。")
    _decide(case, reviewer, "uphold")
    _serve(case, reviewer)
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.PENDING_REVIEW
    assert {f["kind"] for f in pub.findings} == {"mobile", "known", "name"}
    client = Client()
    assert pub.title not in client.get("/reconsideration/decisions/").content.decode()
    assert client.get(f"/reconsideration/decisions/{pub.pk}/").status_code == 404

    pubservices.approve(pub, actor=reviewer)
    detail = client.get(f"/reconsideration/decisions/{pub.pk}/").content.decode()
    assert "维持" in detail and "138****8000" in detail and "张某多次申辩" in detail
    assert_no_personal_data(detail, "张三")


@pytest.mark.django_db(transaction=True)
def test_a_case_involving_a_minor_is_never_published(tree, reviewer):
    body = "45020620150301002"
    minor_id = body + id_number_check_digit(body)
    case = _apply(tree, applicant_name="王小明", id_number=minor_id)
    _decide(case, reviewer)
    _serve(case, reviewer)
    assert case.status == "served"
    assert not Publication.objects.exists()
    assert AuditEvent.objects.filter(action="publication.refuse").count() == 1


@pytest.mark.django_db(transaction=True)
def test_terminated_case_has_no_decision_to_publish_and_withdrawal_leaves_a_notice(tree, reviewer):
    today = timezone.localdate()
    ended = rf.registered(tree["east_justice"], reviewer, today - dt.timedelta(days=1), today=today)
    engine.perform(ended, "accept", actor=reviewer, data={"accepted_on": today})
    engine.perform(ended, "terminate", actor=reviewer, data={"ground": "withdrawn", "terminated_on": today})
    _serve(ended, reviewer)
    assert not Publication.objects.exists()

    case = _apply(tree)
    _decide(case, reviewer)
    _serve(case, reviewer)
    pub = approve(Publication.objects.get(), reviewer)
    publication.withdraw_decision(
        case, reason="张三提起行政诉讼，本决定已被人民法院判决撤销。", actor=reviewer
    )
    client = Client()
    detail = client.get(f"/reconsideration/decisions/{pub.pk}/").content.decode()
    assert "撤回公开" in detail and "判决撤销" in detail and "张某提起行政诉讼" in detail
    assert "决定书正文" not in detail
    assert_no_personal_data(detail, "张三")
    listing = client.get("/reconsideration/decisions/").content.decode()
    assert "撤回公告" in listing and "暂无公开的行政复议决定书" in listing


def test_query_with_missing_input_explains_in_chinese_and_echoes_nothing(tree):
    body = _query("", "张三").content.decode()
    assert "请填写“查询码”" in body and 'value="张三"' not in body
