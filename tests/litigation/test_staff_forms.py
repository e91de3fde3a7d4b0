"""Staff forms of 行政应诉: registration with plaintiffs, hearings, appearances, recommendations."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.core.audit.models import AuditEvent
from fazhi.core.calendar import services as clock_services
from fazhi.core.kit import links
from fazhi.core.kit.models import LinkKind
from fazhi.core.workflow.models import Attachment
from fazhi.litigation.models import Appearance, Hearing, JudicialRecommendation, Lawsuit, Party
from tests import factories
from tests.formdata import page_data
from tests.litigation import factories as lf
from tests.reconsideration import factories as rf

USCC = "91110000600037341L"


@pytest.fixture
def staff(tree):
    return {
        "east": factories.user(tree["east_market"], roles=("officer",), full_name="赵敏"),
        "other_dept": factories.user(tree["east_justice"], roles=("officer",)),
        "supervisor": factories.user(tree["east_market"], roles=("supervisor",)),
    }


def _reconsidered(case, user) -> list:
    """The 复议 cases linked to ``case`` (复议 —起诉→ lawsuit) that ``user`` may see."""
    return links.linked_records(case, user, kind=LinkKind.LITIGATED, matter_key="reconsideration")


def _registration(org, **overrides):
    received = timezone.localdate() - dt.timedelta(days=2)
    data = {
        "organisation": str(org.pk),
        "court": "东区人民法院",
        "case_number": "(2026)测0206行初88号",
        "instance": "first",
        "act_type": "行政处罚",
        "act_document_number": "东市监罚〔2026〕12号",
        "act_description": "罚款五千元",
        "reconsideration_case_number": "",
        "complaint_received_on": received.isoformat(),
        "plaintiffs-TOTAL_FORMS": "2",
        "plaintiffs-INITIAL_FORMS": "0",
        "plaintiffs-MIN_NUM_FORMS": "1",
        "plaintiffs-MAX_NUM_FORMS": "50",
        "plaintiffs-0-kind": "person",
        "plaintiffs-0-name": "张三",
        "plaintiffs-0-id_number": lf.PERSON_ID,
        "plaintiffs-0-phone": "13800138000",
        "plaintiffs-0-address": "",
        "plaintiffs-1-kind": "organisation",
        "plaintiffs-1-name": "示范贸易有限公司",
        "plaintiffs-1-id_number": USCC,
        "plaintiffs-1-phone": "",
        "plaintiffs-1-address": "",
    }
    data.update(overrides)
    return data


def test_register_lawsuit_with_two_plaintiffs_linked_reconsideration_and_answer_clock(client, tree, staff):
    # The 复议 case is the 司法局's (the 行政复议机构); a county officer whose scope covers it and the
    # defendant registers the lawsuit and links it.
    recon = rf.new_case(tree["east_justice"], staff["other_dept"], dt.date(2026, 3, 2))
    county = factories.user(tree["east_gov"], roles=("officer",), scope="region", full_name="钱县")
    client.force_login(county)
    form_page = client.get("/staff/lawsuits/new/")
    assert form_page.status_code == 200 and "登记行政诉讼案件" in form_page.content.decode()

    response = client.post(
        "/staff/lawsuits/new/",
        _registration(tree["east_market"], reconsideration_case_number=recon.case_number),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Lawsuit.objects.get()
    assert response["Location"] == f"/staff/lawsuits/{case.pk}/"
    assert case.case_number == "（2026）测0206行初88号"  # brackets normalised to full width
    assert case.organisation == tree["east_market"] and case.status == "answering"
    assert case.reconsideration_case_number == recon.case_number
    assert _reconsidered(case, county) == [recon]  # a kit MatterLink
    assert sorted(Party.objects.filter(lawsuit=case).values_list("kind", "name")) == [
        ("organisation", "示范贸易有限公司"),
        ("person", "张三"),
    ]
    assert case.plaintiff_summary == "张三、示范贸易有限公司"
    clock = clock_services.clocks_for(case).get(code="answer")
    assert clock.state == "running"
    detail = client.get(f"/staff/lawsuits/{case.pk}/").content.decode()
    assert "已登记行政诉讼案件" in detail and "庭审、出庭和司法建议" in detail


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"plaintiffs-0-id_number": "110105194912310021"}, "公民身份号码校验位错误"),
        ({"plaintiffs-1-id_number": "91110000600037341A"}, "统一社会信用代码校验位错误"),
        (
            {"plaintiffs-0-name": "", "plaintiffs-0-id_number": "", "plaintiffs-0-phone": ""},
            "请填写“原告姓名或名称”",
        ),
        ({"case_number": "行初88号"}, "案号格式应为"),
        ({"court": ""}, "请填写“受理法院”"),
        ({"complaint_received_on": "2026-02-30"}, "“收到起诉状副本日期”不是有效日期"),
        (
            {"complaint_received_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
            "收到起诉状副本日期不能晚于今天",
        ),
        (
            {"act_date": (timezone.localdate() + dt.timedelta(days=1)).isoformat()},
            "被诉行为作出日期不能晚于今天",
        ),
        ({"reconsideration_case_number": "东复〔2026〕999号"}, "没有找到您有权查看的复议案件"),
    ],
)
def test_invalid_registration_shows_chinese_error_and_saves_nothing(client, tree, staff, overrides, message):
    client.force_login(staff["east"])
    before = AuditEvent.objects.count()
    response = client.post("/staff/lawsuits/new/", _registration(tree["east_market"], **overrides))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "未保存" in body
    assert not Lawsuit.objects.exists() and not Party.objects.exists()
    assert AuditEvent.objects.count() == before


def test_reconsideration_case_outside_scope_cannot_be_linked(client, tree, staff):
    west = factories.user(tree["west_justice"], roles=("officer",))
    hidden = rf.new_case(tree["west_justice"], west, dt.date(2026, 3, 2))
    client.force_login(staff["east"])
    response = client.post(
        "/staff/lawsuits/new/",
        _registration(tree["east_market"], reconsideration_case_number=hidden.case_number),
    )
    assert response.status_code == 400 and "没有找到您有权查看的复议案件" in response.content.decode()
    assert not Lawsuit.objects.exists()


def test_cannot_register_against_an_organisation_outside_scope(client, tree, staff):
    client.force_login(staff["other_dept"])
    response = client.post("/staff/lawsuits/new/", _registration(tree["east_market"]))
    assert response.status_code == 400
    assert "“被告单位”不在您的数据范围内" in response.content.decode()
    assert not Lawsuit.objects.exists()


def test_duplicate_case_number_is_refused(client, tree, staff):
    client.force_login(staff["east"])
    assert client.post("/staff/lawsuits/new/", _registration(tree["east_market"])).status_code == 302
    again = client.post("/staff/lawsuits/new/", _registration(tree["east_market"]))
    assert again.status_code == 400 and "已经登记，请勿重复登记" in again.content.decode()
    assert Lawsuit.objects.count() == 1


def test_forms_are_404_for_another_department_and_for_roles_without_case_work(client, tree, staff):
    case = lf.register(tree["east_market"], staff["east"])
    hearing = Hearing.objects.create(lawsuit=case, hearing_on=timezone.localdate())
    rec = JudicialRecommendation.objects.create(
        organisation=tree["east_market"],
        kind="judicial",
        issuer="东区人民法院",
        received_on=timezone.localdate(),
        content="规范行政处罚程序",
    )
    routes = [
        f"/staff/lawsuits/{case.pk}/edit/",  # 登记开庭 (庭审 rows of the lawsuit)
        f"/staff/hearings/{hearing.pk}/edit/",  # 登记出庭人员
        f"/staff/judicial-recommendations/{rec.pk}/edit/",
    ]
    client.force_login(staff["other_dept"])
    for route in routes:
        assert client.get(route).status_code == 404, route
        assert client.post(route, {"hearing_on": "2026-01-05", "person_name": "某"}).status_code == 404, route
    # A recommendation cannot be linked to a lawsuit of another department.
    r = client.post(
        "/staff/judicial-recommendations/new/",
        {
            "organisation": str(tree["east_justice"].pk),
            "lawsuit": str(case.pk),
            "kind": "judicial",
            "issuer": "东区人民法院",
            "received_on": timezone.localdate().isoformat(),
            "content": "规范送达",
            "rectification_deadline": timezone.localdate().isoformat(),
        },
    )
    assert r.status_code == 400 and "“关联案件”不存在或不在您的数据范围内" in r.content.decode()
    client.force_login(staff["supervisor"])  # in scope, but not a case-handling role
    for route in [*routes, "/staff/lawsuits/new/", "/staff/judicial-recommendations/new/"]:
        assert client.get(route).status_code == 404, route
    assert Hearing.objects.count() == 1 and not Appearance.objects.exists()
    assert JudicialRecommendation.objects.count() == 1
    client.force_login(staff["east"])
    for route in [*routes, f"/staff/judicial-recommendations/new/?lawsuit={case.pk}"]:
        assert client.get(route).status_code == 200, route


def _hearing_post(client, case, **row):
    page = client.get(f"/staff/lawsuits/{case.pk}/edit/")
    assert page.status_code == 200
    n = int(page.context["inlines"][1].initial_form_count())
    return client.post(
        f"/staff/lawsuits/{case.pk}/edit/",
        page_data(page, **{f"hearings-{n}-{k}": v for k, v in row.items()}),
    )


def test_add_hearing_with_time_sets_reminder_and_shows_on_detail(client, tree, staff):
    case = lf.register(
        tree["east_market"], staff["east"], received_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 2)
    )
    client.force_login(staff["east"])
    assert (
        f'href="/staff/lawsuits/{case.pk}/edit/#hearings"'
        in client.get(f"/staff/lawsuits/{case.pk}/").content.decode()
    )
    response = _hearing_post(
        client, case, hearing_on="2026-12-10", hearing_time="09:30", court_room="第三法庭", summoned_head="on"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    h = Hearing.objects.get(lawsuit=case)
    assert (h.hearing_time, h.court_room, h.remind_on, h.summoned_head) == (
        dt.time(9, 30),
        "第三法庭",
        dt.date(2026, 12, 7),
        True,
    )
    body = client.get(f"/staff/lawsuits/{case.pk}/").content.decode()
    assert "2026-12-10" in body and "09:30" in body and "第三法庭" in body and "法院通知负责人出庭" in body


def test_invalid_hearing_is_refused_in_chinese(client, tree, staff):
    case = lf.register(
        tree["east_market"], staff["east"], received_on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 2)
    )
    client.force_login(staff["east"])
    body = _hearing_post(client, case, hearing_on="2026-02-01").content.decode()
    assert "开庭日期不能早于收到起诉状副本日期" in body
    body = _hearing_post(client, case, hearing_on="2026-12-10", hearing_time="25:00").content.decode()
    assert "“开庭时间”不是有效时间" in body
    body = _hearing_post(client, case, hearing_on="2026-12-10", remind_on="2026-12-11").content.decode()
    assert "提醒日期不能晚于开庭日期" in body
    assert not Hearing.objects.exists()


def _appearance_block(body: str, name: str) -> str:
    match = re.search(rf'<div class="appearance">{name}.*?</div>', body, re.S)
    assert match, f"{name} not shown"
    return match.group(0)


def _appearance_post(client, hearing, **row):
    url = f"/staff/hearings/{hearing.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200
    n = int(page.context["inlines"][0].initial_form_count())
    return client.post(url, page_data(page, **{f"appearances-{n}-{k}": v for k, v in row.items()}))


def test_section_chief_does_not_count_as_head_but_deputy_in_charge_does(client, tree, staff):
    case = lf.register(tree["east_market"], staff["east"])
    hearing = Hearing.objects.create(lawsuit=case, hearing_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(staff["east"])
    detail = client.get(f"/staff/lawsuits/{case.pk}/").content.decode()
    assert f'href="/staff/hearings/{hearing.pk}/edit/#appearances"' in detail
    assert (
        "科长" in client.get(f"/staff/hearings/{hearing.pk}/edit/").content.decode()
    )  # the rule is explained

    r = _appearance_post(
        client, hearing, person_name="李科长", position="法制科科长", capacity="staff", spoke="on"
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    body = client.get(f"/staff/lawsuits/{case.pk}/").content.decode()
    assert "不计入负责人出庭" in _appearance_block(body, "李科长")
    assert "尚无负责人出庭记录" in body

    r = _appearance_post(
        client,
        hearing,
        person_name="王副局长",
        position="分管副局长",
        capacity="deputy_in_charge",
        spoke="on",
    )
    assert r.status_code == 302
    body = client.get(f"/staff/lawsuits/{case.pk}/").content.decode()
    block = _appearance_block(body, "王副局长")
    assert "计入负责人出庭" in block and "不计入" not in block and "出庭又出声" in block
    assert "不计入负责人出庭" in _appearance_block(body, "李科长")
    assert "已有负责人出庭" in body
    assert [a.counts_as_head for a in Appearance.objects.order_by("id")] == [False, True]


def test_section_chief_cannot_be_recorded_as_head_and_future_hearing_refused(client, tree, staff):
    case = lf.register(tree["east_market"], staff["east"])
    held = Hearing.objects.create(lawsuit=case, hearing_on=timezone.localdate())
    future = Hearing.objects.create(lawsuit=case, hearing_on=timezone.localdate() + dt.timedelta(days=5))
    client.force_login(staff["east"])
    r = _appearance_post(client, held, person_name="李科长", position="法制科科长", capacity="deputy")
    assert r.status_code == 400 and "“法制科科长”不属于行政机关负责人" in r.content.decode()
    r = _appearance_post(client, held, person_name="王某", position="", capacity="chief")
    assert "以负责人身份出庭的，请填写其职务" in r.content.decode()
    r = _appearance_post(client, future, person_name="王局长", position="局长", capacity="chief")
    assert r.status_code == 400 and "开庭后再登记出庭人员" in r.content.decode()
    assert not Appearance.objects.exists()


def test_register_recommendation_and_reply_with_evidence(client, tree, staff):
    case = lf.register(tree["east_market"], staff["east"])
    client.force_login(staff["east"])
    today = timezone.localdate()
    body = client.get(f"/staff/lawsuits/{case.pk}/").content.decode()
    link = f"/staff/judicial-recommendations/new/?lawsuit={case.pk}&amp;organisation={case.organisation_id}"
    assert link in body
    r = client.post(
        f"/staff/judicial-recommendations/new/?lawsuit={case.pk}",
        {
            "organisation": str(tree["east_market"].pk),
            "lawsuit": str(case.pk),
            "kind": "procuratorial",
            "issuer": "东区人民检察院",
            "document_number": "东检行建〔2026〕3号",
            "received_on": (today - dt.timedelta(days=10)).isoformat(),
            "content": "规范罚没款收缴程序",
            "rectification_deadline": (today + dt.timedelta(days=50)).isoformat(),
        },
    )
    assert r.status_code == 302
    rec = JudicialRecommendation.objects.get()
    assert (rec.lawsuit, rec.organisation, rec.kind) == (case, tree["east_market"], "procuratorial")
    body = client.get(f"/staff/lawsuits/{case.pk}/").content.decode()
    assert "东区人民检察院" in body and "登记整改回复" in body

    # Registration took 收到建议: the reply clock runs (2 个月, 检察建议工作规定第十九条).
    assert rec.status == "received"
    assert clock_services.clocks_for(rec).get(code="reply").state == "running"

    reply_url = f"/staff/judicial-recommendations/{rec.pk}/transition/reply/"
    answer = {"reply": "已整改", "replied_on": today.isoformat(), "expected_version": str(rec.version)}
    detail = client.get(f"/staff/judicial-recommendations/{rec.pk}/").content.decode()
    assert "须先上传：整改回复" in detail  # the step waits for its evidence
    missing = client.post(reply_url, answer)
    assert missing.status_code == 400 and "须上传：整改回复" in missing.content.decode()
    rec.refresh_from_db()
    assert rec.replied_on is None and rec.status == "received"

    upload = client.post(
        f"/staff/judicial-recommendations/{rec.pk}/attachments/",
        {"kind": "整改回复", "file": SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 test")},
    )
    assert upload.status_code == 302
    early = client.post(reply_url, {**answer, "replied_on": (today - dt.timedelta(days=30)).isoformat()})
    assert early.status_code == 400 and "不能早于上一办理环节“收到建议”的日期" in early.content.decode()
    rec.refresh_from_db()
    assert rec.replied_on is None and rec.status == "received"

    ok = client.post(reply_url, {**answer, "reply": "已修订罚没款收缴流程并组织培训。"})
    assert ok.status_code == 302 and ok["Location"] == f"/staff/judicial-recommendations/{rec.pk}/"
    rec.refresh_from_db()
    assert rec.replied_on == today and rec.reply.startswith("已修订") and rec.status == "replied"
    assert clock_services.clocks_for(rec).get(code="reply").state == "stopped"
    attachment = Attachment.objects.get()
    assert (attachment.subject_id, attachment.kind, attachment.filename) == (
        rec.pk,
        "整改回复",
        "整改报告.pdf",
    )
    detail = client.get(ok["Location"]).content.decode()
    assert "已修订罚没款收缴流程" in detail and "整改报告.pdf" in detail


def test_recommendation_deadline_before_receipt_is_refused(client, tree, staff):
    client.force_login(staff["east"])
    r = client.post(
        "/staff/judicial-recommendations/new/",
        {
            "organisation": str(tree["east_market"].pk),
            "kind": "judicial",
            "issuer": "东区人民法院",
            "received_on": "2026-03-10",
            "content": "规范送达",
            "rectification_deadline": "2026-03-01",
        },
    )
    assert r.status_code == 400 and "整改回复期限不能早于收到日期" in r.content.decode()
    r = client.post("/staff/judicial-recommendations/new/", {"organisation": str(tree["east_market"].pk)})
    body = r.content.decode()
    assert "请选择“类型”" in body and "请填写“整改回复期限”" in body
    assert not JudicialRecommendation.objects.exists()


def test_recommendation_received_after_today_is_refused(client, tree, staff):
    client.force_login(staff["east"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    r = client.post(
        "/staff/judicial-recommendations/new/",
        {
            "organisation": str(tree["east_market"].pk),
            "kind": "procuratorial",
            "issuer": "东区人民检察院",
            "received_on": tomorrow.isoformat(),
            "content": "规范送达",
            "rectification_deadline": (tomorrow + dt.timedelta(days=60)).isoformat(),
        },
    )
    assert r.status_code == 400 and "收到日期不能晚于今天" in r.content.decode()
    assert not JudicialRecommendation.objects.exists()


def test_list_pages_offer_registration_only_to_case_handling_roles(client, tree, staff):
    client.force_login(staff["east"])
    assert 'href="/staff/lawsuits/new/"' in client.get("/staff/lawsuits/").content.decode()
    assert (
        'href="/staff/judicial-recommendations/new/"'
        in client.get("/staff/judicial-recommendations/").content.decode()
    )
    client.force_login(staff["supervisor"])
    assert 'href="/staff/lawsuits/new/"' not in client.get("/staff/lawsuits/").content.decode()


def test_edit_lawsuit_changes_plaintiffs_refreshes_summary_and_is_closed_once_the_case_is(
    client, tree, staff
):
    case = lf.register(tree["east_market"], staff["east"])
    client.force_login(staff["east"])
    url = f"/staff/lawsuits/{case.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    n = page.context["inlines"][0].initial_form_count()
    data = page_data(
        page,
        act_type="行政强制",
        **{
            f"plaintiffs-{n}-kind": "organisation",
            f"plaintiffs-{n}-name": "示范贸易有限公司",
            f"plaintiffs-{n}-id_number": USCC,
        },
    )
    before = AuditEvent.objects.count()
    assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.act_type == "行政强制" and case.plaintiff_summary == "张三、示范贸易有限公司"
    event = AuditEvent.objects.order_by("id")[before:].get()
    assert event.detail["fields"] == ["act_type"] and event.detail["rows"] == {"plaintiffs": {"added": 1}}
    assert USCC not in str(event.detail)
    # 重复的证件号码 is refused and nothing changes.
    page = client.get(url)
    data = page_data(
        page,
        **{
            f"plaintiffs-{n + 1}-kind": "person",
            f"plaintiffs-{n + 1}-name": "张三",
            f"plaintiffs-{n + 1}-id_number": lf.PERSON_ID,
        },
    )
    r = client.post(url, data)
    assert r.status_code == 400 and "重复填写" in r.content.decode()
    assert Party.objects.filter(lawsuit=case).count() == 2
    # A closed case keeps its file as it was.
    from fazhi.core.workflow.models import _engine_writing

    token = _engine_writing.set(True)
    try:
        Lawsuit.objects.filter(pk=case.pk).update(status="closed")
    finally:
        _engine_writing.reset(token)
    assert client.get(url).status_code == 404
    detail = client.get(f"/staff/lawsuits/{case.pk}/").content.decode()
    assert f'href="/staff/lawsuits/{case.pk}/edit/' not in detail


def test_changing_the_linked_reconsideration_case_on_edit_relinks_through_the_kit(client, tree, staff):
    first = rf.new_case(tree["east_justice"], staff["other_dept"], dt.date(2026, 3, 2))
    second = rf.new_case(tree["east_justice"], staff["other_dept"], dt.date(2026, 3, 3))
    county = factories.user(tree["east_gov"], roles=("officer",), scope="region", full_name="钱县")
    client.force_login(county)
    assert (
        client.post(
            "/staff/lawsuits/new/",
            _registration(tree["east_market"], reconsideration_case_number=first.case_number),
        ).status_code
        == 302
    )
    case = Lawsuit.objects.get()
    url = f"/staff/lawsuits/{case.pk}/edit/"
    page = client.get(url)
    assert (
        client.post(url, page_data(page, reconsideration_case_number=second.case_number)).status_code == 302
    )
    assert _reconsidered(case, county) == [second]
    page = client.get(url)
    assert client.post(url, page_data(page, reconsideration_case_number="")).status_code == 302
    assert _reconsidered(case, county) == []
