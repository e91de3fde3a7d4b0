"""The portal kit (fazhi/portal/kit.py, ADR 0015) on the test-only matter (tests/sampleapp/portal.py):
what a domain gets from declaring a DomainPortal — the application page with its rate limits and the
查询码 shown once, the progress look-up (throttled, one generic refusal, audited once per window),
the published list and detail of one kind — and the URL rules of every route it mounts; the applicant
section a domain's form inherits (ApplicantForm) and the portal section a declaration registers."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.db import models
from django.test import Client
from django.urls import reverse

from fazhi.core import urlpolicy
from fazhi.core.audit.models import AuditEvent
from fazhi.core.kit.querycode import normalise_query_code, well_formed_query_code
from fazhi.core.publication import services as pubservices
from fazhi.core.security import param
from fazhi.portal import intake as intakes
from fazhi.portal import registry
from fazhi.portal.kit import (
    APPLICANT_FIELDS,
    NOT_FOUND,
    ApplicantForm,
    Application,
    DomainPortal,
    FormSection,
    Lookup,
    Progress,
    Section,
    deadline_row,
    text_field,
)
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
    names = ["index", "apply", "query", "published", "published_detail", "register_officers"]
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


# --- the applicant section (ApplicantForm) ----------------------------------------------------------

ID = "11010519491231002X"  # GB 11643-1999 example
USCC = "91110000600037341L"


class Kind(models.TextChoices):  # a domain's own party kinds
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或者其他组织"


class TinyForm(ApplicantForm):
    applicant_kinds = Kind
    matter = text_field("申请事项", 50)


def _tiny(**kw) -> TinyForm:
    data = {
        "applicant_kind": "person",
        "applicant_name": " 王　五 ",
        "id_number": ID,
        "uscc": "",
        "phone": "138 0013 8000",
        "address": "东区幸福路1号",
        "matter": "申请公开某文件",
        **kw,
    }
    return TinyForm(data)


def test_the_applicant_base_rejects_the_wrong_identifier_for_the_kind_in_chinese():
    form = _tiny(id_number="")
    assert not form.is_valid()
    assert form.errors["id_number"] == ["申请人为自然人的，请填写“公民身份号码”。"]
    form = _tiny(uscc=USCC)
    assert not form.is_valid() and form.errors["uscc"] == ["自然人没有统一社会信用代码，请清空此项。"]
    form = _tiny(applicant_kind="organisation")
    assert not form.is_valid()
    assert form.errors["id_number"] == ["法人或者其他组织请填写统一社会信用代码，不填公民身份号码。"]
    assert form.errors["uscc"] == ["申请人为法人或者其他组织的，请填写“统一社会信用代码”。"]
    form = _tiny(id_number="110105194912310021")
    assert not form.is_valid() and "公民身份号码校验位错误" in form.errors["id_number"][0]
    form = _tiny(phone="12345")
    assert not form.is_valid() and "联系电话应为11位手机号码" in form.errors["phone"][0]


def test_the_applicant_base_cleans_as_typed_and_builds_the_party():
    form = _tiny(id_number="１１０１０５１９４９１２３１００２ｘ")  # full-width, lower-case x, from a phone
    assert form.is_valid(), form.errors
    assert form.applicant_party("applicant") == {
        "role": "applicant",
        "kind": "person",
        "name": "王 五",
        "id_number": ID,
        "uscc": "",
        "phone": "13800138000",
        "address": "东区幸福路1号",
    }
    org = _tiny(
        applicant_kind="organisation", applicant_name="东区某某商贸有限公司", id_number="", uscc=USCC.lower()
    )
    assert org.is_valid(), org.errors
    party = org.applicant_party("申请人")
    assert (party["role"], party["kind"], party["id_number"], party["uscc"]) == (
        "申请人",
        "organisation",
        "",
        USCC,
    )
    assert [c[0] for c in TinyForm().fields["applicant_kind"].choices] == ["person", "organisation"]


def test_an_application_on_the_base_limits_by_its_identifier_unless_told_otherwise():
    spec = Application(form=TinyForm, sections=(), title="申请")
    assert spec.applicant_key_of({"id_number": ID, "uscc": ""}) == ID
    assert spec.applicant_key_of({"id_number": "", "uscc": USCC}) == USCC
    told = Application(form=TinyForm, sections=(), title="申请", applicant_key=lambda d: d["matter"])
    assert told.applicant_key_of({"matter": "某事"}) == "某事"


def test_a_form_on_the_base_must_declare_its_party_kinds():
    with pytest.raises(TypeError, match="applicant_kinds"):

        class Undeclared(ApplicantForm):
            pass


def test_a_declared_application_without_a_key_must_be_an_applicant_form():
    class Plain(forms.Form):
        organisation = forms.CharField()

        def register(self, *, actor, received_on):
            return None

    with pytest.raises(ValueError, match="Plain is no ApplicantForm: declare applicant_key"):
        DomainPortal(
            namespace="keyless_portal",
            title="无",
            scope="keyless",
            office="机关",
            application=Application(
                form=Plain, sections=(FormSection("一", ("organisation",)),), title="申请"
            ),
        )
    assert set(APPLICANT_FIELDS) <= set(TinyForm.base_fields)


def test_progress_rows_show_a_running_deadline_and_leave_out_none():
    class Clock:
        label, due_date, state, provisional = "行政复议期限", dt.date(2026, 11, 30), "suspended", False

    class Provisional(Clock):
        state, provisional = "running", True

    assert deadline_row(Clock) == ("行政复议期限届满日", "2026-11-30（已中止计算）")
    # A due date in a year whose holidays are not confirmed may still move (ADR 0003): labelled so.
    assert deadline_row(Provisional) == (
        "行政复议期限届满日",
        "2026-11-30（暂定，待该年度节假日安排公布后确认）",
    )
    assert deadline_row(None) is None
    progress = Progress(heading="x", status="y", rows=(("甲", "1"), deadline_row(None)))
    assert progress.shown_rows() == [("甲", "1")]


# --- the portal section a declaration registers ------------------------------------------------------


@pytest.fixture
def sectioned():
    """The sample matter's published kind declared again with a section on the portal home."""
    portal = DomainPortal(
        namespace="sampleapp_portal",
        title="示例公开",
        scope="kit_section",
        office="受理机关",
        published=PORTAL.published,
        section=Section(
            description="示例事项的公开栏目。", order=5, summary=(("当事人", "party"), ("处罚", "penalty"))
        ),
    )
    yield portal
    registry.unregister("kit_section")


def test_a_declared_section_is_registered_and_searches_only_what_was_published(
    client, tree, officer, sectioned
):
    section = next(s for s in registry.sections() if s.key == "kit_section")
    assert (section.title, section.description, section.order) == ("示例公开", "示例事项的公开栏目。", 5)
    assert section.href() == "/sampleapp/"
    held = sample.publish_decision(
        _decision(tree, facts="当事人张三（电话13800138000）销售过期食品。", number="东市监罚〔2026〕89号"),
        actor=officer,
    )
    assert held.status == "pending_review"
    pub = sample.publish_decision(_decision(tree), actor=officer)
    pubservices.approve(pub, actor=officer)
    hits = section.search("过期食品", 10)
    assert [(h.title, h.url, h.summary, h.date) for h in hits] == [
        (pub.title, f"/sampleapp/published/{pub.pk}/", "当事人：张某；处罚：罚款三千元", dt.date(2026, 9, 28))
    ]
    pubservices.withdraw(pub.subject, reason="原行政处罚决定已被撤销。", actor=officer)
    assert section.search("过期食品", 10) == []
    home = client.get("/").content.decode()
    assert "示例公开" in home and "示例事项的公开栏目。" in home


# --- public registers (Register) -------------------------------------------------------------------


def _officer(org, name, number, active=True):
    from tests.sampleapp.models import SampleOfficer

    return SampleOfficer.objects.create(
        organisation=org, region_code=org.region_id, name=name, id_number="110101199003074477",
        certificate_number=number, category="market", certified_on=dt.date(2024, 1, 1), active=active,
    )  # fmt: skip


def test_a_register_lists_its_public_rows_to_anyone_searchable_and_paged(tree):
    org = tree["east_market"]
    _officer(org, "王明", "ZF001")
    _officer(org, "李四", "ZF002", active=False)  # not in the declared queryset
    for i in range(25):
        _officer(org, f"执法员{i:02d}", f"ZF1{i:02d}")
    anonymous = Client()
    index = anonymous.get("/sampleapp/").content.decode()
    assert 'href="/sampleapp/officers/"' in index and "执法人员公示" in index
    response = anonymous.get("/sampleapp/officers/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "王明" in page and "ZF001" in page and "市场监管" in page and org.name in page
    assert "李四" not in page and "110101199003074477" not in page
    assert "共26条" in page and "第1页 / 共2页" in page and "示例：事前公开执法人员信息。" in page
    searched = anonymous.get("/sampleapp/officers/", {"q": "ZF001"}).content.decode()
    assert "王明" in searched and "执法员00" not in searched
    assert (
        "未找到与“李四”相关的执法人员"
        in anonymous.get("/sampleapp/officers/", {"q": "李四"}).content.decode()
    )
    assert anonymous.post("/sampleapp/officers/").status_code == 405


def test_a_register_refuses_a_personal_identifier_or_an_unknown_field_when_declared():
    from fazhi.portal.kit import Register
    from tests.sampleapp.models import SampleOfficer

    def declare(columns, search=()):
        return DomainPortal(
            namespace="x_portal", title="X", scope="x", office="X",
            registers=(Register(model=SampleOfficer, title="X", columns=columns, path="officers",
                                queryset=SampleOfficer.objects.all, search_fields=search),),
        )  # fmt: skip

    with pytest.raises(ValueError, match="'id_number' is a personal identifier"):
        declare((("姓名", "name"), ("身份证号", "id_number")))
    with pytest.raises(ValueError, match="personal identifier"):
        declare((("姓名", "name"),), search=("id_number_index",))
    with pytest.raises(ValueError, match="has no field 'nickname'"):
        declare((("姓名", "name"), ("别名", "organisation__nickname")))
