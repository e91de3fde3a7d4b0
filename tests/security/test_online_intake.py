"""Issue 10 item 8 (docs/security.md 48): anonymous online applications no longer make cases or use
案号. 25 submissions are 25 网上收件 with 收件编号 and no 案号; an officer registers one and it gets
the next official 案号 in sequence; spam is discarded with a reason, audited, leaves the waiting
list and 待办, and leaves no gap in the official series; the portal receipt shows the 收件编号 and
never a 案号, and the 查询码 finds the application before and after registration."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core.audit.models import AuditEvent
from fazhi.core.kit.numbering import last_number
from fazhi.core.validators import id_number_check_digit
from fazhi.portal.models import OnlineApplication
from fazhi.reconsideration.models import CASE_NUMBER_CODE, ReconsiderationCase
from tests import factories
from tests.reconsideration import factories as rf
from tests.reconsideration.test_portal import form_data

pytestmark = pytest.mark.django_db

LIST = "/staff/online-applications/"
CASE_NUMBER_RE = re.compile(r"复〔\d{4}〕\d+号")


def an_id(i: int) -> str:
    first17 = f"45020619900101{i:03d}"
    return first17 + id_number_check_digit(first17)


def apply(tree, i: int, **kw):
    return Client(REMOTE_ADDR=f"198.51.100.{i + 1}").post(
        "/reconsideration/apply/", form_data(tree["east_justice"], id_number=an_id(i), **kw)
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_justice"], roles=("officer",), full_name="赵丽")


def used_case_numbers(org) -> int:
    return last_number(organisation=org, code=CASE_NUMBER_CODE, year=timezone.localdate().year)


def test_twenty_five_applications_use_no_case_number_and_each_gets_a_receipt(tree):
    org = tree["east_justice"]
    before = used_case_numbers(org)
    for i in range(25):
        response = apply(tree, i)
        assert response.status_code == 200
        body = response.content.decode()
        intake = OnlineApplication.objects.latest("id")
        # The receipt: 收件编号 and 查询码, and no 案号 anywhere on it.
        assert f'id="receipt-number">{intake.receipt_number}<' in body and intake.query_code in body
        assert "收件编号是网上申请的收件登记号，不是案号" in body
        assert not CASE_NUMBER_RE.search(body) and 'id="case-number"' not in body
    assert not ReconsiderationCase.objects.exists()
    assert used_case_numbers(org) == before
    year = timezone.localdate().year
    assert [i.receipt_number for i in OnlineApplication.objects.order_by("id")] == [
        f"网收〔{year}〕{n:06d}" for n in range(1, 26)
    ]


def test_registering_one_takes_the_next_case_number_in_sequence(tree, officer):
    org = tree["east_justice"]
    paper = rf.registered(org, officer, timezone.localdate())  # a paper application: 案号 n
    for i in range(3):
        apply(tree, i)
    second = OnlineApplication.objects.order_by("id")[1]
    response = client_for(officer).post(f"{LIST}{second.pk}/register/", follow=True)
    case = ReconsiderationCase.objects.exclude(pk=paper.pk).get()
    assert case.case_serial == paper.case_serial + 1 and case.case_year == paper.case_year
    assert case.case_number in response.content.decode() and "已登记" in response.content.decode()
    assert (case.status, case.channel, case.received_on) == ("review", "online", timezone.localdate())
    second.refresh_from_db()
    assert second.status == "registered" and second.record == case and second.decided_by == officer
    assert used_case_numbers(org) == paper.case_serial + 1  # the other two applications used none
    row = AuditEvent.objects.get(action="portal.intake.register")
    assert row.user_id == officer.pk and row.detail["receipt_number"] == second.receipt_number
    # Registered once only.
    again = client_for(officer).post(f"{LIST}{second.pk}/register/", follow=True).content.decode()
    assert "已登记，不能再处理" in again and ReconsiderationCase.objects.count() == 2


def test_discarding_spam_leaves_the_lists_and_todo_audited_and_no_gap(tree, officer):
    org = tree["east_justice"]
    for i in range(2):
        apply(tree, i, requests="广告：低价代办各类证件" if i == 0 else "请求撤销该行政处罚决定。")
    spam, real = OnlineApplication.objects.order_by("id")
    client = client_for(officer)
    dashboard = client.get("/staff/").content.decode()
    assert spam.receipt_number in dashboard and real.receipt_number in dashboard  # 待办: 待登记
    assert spam.receipt_number in client.get(LIST).content.decode()

    response = client.post(f"{LIST}{spam.pk}/discard/", {"reason": "spam", "note": "批量广告"}, follow=True)
    assert "已作不予登记处理" in response.content.decode() and "未占用案号" in response.content.decode()
    spam.refresh_from_db()
    assert (spam.status, spam.discard_reason, spam.decided_by) == ("discarded", "spam", officer)
    assert spam.receipt_number not in client.get(LIST).content.decode()  # not waiting any more
    assert spam.receipt_number not in client.get("/staff/").content.decode()  # nor on 待办
    discarded = client.get(LIST, {"status": "discarded"}).content.decode()
    assert spam.receipt_number in discarded and "垃圾信息或恶意批量提交" in discarded
    row = AuditEvent.objects.get(action="portal.intake.discard")
    assert row.user_id == officer.pk and row.detail == {
        "receipt_number": spam.receipt_number,
        "reason": "spam",
    }
    assert "张三" not in str(row.detail) + row.object_repr  # no applicant name in the audit row
    assert used_case_numbers(org) == 0 and not ReconsiderationCase.objects.exists()

    # The next registration takes serial 1: the discarded application left no gap.
    client.post(f"{LIST}{real.pk}/register/")
    assert ReconsiderationCase.objects.get().case_serial == 1


def test_a_discard_needs_a_reason_and_a_note_for_other(tree, officer):
    apply(tree, 0)
    intake = OnlineApplication.objects.get()
    for data, message in (({"reason": ""}, "请选择不予登记的原因"), ({"reason": "other"}, "请填写说明")):
        html = client_for(officer).post(f"{LIST}{intake.pk}/discard/", data, follow=True).content.decode()
        assert message in html
    intake.refresh_from_db()
    assert (
        intake.status == "pending" and not AuditEvent.objects.filter(action="portal.intake.discard").exists()
    )


def test_the_query_code_finds_the_application_before_and_after_registration(tree, officer):
    response = apply(tree, 0)
    intake = OnlineApplication.objects.get()
    assert intake.query_code in response.content.decode()

    def query():
        return (
            Client()
            .post("/reconsideration/query/", {"query_code": intake.query_code, "applicant_name": "张三"})
            .content.decode()
        )

    waiting = query()
    assert intake.receipt_number in waiting and "已收件，待登记" in waiting
    assert not CASE_NUMBER_RE.search(waiting)
    client_for(officer).post(f"{LIST}{intake.pk}/register/")
    case = ReconsiderationCase.objects.get()
    registered = query()
    assert case.case_number in registered and intake.receipt_number in registered
    assert "受理审查中" in registered


def test_a_discarded_application_tells_the_applicant_so(tree, officer):
    apply(tree, 0)
    intake = OnlineApplication.objects.get()
    client_for(officer).post(f"{LIST}{intake.pk}/discard/", {"reason": "duplicate"})
    html = (
        Client()
        .post("/reconsideration/query/", {"query_code": intake.query_code, "applicant_name": "张三"})
        .content.decode()
    )
    assert "不予登记" in html and "重复提交" in html and intake.receipt_number in html


def test_only_officers_of_the_body_addressed_handle_applications(tree, officer):
    apply(tree, 0)
    intake = OnlineApplication.objects.get()
    west = factories.user(tree["west_justice"], roles=("officer",))
    leader = factories.user(tree["east_justice"], roles=("leader",))
    for user in (west, leader):
        client = client_for(user)
        assert client.post(f"{LIST}{intake.pk}/register/").status_code == 404
        assert client.post(f"{LIST}{intake.pk}/discard/", {"reason": "spam"}).status_code == 404
    assert client_for(leader).get(LIST).status_code == 404
    assert intake.receipt_number not in client_for(west).get(LIST).content.decode()
    assert Client().get(LIST).status_code == 302  # to the login page
    intake.refresh_from_db()
    assert intake.status == "pending" and not ReconsiderationCase.objects.exists()
    assert f'href="{LIST}"' not in client_for(leader).get("/staff/").content.decode()
    assert f'href="{LIST}"' in client_for(officer).get("/staff/").content.decode()  # 网上收件 in the nav
    # The officer of the body addressed sees it, identifiers masked.
    html = client_for(officer).get(LIST).content.decode()
    assert intake.receipt_number in html and "审查期限届满日" in html
    assert an_id(0) not in html and "13800138000" not in html and "幸福路" not in html


def test_the_applicants_data_is_encrypted_at_rest(tree):
    from django.db import connection

    apply(tree, 0)
    intake = OnlineApplication.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM portal_onlineapplication WHERE id = %s", [intake.pk])
        (stored,) = cursor.fetchone()
    assert an_id(0) not in stored and "13800138000" not in stored and "张三" not in stored
    assert intake.data["id_number"] == an_id(0)
