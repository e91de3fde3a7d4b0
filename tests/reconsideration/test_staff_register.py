"""Staff registration of a 行政复议 application (/staff/reconsideration/new/), the list page button,
and the list export (Chinese columns, no identifiers)."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest

from fazhi.core.calendar.models import Clock
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import Party, ReconsiderationCase
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/staff/reconsideration/new/"
VALID_ID = "11010519491231002X"


def form_data(**kw) -> dict:
    return {
        "applicants-TOTAL_FORMS": "1",
        "applicants-INITIAL_FORMS": "0",
        "applicants-MIN_NUM_FORMS": "1",
        "applicants-MAX_NUM_FORMS": "10",
        "applicants-0-kind": "person",
        "applicants-0-name": "张三",
        "applicants-0-id_number": VALID_ID,
        "applicants-0-phone": "13800138000",
        "applicants-0-address": "示范市东区幸福路1号",
        "respondent_name": "东区市场监督管理局",
        "act_type": "penalty",
        "act_document_number": "东市监罚〔2026〕15号",
        "act_description": "罚款五千元的行政处罚决定",
        "requests": "请求撤销该行政处罚决定。",
        "channel": "in_person",
        "received_on": "2026-03-02",
        **kw,
    }


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_justice"], roles=("officer",), username="dengji", full_name="登记员")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_officer_registers_a_case_and_lands_on_its_detail_page(client, tree, officer):
    client.force_login(officer)
    page = client.get(URL)
    assert page.status_code == 200
    assert "登记行政复议申请" in text(page) and "东区司法局" in text(page)

    response = client.post(URL, form_data(**{"applicants-0-id_number": "11010519491231002x"}))
    case = ReconsiderationCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/reconsideration/{case.pk}/"
    assert case.organisation == tree["east_justice"]
    assert case.status == "review" and case.received_on == dt.date(2026, 3, 2)
    assert case.case_number == "东区司法复〔2026〕1号" and case.applicant_names == "张三"
    applicant = Party.objects.get(case=case, role="applicant")
    assert (applicant.id_number, applicant.phone) == (VALID_ID, "13800138000")  # upper-cased X
    assert Party.objects.filter(case=case, role="respondent", name="东区市场监督管理局").exists()
    assert [log.transition for log in engine.history(case)] == ["register"]
    assert engine.history(case).get().actor == officer
    assert Clock.objects.get(subject_id=case.pk).code == "acceptance_review"

    detail = client.get(response["Location"])
    assert "已登记行政复议申请，案号：东区司法复〔2026〕1号" in text(detail)
    assert VALID_ID not in detail.content.decode()  # masked on staff pages


def test_invalid_id_number_is_refused_in_chinese_and_nothing_saved(client, officer):
    client.force_login(officer)
    response = client.post(URL, form_data(**{"applicants-0-id_number": "110105194912310021"}))
    assert response.status_code == 400
    page = text(response)
    assert "公民身份号码校验位错误，请核对。" in page and "未保存：请按提示修改后再提交。" in page
    assert ReconsiderationCase.objects.count() == 0 and Party.objects.count() == 0


def test_other_invalid_inputs_each_get_a_chinese_message(client, officer):
    client.force_login(officer)
    response = client.post(
        URL,
        form_data(
            **{
                "applicants-0-kind": "organisation",
                "applicants-0-id_number": "",
                "applicants-0-uscc": VALID_ID,  # not a valid credit code
                "applicants-0-phone": "12345",
            },
            received_on="2023-05-04",
            simple_procedure="on",
            respondent_name="",
        ),
    )
    assert response.status_code == 400
    page = text(response)
    assert "统一社会信用代码" in page and "校验位错误" in page
    assert "联系电话应为11位手机号码" in page
    assert "2024年1月1日前收到的申请适用2017年《行政复议法》，没有简易程序。" in page
    assert "请填写“被申请人”。" in page
    assert ReconsiderationCase.objects.count() == 0


def test_an_application_cannot_be_registered_as_received_after_today(client, officer):
    client.force_login(officer)
    response = client.post(URL, form_data(received_on="2999-01-04"))
    assert response.status_code == 400
    assert "收到申请日期不能晚于今天。" in text(response)
    assert ReconsiderationCase.objects.count() == 0


def test_organisation_applicant_with_credit_code(client, officer):
    from fazhi.core.validators import org_code_check_char, uscc_check_char

    body = "00749812"
    first17 = "91450206" + body + org_code_check_char(body)
    code = first17 + uscc_check_char(first17)
    client.force_login(officer)
    response = client.post(
        URL,
        form_data(
            **{
                "applicants-0-kind": "organisation",
                "applicants-0-name": "云岭商贸有限公司",
                "applicants-0-id_number": "",
                "applicants-0-uscc": code,
            }
        ),
    )
    assert response.status_code == 302
    party = Party.objects.get(role="applicant")
    assert (party.kind, party.uscc, party.id_number) == ("organisation", code, "")


def test_only_officers_and_reviewers_see_the_button_and_reach_the_form(client, tree, officer):
    client.force_login(officer)
    listing = client.get("/staff/reconsideration/").content.decode()
    assert f'href="{URL}"' in listing and "登记新案件" in listing

    for roles in (("leader",), ("supervisor",)):
        other = factories.user(tree["east_justice"], roles=roles)
        client.force_login(other)
        listing = client.get("/staff/reconsideration/")
        assert listing.status_code == 200 and "登记新案件" not in listing.content.decode()
        assert client.get(URL).status_code == 404
        assert client.post(URL, form_data()).status_code == 404
    assert ReconsiderationCase.objects.count() == 0


def test_export_has_chinese_columns_and_no_identifiers(client, tree, officer):
    client.force_login(officer)
    assert client.post(URL, form_data()).status_code == 302
    response = client.get("/staff/reconsideration/export.xlsx")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:3] == ("案号", "申请人", "被申请人")
    assert all(re.search(r"[\u4e00-\u9fff]", h) for h in rows[0])
    assert rows[1][0] == "东区司法复〔2026〕1号"
    flat = "".join(str(v) for r in rows for v in r if v)
    assert VALID_ID not in flat and "13800138000" not in flat and "幸福路" not in flat


def test_registration_details_can_be_corrected_until_the_case_is_decided(client, tree, officer):
    from fazhi.core.audit.models import AuditEvent
    from fazhi.core.workflow.models import _engine_writing
    from tests.formdata import page_data

    client.force_login(officer)
    assert client.post(URL, form_data()).status_code == 302
    case = ReconsiderationCase.objects.get()
    url = f"/staff/reconsideration/{case.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="received_on"' not in page.content.decode()
    before = AuditEvent.objects.count()
    assert client.post(url, page_data(page, respondent_name="东区市场监管局")).status_code == 302
    case.refresh_from_db()
    assert case.respondent_name == "东区市场监管局" and case.status == "review"
    assert AuditEvent.objects.order_by("id")[before:].get().detail["fields"] == ["respondent_name"]
    stale = client.post(url, page_data(page, respondent_name="旧页面"))
    assert stale.status_code == 409 and "您的修改未保存" in text(stale)
    token = _engine_writing.set(True)
    try:
        ReconsiderationCase.objects.filter(pk=case.pk).update(status="decided")
    finally:
        _engine_writing.reset(token)
    assert client.get(url).status_code == 404
    case.refresh_from_db()
    assert case.respondent_name == "东区市场监管局"
