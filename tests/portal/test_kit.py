"""The portal kit (fazhi/portal/kit.py, ADR 0015) on the test-only matter (tests/sampleapp/portal.py):
what a domain gets from declaring a DomainPortal — the application page with its rate limits and the
查询码 shown once, the progress look-up (throttled, one generic refusal, audited once per window),
the published list and detail of one kind — and the URL rules of every route it mounts."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from fazhi.core import urlpolicy
from fazhi.core.audit.models import AuditEvent
from fazhi.core.kit.querycode import normalise_query_code, well_formed_query_code
from fazhi.core.publication import services as pubservices
from fazhi.core.security import param
from fazhi.portal import intake as intakes
from fazhi.portal.kit import NOT_FOUND, Application, DomainPortal, FormSection, Lookup
from fazhi.portal.models import OnlineApplication
from tests import factories
from tests.sampleapp import publication as sample
from tests.sampleapp.models import SampleMatter, SamplePenaltyDecision
from tests.sampleapp.portal import PORTAL

pytestmark = pytest.mark.django_db

APPLY = "/sampleapp/apply/"
QUERY = "/sampleapp/query/"


def _apply(org, ip="198.51.100.1", **kw):
    data = {"organisation": org.pk, "applicant": "王五", "title": "申请公开某文件", **kw}
    return Client(REMOTE_ADDR=ip).post(APPLY, data)


def _query(code, name, ip="198.51.100.9"):
    return Client(REMOTE_ADDR=ip).post(QUERY, {"query_code": code, "applicant_name": name})


def test_every_route_of_a_declared_portal_is_mounted_and_public():
    rules = urlpolicy.table()
    names = ["index", "apply", "query", "published", "published_detail"]
    for name in names:
        assert rules[f"portal:sampleapp_portal:{name}"] == urlpolicy.PUBLIC
    assert reverse("portal:sampleapp_portal:published_detail", args=[3]) == "/sampleapp/published/3/"
    assert set(PORTAL.url_rules()) == {f"portal:sampleapp_portal:{n}" for n in names}


def test_the_index_links_what_is_declared(client):
    html = client.get("/sampleapp/").content.decode()
    assert "网上申请示例事项" in html and "办理进度查询" in html and "行政处罚决定公开" in html


def test_the_application_page_renders_the_declared_sections(client, tree):
    html = client.get(APPLY).content.decode()
    assert "<h2>受理机关</h2>" in html and "<h2>申请</h2>" in html
    assert 'name="applicant"' in html and 'name="title"' in html and "csrfmiddlewaretoken" in html


def _matter(tree) -> SampleMatter:
    """Apply, and have an officer register the application (网上收件)."""
    assert _apply(tree["east_justice"]).status_code == 200
    officer = factories.user(tree["east_justice"], roles=("officer",))
    return intakes.register(PORTAL, OnlineApplication.objects.latest("id"), actor=officer)


def test_an_application_gets_a_receipt_and_its_code_once_and_a_record_only_when_registered(tree):
    response = _apply(tree["east_justice"])
    assert response.status_code == 200
    assert not SampleMatter.objects.exists()  # a receipt, not a record
    intake = OnlineApplication.objects.get()
    assert (intake.scope, intake.status, intake.applicant_name) == ("sampleapp", "pending", "王五")
    assert well_formed_query_code(intake.query_code)
    body = response.content.decode()
    assert intake.query_code in body and intake.receipt_number in body and "只显示这一次" in body
    assert "示例：自收到申请之日起五个工作日内审查。" in body  # the domain's notes
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.get(action="portal.intake.receive").user_id is None

    officer = factories.user(tree["east_justice"], roles=("officer",))
    matter = intakes.register(PORTAL, intake, actor=officer)
    matter.refresh_from_db()
    assert (matter.applicant, matter.status, matter.organisation) == (
        "王五",
        "received",
        tree["east_justice"],
    )
    assert matter.query_code == intake.query_code  # the applicant keeps the code of the receipt
    assert AuditEvent.objects.get(action="record.create", object_id=str(matter.pk)).user_id == officer.pk


def test_free_text_is_validated_and_nothing_is_saved(tree):
    response = _apply(tree["east_justice"], title="申请\u202e公开")  # a direction-changing character
    assert response.status_code == 400
    assert "申请未提交" in response.content.decode()
    assert not SampleMatter.objects.exists() and not OnlineApplication.objects.exists()


def test_applications_are_limited_per_applicant_and_the_refusal_audited(tree):
    allowed = param("FAZHI_PORTAL_APPLY_KEY_MAX")
    for i in range(allowed):
        assert _apply(tree["east_justice"], ip=f"198.51.100.{10 + i}").status_code == 200
    refused = _apply(tree["east_justice"], ip="198.51.100.99")
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()
    assert "到受理机关当面提交" in refused.content.decode()  # the declared office
    assert OnlineApplication.objects.count() == allowed
    assert AuditEvent.objects.filter(action="portal.lookup.throttled").count() == 1


def test_progress_shows_only_what_the_domain_declares(tree):
    matter = _matter(tree)
    typed = "-".join([matter.query_code[:4].lower(), matter.query_code[4:]])  # as a person types it
    response = _query(typed, " 王五 ")
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    progress = html.split('id="progress"')[1]
    assert matter.title in progress and "东区司法局" in progress and "示例事项的办理说明" in progress
    assert "<dt>结果</dt>" not in progress  # an empty value is left out
    assert matter.query_code not in html and 'value="王五"' not in html  # nothing echoed


def test_a_wrong_pair_gets_one_generic_message(tree):
    matter = _matter(tree)
    for code, name in ((matter.query_code, "李四"), ("ACDEFGHJKMNP", "王五"), ("not-a-code", "王五")):
        body = _query(code, name).content.decode()
        assert NOT_FOUND in body and 'id="progress"' not in body and matter.title not in body


def test_failed_lookups_refuse_even_a_correct_pair_and_audit_once(tree):
    matter = _matter(tree)
    for _ in range(param("FAZHI_PORTAL_LOOKUP_KEY_MAX_FAILURES")):
        _query(matter.query_code, "李四")
    for _ in range(2):
        refused = _query(matter.query_code, "王五")
        assert refused.status_code == 429 and "查询失败次数过多" in refused.content.decode()
        assert 'id="progress"' not in refused.content.decode()
    assert AuditEvent.objects.filter(action="portal.lookup.throttled").count() == 1
    assert _query(matter.query_code, "王五", ip="198.51.100.200").status_code == 429  # per code


def test_the_query_code_is_normalised_as_typed():
    assert normalise_query_code(" ａｃｄｅ-fghj kmnp ") == "ACDEFGHJKMNP"
    assert not well_formed_query_code("ACDEFGHJKMN0")


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_market"], roles=("officer", "reviewer"), full_name="李梅")


def _decision(tree, facts="当事人销售过期食品。", number="东市监罚〔2026〕88号"):
    return SamplePenaltyDecision.objects.create(
        organisation=tree["east_market"],
        document_number=number,
        party_name="张三",
        facts=facts,
        penalty="罚款三千元",
        decided_on=dt.date(2026, 9, 28),
    )


def test_published_list_and_detail_of_the_declared_kind(client, tree, officer):
    pub = sample.publish_decision(_decision(tree), actor=officer)
    assert pub.title not in client.get("/sampleapp/published/").content.decode()  # held until approved
    pubservices.approve(pub, actor=officer)
    listing = client.get("/sampleapp/published/").content.decode()
    assert pub.title in listing and "张某" in listing and "张三" not in listing
    assert client.get("/sampleapp/published/?q=不存在").content.decode().count(pub.title) == 0
    detail = client.get(f"/sampleapp/published/{pub.pk}/").content.decode()
    assert "罚款三千元" in detail and "当事人销售过期食品" in detail and "张三" not in detail
    assert pub.title in client.get("/sampleapp/").content.decode()  # latest on the index


def test_held_publications_are_not_shown_and_withdrawn_ones_show_their_notice(client, tree, officer):
    held = sample.publish_decision(
        _decision(tree, facts="当事人张三（电话13800138000）销售过期食品。", number="东市监罚〔2026〕89号"),
        actor=officer,
    )
    assert held.status == "pending_review"
    assert held.title not in client.get("/sampleapp/published/").content.decode()
    assert client.get(f"/sampleapp/published/{held.pk}/").status_code == 404
    pub = sample.publish_decision(_decision(tree), actor=officer)
    pubservices.approve(pub, actor=officer)
    pubservices.withdraw(pub.subject, reason="原行政处罚决定已被撤销。", actor=officer)
    listing = client.get("/sampleapp/published/").content.decode()
    assert 'id="withdrawals"' in listing and "暂无公开的示例事项决定书" in listing
    detail = client.get(f"/sampleapp/published/{pub.pk}/").content.decode()
    assert 'id="withdrawal-notice"' in detail and "罚款三千元" not in detail


def test_a_broken_declaration_fails_when_it_is_declared_naming_every_problem():
    class Form(forms.Form):
        name = forms.CharField()
        hidden = forms.CharField()

    with pytest.raises(ValueError) as caught:
        DomainPortal(
            namespace="broken_portal",
            title="有误",
            scope="broken",
            office="机关",
            application=Application(
                form=Form,
                title="申请",
                sections=(FormSection("一", ("name", "typo")), FormSection("二", ("name",))),
                applicant_key=lambda d: "",
            ),
            lookup=Lookup(model=SamplePenaltyDecision, applicant_names=lambda r: [], progress=lambda r: None),
        )
    message = str(caught.value)
    for problem in (
        "'typo' is not a field of Form",
        "'name' is in more than one section",
        "'hidden' of Form is in no section",
        "Form has no register()",
        "SamplePenaltyDecision has no field 'query_code'",
    ):
        assert problem in message
    with pytest.raises(ValueError, match="declares no application"):
        DomainPortal(namespace="empty_portal", title="空", scope="empty", office="机关")
