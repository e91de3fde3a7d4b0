"""The publication service: whitelist and masking, review hold, minors, withdrawal, audit rows
(docs/security.md 17–20)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit.models import AuditEvent
from fazhi.core.audit.services import verify_chain
from fazhi.core.publication import services as publication
from fazhi.core.publication.models import Publication, PublicationStatus
from fazhi.core.publication.services import PublicationRefused, PublicField
from fazhi.core.workflow import engine
from tests import factories
from tests.publication_helpers import approve
from tests.sampleapp.models import SampleMatter

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"
PHONE = "13800138000"
ADDRESS = "示范市东区幸福路1号"


@pytest.fixture
def matter(tree):
    officer = factories.user(tree["east_justice"], roles=("officer", "reviewer"))
    return engine.create(
        SampleMatter,
        actor=officer,
        title="不服罚款决定",
        applicant="张三丰",
        organisation=tree["east_justice"],
    )


def _publish(matter, text="经审理，决定维持。", **kw):
    return publication.publish(
        matter,
        [
            PublicField("number", "案号", "东区司法复〔2026〕1号"),
            PublicField("applicant", "申请人", "张三丰"),
            PublicField("respondent", "被申请人", "东区市场监督管理局（91450200MA5K00001K）"),
            PublicField("text", "正文", text, text=True),
        ],
        names_to_mask=["张三丰"],
        title="东区司法复〔2026〕1号行政复议决定书",
        kind="test.decision",
        public_date=dt.date(2026, 3, 2),
        sensitive_values=[ID, PHONE, ADDRESS],
        **kw,
    )


def audit_actions():
    return list(
        AuditEvent.objects.filter(action__startswith="publication.")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_clean_record_is_held_and_published_only_on_approval_with_persons_masked(matter):
    pub = _publish(matter)
    # Nothing found, still held: only a reviewer's approval of the masked preview makes it public.
    assert pub.status == PublicationStatus.PENDING_REVIEW and pub.published_at is None
    assert Publication.objects.public().count() == 0
    pub = approve(pub)
    assert pub.status == PublicationStatus.PUBLISHED and pub.published_at is not None
    assert pub.values["applicant"] == "张某"
    assert pub.values["respondent"] == "东区市场监督管理局（91450200MA5K00001K）"
    assert "张三丰" not in str(pub.fields) and "张三丰" not in pub.search_text
    assert pub.findings == []
    assert audit_actions() == ["publication.publish", "publication.approve"]
    assert verify_chain().ok


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"申请人身份证号{ID}。", "id_number"),
        (f"联系电话 {PHONE}", "mobile"),
        ("申请人张三丰称其未收到告知书。", "name"),
        (f"申请人住{ADDRESS}。", "known"),
        ("退款至6222021234567890128。", "bank_card"),
    ],
)
def test_free_text_with_personal_data_is_held_with_a_redacted_preview(matter, text, kind):
    pub = _publish(matter, text=text)
    assert pub.status == PublicationStatus.PENDING_REVIEW and pub.published_at is None
    assert [f["kind"] for f in pub.findings] == [kind]
    stored = str(pub.fields) + pub.search_text
    for secret in (ID, PHONE, ADDRESS, "张三丰", "6222021234567890128"):
        assert secret not in stored
    assert Publication.objects.public().count() == 0  # nothing public before review


def test_reviewer_approves_the_preview_and_it_goes_public(matter, tree):
    pub = _publish(matter, text=f"申请人电话{PHONE}。")
    officer = factories.user(tree["east_justice"], roles=("officer",))
    with pytest.raises(ValidationError):
        publication.approve(pub, actor=officer)
    west = factories.user(tree["west_justice"], roles=("reviewer",))
    with pytest.raises(ValidationError):  # outside the reviewer's data scope
        publication.approve(pub, actor=west)
    reviewer = factories.user(tree["east_justice"], roles=("reviewer",))
    publication.approve(pub, actor=reviewer)
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED and pub.reviewer == reviewer
    assert "138****8000" in pub.value("text")
    assert audit_actions() == ["publication.publish", "publication.approve"]


def test_a_minor_is_never_published(matter):
    with pytest.raises(PublicationRefused) as exc:
        _publish(matter, involves_minor=True)
    assert "未成年人" in exc.value.message
    assert not Publication.objects.exists()
    assert audit_actions() == ["publication.refuse"]


def test_is_minor_from_the_id_number_birth_date():
    from fazhi.core.validators import id_number_check_digit

    body = "45020620100301001"
    minor = body + id_number_check_digit(body)
    assert publication.is_minor_id_number(minor, dt.date(2028, 2, 29))
    assert not publication.is_minor_id_number(minor, dt.date(2028, 3, 1))
    assert not publication.is_minor_id_number(ID, dt.date(2026, 1, 1))
    assert not publication.is_minor_id_number("not-a-number", dt.date(2026, 1, 1))


def test_forbidden_keys_are_refused_whatever_the_caller_whitelists(matter):
    for key in ("id_number", "phone", "address"):
        with pytest.raises(ValueError):
            publication.publish(matter, [(key, "x", "y")], actor=None, title="t", kind="test.decision")
    assert not Publication.objects.exists()


def test_withdraw_joins_the_callers_transaction_and_leaves_a_public_notice(matter):
    approve(_publish(matter))

    with pytest.raises(RuntimeError), transaction.atomic():
        publication.withdraw(matter, reason="该决定已被人民法院判决撤销。", actor=None)
        raise RuntimeError("the change that required the withdrawal failed")
    assert Publication.objects.get().status == PublicationStatus.PUBLISHED  # rolled back together

    with transaction.atomic():
        publication.withdraw(
            matter,
            reason="张三丰提起诉讼后，该决定已被人民法院判决撤销。",
            actor=None,
            names_to_mask=["张三丰"],
        )
    pub = Publication.objects.get()
    assert pub.status == PublicationStatus.WITHDRAWN and pub.withdrawn_at is not None
    assert "撤回公开" in pub.withdrawal_notice and "判决撤销" in pub.withdrawal_notice
    assert "张三丰" not in pub.withdrawal_notice and "张某" in pub.withdrawal_notice
    assert Publication.objects.public().count() == 0
    assert audit_actions() == ["publication.publish", "publication.approve", "publication.withdraw"]
    with pytest.raises(PublicationRefused):
        _publish(matter)
    with pytest.raises(ValidationError):
        publication.withdraw(matter, reason="  ", actor=None)


def test_pending_publications_are_listed_and_approved_from_the_command_line(matter, tree):
    from io import StringIO

    from django.core.management import call_command

    pub = _publish(matter, text=f"电话{PHONE}")
    reviewer = factories.user(tree["east_justice"], roles=("reviewer",), username="shenhe")
    out = StringIO()
    call_command("publication", "pending", stdout=out)
    assert pub.title in out.getvalue() and "手机号码" in out.getvalue() and PHONE not in out.getvalue()
    call_command("publication", "approve", str(pub.pk), "--reviewer", "shenhe", stdout=out)
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED and pub.reviewer == reviewer


def test_every_declared_kind_is_held_and_only_approval_makes_it_public(tree):
    """Hold by default for every publication kind (docs/security.md 47), whatever its deadline."""
    from django.utils import timezone

    from fazhi.core.publication import kinds

    officer = factories.user(tree["east_justice"], roles=("officer", "reviewer"))
    today = timezone.localdate()
    # Declared kinds (with a deadline) and kinds published without a declaration (行政复议决定书).
    codes = [k.code for k in kinds.all_kinds()] + ["reconsideration.decision", "test.decision"]
    assert "sample.penalty_decision" in codes
    for code in codes:
        matter = engine.create(
            SampleMatter, actor=officer, title=code, applicant="张三丰", organisation=tree["east_justice"]
        )
        pub = publication.publish(
            matter,
            [PublicField("text", "正文", "经审理，决定维持。", text=True)],
            title=f"{code}示例",
            kind=code,
            public_date=today,
            decided_on=today,
        )
        assert pub.status == PublicationStatus.PENDING_REVIEW and pub.published_at is None, code
        assert not Publication.objects.public().filter(pk=pub.pk).exists()
        publication.approve(pub, actor=officer)
        assert Publication.objects.public().filter(pk=pub.pk).exists()
