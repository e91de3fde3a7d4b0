"""docs/security.md 17–20 over the publication service and the 行政复议 portal.

17 whitelist; natural persons as 张某; no 身份证号 / phone / bank account / street address / other
   persons' names anywhere in the public HTML (whole responses scanned with regexes); organisation
   names and credit codes do appear.
18 free text carrying identifiers holds the publication for a reviewer; nothing public before.
19 anything involving a minor is never published.
20 a decision revoked by a court leaves the portal in the same transaction as that change, with a
   public withdrawal notice; if the change fails, nothing is withdrawn.
   The other half — penalty and licensing decisions not published within 7 working days appear as
   overdue — is the generic publication deadline of :mod:`fazhi.core.publication.kinds`, proved with
   the test-only sample 行政处罚决定 kind in tests/security/test_publication_deadline.py (the penalty
   and licensing domains only declare ``PublicationDeadline(7, "workday", …)`` for their kinds).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from fazhi.core.audit.models import AuditEvent
from fazhi.core.masking import luhn_ok
from fazhi.core.publication import services as pubservices
from fazhi.core.publication.models import Publication, PublicationStatus
from fazhi.core.validators import id_number_check_digit
from fazhi.core.workflow import engine
from fazhi.reconsideration import publication, services
from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories
from tests.litigation import factories as lit
from tests.publication_helpers import approve
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db


def _id(body17: str) -> str:
    return body17 + id_number_check_digit(body17)


def _card(prefix: str = "622202123456789012") -> str:
    for d in "0123456789":
        if luhn_ok(prefix + d):
            return prefix + d
    raise AssertionError


APPLICANT_ID = _id("45020619800101123")
THIRD_ID = _id("45020719750505234")
AGENT_ID = _id("45020619700707345")
APPLICANT_PHONE, THIRD_PHONE, AGENT_PHONE = "13800138000", "13912345678", "13700001111"
APPLICANT_ADDRESS = "示范市东区幸福路1号"
THIRD_ADDRESS = "示范市西区和平街8号3栋201室"
COMPANY, COMPANY_USCC = "示范商贸有限公司", "91450200MA5K00001K"
PERSON_NAMES = ("张三", "李四", "赵明")
BANK_CARD = _card()

# Whole-response scans: any of these anywhere in a public page is a leak.
LEAKS = {
    "身份证号": re.compile(
        r"(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![0-9A-Za-z])"
    ),
    "手机号码": re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    "固定电话": re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"),
    "银行卡号": re.compile(r"(?<!\d)\d{16,19}(?!\d)"),
    "街道门牌": re.compile(r"[\u4e00-\u9fff]{1,10}(?:路|街|巷|弄|大道|胡同)\d+号"),
}


def assert_public_page_clean(html: str) -> None:
    for label, pattern in LEAKS.items():
        found = pattern.search(html)
        assert found is None, f"{label}出现在公开页面中：{found.group()}"
    for secret in (APPLICANT_ID, THIRD_ID, AGENT_ID, APPLICANT_PHONE, THIRD_PHONE, AGENT_PHONE, BANK_CARD):
        assert secret not in html
    for address in (APPLICANT_ADDRESS, THIRD_ADDRESS, "幸福路", "和平街"):
        assert address not in html
    for name in PERSON_NAMES:
        assert name not in html, name


@pytest.fixture
def reviewer(tree):
    return factories.user(tree["east_justice"], roles=("officer", "reviewer"), full_name="王林")


def _parties(**applicant) -> list[dict]:
    return [
        {
            "role": "applicant",
            "kind": "person",
            "name": "张三",
            "id_number": APPLICANT_ID,
            "phone": APPLICANT_PHONE,
            "address": APPLICANT_ADDRESS,
            **applicant,
        },
        {"role": "applicant", "kind": "organisation", "name": COMPANY, "uscc": COMPANY_USCC},
        {
            "role": "third_party",
            "kind": "person",
            "name": "李四",
            "id_number": THIRD_ID,
            "phone": THIRD_PHONE,
            "address": THIRD_ADDRESS,
        },
        {
            "role": "agent",
            "kind": "person",
            "name": "赵明",
            "id_number": AGENT_ID,
            "phone": AGENT_PHONE,
            "represents_index": 0,
        },
    ]


def _served_case(tree, reviewer, *, parties=None, requests="请求撤销该行政处罚决定。", act_date=None, **kw):
    """Register, accept, decide (撤销) and serve a case; the after-commit hook publishes it."""
    today = timezone.localdate()
    received = today - dt.timedelta(days=1)
    case = services.reconsideration_case_register(
        actor=reviewer,
        organisation=tree["east_justice"],
        received_on=received,
        channel="in_person",
        respondent_name="东区市场监督管理局",
        act_type="penalty",
        act_document_number="东市监罚〔2026〕12号",
        act_date=act_date,
        act_description="罚款五千元",
        requests=requests,
        parties=parties or _parties(),
        today=today,
        **kw,
    )
    engine.perform(case, "accept", actor=reviewer, data={"accepted_on": today})
    for name, data in (("send_copy", {"sent_on": today}), ("receive_answer", {"answered_on": today})):
        engine.perform(case, name, actor=reviewer, data=data)
    rf.hear_views(case, reviewer, today)
    engine.perform(case, "decide", actor=reviewer, data=rf.decision("revoke", today))
    engine.perform(case, "serve", actor=reviewer, data={"served_on": today})
    return case


@pytest.fixture
def serve(tree, reviewer, django_capture_on_commit_callbacks):
    def _serve(**kw) -> ReconsiderationCase:
        with django_capture_on_commit_callbacks(execute=True):
            return _served_case(tree, reviewer, **kw)

    return _serve


def _public_pages(pub: Publication) -> dict[str, str]:
    client = Client()
    pages = {
        "首页": client.get("/"),
        "行政复议": client.get("/reconsideration/"),
        "决定书列表": client.get("/reconsideration/decisions/"),
        "决定书": client.get(f"/reconsideration/decisions/{pub.pk}/"),
        "站内检索": client.get("/search/", {"q": "东区市场监督管理局"}),
        "列表检索": client.get("/reconsideration/decisions/", {"q": "撤销"}),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
    return {name: response.content.decode() for name, response in pages.items()}


# --- 17 ------------------------------------------------------------------------------------------


def test_published_decision_shows_a_whitelist_with_persons_masked_and_organisations_in_full(serve):
    case = serve()
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.PENDING_REVIEW  # held by default, even with nothing found
    pub = approve(pub)
    assert pub.status == PublicationStatus.PUBLISHED
    assert [f["key"] for f in pub.fields] == [
        "case_number",
        "body",
        "applicant",
        "respondent",
        "third_party",
        "act",
        "decision_type",
        "decided_on",
        "law_version",
        "text",
    ]
    pages = _public_pages(pub)
    for html in pages.values():
        assert_public_page_clean(html)
    detail = pages["决定书"]
    assert case.case_number in detail
    assert "张某" in detail and "李某" in detail
    assert COMPANY in detail and COMPANY_USCC in detail  # organisations and credit codes do appear
    assert "东区市场监督管理局" in detail and "东区司法局" in detail
    assert pub.title in pages["站内检索"] and pub.title in pages["列表检索"]
    # Stored publication holds nothing the page could leak later either.
    stored = repr(pub.fields) + pub.search_text + pub.title
    assert_public_page_clean(stored)


@pytest.mark.parametrize("key", ["id_number", "phone", "address", "bank_account", "身份证号", "Phone"])
def test_identifier_fields_can_never_be_published(tree, reviewer, key):
    case = _served_case(tree, reviewer)  # no on-commit execution: nothing published yet
    with pytest.raises(ValueError):
        pubservices.publish(
            case,
            [("case_number", "案号", case.case_number), (key, "字段", "任意内容")],
            actor=reviewer,
            title="测试",
            kind="test",
        )
    assert not Publication.objects.exists()


# --- 18 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kinds",
    [
        (f"申请人身份证号{APPLICANT_ID}。", {"id_number"}),
        ("请联系13512345678。", {"mobile"}),
        (f"罚款已汇入{BANK_CARD}账户。", {"bank_card"}),
        ("张三多次到场申辩。", {"name"}),
        (f"现住{APPLICANT_ADDRESS}。", {"known"}),
    ],
)
def test_free_text_with_identifiers_is_held_until_a_reviewer_approves(serve, reviewer, text, kinds):
    serve(requests=f"请求撤销该行政处罚决定。{text}")
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.PENDING_REVIEW
    assert kinds <= {f["kind"] for f in pub.findings}
    assert pub.published_at is None
    client = Client()
    assert client.get(f"/reconsideration/decisions/{pub.pk}/").status_code == 404
    assert pub.title not in client.get("/reconsideration/decisions/").content.decode()
    assert pub.title not in client.get("/search/", {"q": "东区市场监督管理局"}).content.decode()

    # The reviewer sees (and approves) the redacted preview; that is exactly what goes public.
    preview = repr(pub.fields)
    assert_public_page_clean(preview)
    pubservices.approve(pub, actor=reviewer)
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED and pub.reviewer == reviewer
    for html in _public_pages(pub).values():
        assert_public_page_clean(html)


def test_only_a_reviewer_may_approve(serve, tree):
    serve(requests=f"请联系{APPLICANT_PHONE}。")
    pub = Publication.objects.get()
    officer = factories.user(tree["east_justice"], roles=("officer",))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        pubservices.approve(pub, actor=officer)
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PENDING_REVIEW


# --- 19 ------------------------------------------------------------------------------------------


def test_a_minor_among_the_third_parties_blocks_publication(serve):
    parties = _parties()
    parties[2]["id_number"] = _id("45020720120601456")  # 第三人 born 2012: a minor
    case = serve(parties=parties)
    assert case.status == "served"  # the case itself proceeds; only publication is refused
    assert not Publication.objects.exists()
    assert AuditEvent.objects.filter(action="publication.refuse", object_id=str(case.pk)).count() == 1


def test_minor_when_the_act_was_made_is_never_published_even_if_adult_now(serve):
    today = timezone.localdate()
    born = today.replace(year=today.year - 18) - dt.timedelta(days=30)  # 18 a month ago
    act_date = today - dt.timedelta(days=60)  # still 17 then
    body = f"450206{born:%Y%m%d}567"
    parties = _parties(id_number=_id(body))
    serve(parties=parties, act_date=act_date)
    assert not Publication.objects.exists()


def test_the_service_refuses_anything_flagged_as_involving_a_minor(tree, reviewer):
    case = _served_case(tree, reviewer)
    with pytest.raises(pubservices.PublicationRefused) as refused:
        pubservices.publish(
            case,
            [("case_number", "案号", case.case_number)],
            actor=reviewer,
            title="测试",
            kind="test",
            involves_minor=True,
        )
    assert "未成年人" in refused.value.message
    assert not Publication.objects.exists()


# --- 20 ------------------------------------------------------------------------------------------


def _revoking_judgment(tree, reviewer, case):
    """A lawsuit over the reconsideration decision, judged 判决撤销 a month ago: its 15-day appeal
    period is over, so the judgment can take effect today."""
    today = timezone.localdate()
    sued, answered, judged = (today - dt.timedelta(days=n) for n in (60, 50, 30))
    lawsuit = lit.register(
        tree["east_justice"],
        reviewer,
        case_number="（2026）测0206行初99号",
        act_type="行政复议决定",
        plaintiffs=[{"kind": "organisation", "name": COMPANY}],
        received_on=sued,
        today=sued,
        reconsideration_case_number=case.case_number,
    )
    lit.attach(lawsuit, reviewer, "答辩状")
    engine.perform(lawsuit, "file_answer", actor=reviewer, data={"answered_on": answered}, today=answered)
    engine.perform(
        lawsuit,
        "decide",
        actor=reviewer,
        data={"outcome": "revoke", "judged_on": judged, "served_on": judged},
        today=judged,
    )
    return lawsuit


def test_a_revoked_decision_leaves_the_portal_in_the_same_transaction_with_a_notice(serve, tree, reviewer):
    case = serve()
    pub = approve(Publication.objects.get(), reviewer)
    lawsuit = _revoking_judgment(tree, reviewer, case)
    today = timezone.localdate()

    with transaction.atomic():
        engine.perform(lawsuit, "take_effect", actor=reviewer, data={"effective_on": today}, today=today)
        publication.withdraw_decision(
            case, reason="张三提起行政诉讼，本决定已被人民法院生效判决撤销。", actor=reviewer
        )
        # Inside the change's own transaction the publication is already off the portal.
        assert Publication.objects.public().count() == 0

    pub.refresh_from_db()
    assert pub.status == PublicationStatus.WITHDRAWN
    assert timezone.localdate(pub.withdrawn_at) == today  # 《行政处罚法》第四十八条: within 3 days
    client = Client()
    detail = client.get(f"/reconsideration/decisions/{pub.pk}/").content.decode()
    assert "撤回公开" in detail and "生效判决撤销" in detail and "张某提起行政诉讼" in detail
    assert "决定书正文" not in detail
    listing = client.get("/reconsideration/decisions/").content.decode()
    assert "撤回公告" in listing
    assert pub.title not in client.get("/search/", {"q": "东区市场监督管理局"}).content.decode()
    for html in (detail, listing):
        assert_public_page_clean(html)
    assert AuditEvent.objects.filter(action="publication.withdraw").count() == 1
    # A withdrawn decision cannot quietly come back.
    with pytest.raises(pubservices.PublicationRefused):
        publication.publish_decision(ReconsiderationCase.objects.get(pk=case.pk), actor=reviewer)


def test_when_the_change_fails_the_decision_stays_published(serve, tree, reviewer):
    case = serve()
    approve(Publication.objects.get(), reviewer)
    lawsuit = _revoking_judgment(tree, reviewer, case)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(engine.TransitionError):
        with transaction.atomic():
            publication.withdraw_decision(case, reason="本决定已被人民法院判决撤销。", actor=reviewer)
            engine.perform(lawsuit, "take_effect", actor=reviewer, data={"effective_on": tomorrow})

    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.PUBLISHED and pub.withdrawal_notice == ""
    assert not AuditEvent.objects.filter(action="publication.withdraw").exists()
    assert Client().get(f"/reconsideration/decisions/{pub.pk}/").status_code == 200
