"""Publishing records on the public portal (docs/security.md 17–20).

``publish(subject, fields, names_to_mask=..., actor=...)`` renders a whitelist of fields, masked:

- natural persons become 张某 (:func:`fazhi.core.masking.mask_person_name`) wherever their names occur;
- 身份证号, phone, bank account and street address are never fields of a publication (the keys are
  refused outright) and are redacted wherever free text carries them;
- free text is scanned with :func:`fazhi.core.masking.scan_text` — numbers normalised (any script,
  any grouping), party names in every form, other persons' names, street addresses — and for the
  values the caller knows to be sensitive (the parties' addresses, phones, ID numbers); each finding
  is listed for the reviewer with its masked form;
- **every publication is held as 待审核**, whatever the scan found (docs/security.md 18 and 47; issue 10
  item 3): a reviewer's approval of the masked preview (:func:`approve`) is the only way to 已公开;
  nothing is shown publicly before. A publication deadline keeps running while it is held;
- anything involving a minor is refused (docs/security.md 19; 《未成年人保护法》第一百零三条: 不得披露
  未成年人的姓名、住所等可能识别出其身份的信息).

A record with parties (the kit's ``PartyBase`` rows) passes ``**party_masking(parties, on=…)`` — the
names to mask, the sensitive values and whether a minor is involved — and names its parties with
:func:`public_name` (张某; an organisation in full, optionally with its 统一社会信用代码).

``withdraw(subject, reason=..., actor=...)`` takes a published record off the portal and leaves a
public withdrawal notice. It joins the caller's transaction, so calling it from the change that
requires it (a decision revoked, changed or confirmed unlawful) makes both one atomic write
(docs/security.md 20; 《行政处罚法》第四十八条第二款: 撤销、变更、确认违法或者确认无效的, 应当在三日内撤回
原行政处罚决定信息并公开说明理由).

A kind may declare a **publication deadline** (:func:`register_kind` with a
:class:`PublicationDeadline`; see :mod:`fazhi.core.publication.kinds`): publishing a decision of such
a kind starts a statutory clock from its decision date, which stops met when the decision goes
public (also after review) and shows as overdue on the 待办 dashboard and on 信息公开审核 otherwise
(docs/security.md 20; 国办发〔2018〕118号: 行政许可、行政处罚的执法决定信息要在执法决定作出之日起7个工作日内
公开). Time held for review counts.

``approve`` and ``withdraw_publication`` are what the staff screen 信息公开审核 calls (roles and data
scope checked here, not only in the view).

Every publish, approve, withdraw and refusal writes one audit row naming the kinds of findings, never
their content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import access
from fazhi.core.audit import services as audit
from fazhi.core.dates import written_date
from fazhi.core.masking import looks_like_organisation, mask_person_name, redact_text, scan_text
from fazhi.core.models import Organisation
from fazhi.core.publication import kinds
from fazhi.core.publication.kinds import (  # noqa: F401  (re-exported for the domains)
    ENFORCEMENT_DECISION_ARTICLE,
    PublicationDeadline,
    PublicationKind,
    expect_publication,
)
from fazhi.core.publication.models import Publication, PublicationStatus
from fazhi.core.validators import is_valid_id_number

# Keys that can never be published, whatever the caller's whitelist says (docs/security.md 17).
FORBIDDEN_KEYS = frozenset(
    {
        "id_number",
        "id_card",
        "identity",
        "phone",
        "mobile",
        "telephone",
        "address",
        "home_address",
        "bank_account",
        "bank_card",
        "birth_date",
        "身份证号",
        "公民身份号码",
        "联系电话",
        "手机号码",
        "住址",
        "地址",
        "银行账号",
    }
)

FINDING_LABELS = {
    "id_number": "公民身份号码",
    "id_number_suspected": "疑似公民身份号码",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "landline": "固定电话号码",
    "name": "自然人姓名",
    "name_other": "疑似其他自然人姓名",
    "address": "住址（街道门牌）",
    "known": "当事人住址、电话等个人信息",
}

ADULT_AGE = 18  # 《民法典》第十七条: 十八周岁以上的自然人为成年人


class PublicationRefused(Exception):
    """The record may not be published (a minor is involved, or it was withdrawn). ``message`` is
    Chinese and may be shown to staff as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PublicField:
    """One whitelisted field. ``text=True`` marks free text (scanned; any finding holds it)."""

    key: str
    label: str
    value: object
    text: bool = False


def is_minor_id_number(id_number: str, on: dt.date) -> bool:
    """Whether the holder of a valid 18-digit 公民身份号码 is under 18 on ``on`` (birth date = digits
    7–14, GB 11643-1999). An invalid number proves nothing and returns False."""
    value = (id_number or "").strip().upper()
    if not is_valid_id_number(value):
        return False
    born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    try:
        adult_on = born.replace(year=born.year + ADULT_AGE)
    except ValueError:  # born on 29 February: adult on 1 March
        adult_on = dt.date(born.year + ADULT_AGE, 3, 1)
    return on < adult_on


class PartyMasking(TypedDict):
    """What :func:`publish` needs to know about a record's parties (:func:`party_masking`)."""

    names_to_mask: list[str]
    sensitive_values: list[str]
    involves_minor: bool


def party_masking(parties: Iterable, *, on: dt.date, named: Iterable[str] = ()) -> PartyMasking:
    """From a record's parties (``PartyBase`` rows: ``is_person``, ``name``, ``id_number``, ``phone``,
    ``address``), what :func:`publish` takes as ``**party_masking(...)``: the natural persons' names to
    mask, and ``named`` names given for the record elsewhere (a respondent as filed) unless they look
    like an organisation's; every party's phone and address and each person's 公民身份号码, looked for
    verbatim (an organisation's 统一社会信用代码 is public by design, docs/security.md 17); whether a
    person was under 18 on ``on`` by the birth date in the ID number (docs/security.md 19)."""
    parties = list(parties)
    persons = [p for p in parties if p.is_person]
    names = [p.name for p in persons] + [n for n in named if n and not looks_like_organisation(n)]
    known = [v for p in parties for v in (p.id_number if p.is_person else "", p.phone, p.address) if v]
    minor = any(p.id_number and is_minor_id_number(p.id_number, on) for p in persons)
    return {"names_to_mask": names, "sensitive_values": known, "involves_minor": minor}


def public_name(party, *, with_code: bool = False) -> str:
    """How a party is named in what is published (docs/security.md 17): a natural person as 张某, an
    organisation in full — with its 统一社会信用代码 (kept in ``uscc`` where the party has that field,
    else in ``id_number``; ``kit.parties.identifier_field``) when ``with_code``."""
    if party.is_person:
        return mask_person_name(party.name)
    code = getattr(party, "uscc", party.id_number) if with_code else ""
    return f"{party.name}（统一社会信用代码：{code}）" if code else party.name


def _as_field(item) -> PublicField:
    if isinstance(item, PublicField):
        return item
    return PublicField(*item)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return written_date(value)
    return str(value)


def render_fields(
    fields: Iterable, names_to_mask: Sequence[str] = (), sensitive_values: Sequence[str] = ()
) -> tuple[list[dict], list[dict]]:
    """The masked public fields and what the scan found in them (kinds and masked passages only)."""
    names = [n.strip() for n in names_to_mask if n and n.strip()]
    known = [v.strip() for v in sensitive_values if v and len(v.strip()) >= 4]
    rendered, findings = [], []
    for f in map(_as_field, fields):
        if f.key in FORBIDDEN_KEYS or f.key.lower() in FORBIDDEN_KEYS:
            raise ValueError(f"field {f.key!r} may never be published (docs/security.md 17)")
        value = _text(f.value)
        found = scan_text(value, names, known=known)
        # kind → the flagged passages *as masked* (what the preview shows; a reviewer sees where).
        kinds: dict[str, list[str]] = {}
        for finding in found:
            # A party's name in a structured field (申请人) is the expected masking, not a finding.
            if finding.kind == "name" and not f.text:
                continue
            kinds.setdefault(finding.kind, []).append(finding.masked)
        value = redact_text(value, names, known=known)
        for kind, passages in kinds.items():
            findings.append(
                {
                    "field": f.label,
                    "kind": kind,
                    "label": FINDING_LABELS[kind],
                    "snippets": [p for p in dict.fromkeys(passages) if p and p in value],
                }
            )
        rendered.append({"key": f.key, "label": f.label, "value": value, "text": f.text})
    return rendered, findings


def _subject_lookup(subject) -> dict:
    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}


def publication_for(subject) -> Publication | None:
    return Publication.objects.filter(**_subject_lookup(subject)).first()


def _refuse(subject, message: str, actor) -> None:
    with transaction.atomic():
        # A record that may not be published is no longer owed to the portal: its deadline ends here.
        kinds.stop(subject, on=timezone.localdate(), actor=actor)
        audit.record(
            "publication.refuse",
            obj=subject,
            user=actor,
            result="denied",
            detail={"reason": message},
        )
    raise PublicationRefused(message)


def publish(
    subject,
    fields: Iterable,
    names_to_mask: Sequence[str] = (),
    actor=None,
    *,
    title: str,
    kind: str,
    organisation: Organisation | None = None,
    public_date: dt.date | None = None,
    decided_on: dt.date | None = None,
    sensitive_values: Sequence[str] = (),
    involves_minor: bool = False,
) -> Publication:
    """Submit ``subject`` for publication with the given whitelisted ``fields`` (PublicField or (key,
    label, value[, text]) tuples). Returns the Publication, 待审核 until a reviewer approves it.

    ``names_to_mask``: the natural persons among the parties (and agents); ``sensitive_values``: their
    addresses, phones and ID numbers as stored, looked for verbatim. ``actor`` may be ``None`` for an
    automatic publication (the audit row then names the request context).

    For a kind with a publication deadline, ``decided_on`` (default ``public_date``) is the decision
    date its clock runs from; the clock stops on the day the publication goes public.
    """
    declared = kinds.get(kind)
    decided_on = decided_on or public_date
    kinds.check_decision_date(declared, decided_on)
    if involves_minor:
        _refuse(subject, "涉及未成年人的信息不予公开（《未成年人保护法》第一百零三条）。", actor)
    organisation = organisation or getattr(subject, "organisation", None)
    if organisation is None:
        raise ValueError("a publication needs the publishing organisation")
    rendered, findings = render_fields(fields, names_to_mask, sensitive_values)
    title = redact_text(title, names_to_mask, known=sensitive_values)[:200]
    for secret in sensitive_values:
        if secret and len(secret) >= 4 and secret in title:
            raise ValueError("the title of a publication may not carry personal data")
    if Publication.objects.filter(**_subject_lookup(subject), status=PublicationStatus.WITHDRAWN).exists():
        _refuse(subject, "该信息已撤回公开，不能再次公开。", actor)
    with transaction.atomic():
        existing = Publication.objects.select_for_update().filter(**_subject_lookup(subject)).first()
        pub = existing or Publication(**_subject_lookup(subject))
        pub.organisation = organisation
        pub.region_code = organisation.region_id
        pub.kind = kind
        pub.title = title
        pub.fields = rendered
        pub.search_text = "\n".join([title, *(f["value"] for f in rendered)])
        pub.public_date = public_date
        pub.findings = findings
        # Held by default (issue 10 item 3; docs/security.md 47): no scanner finds every form of personal
        # data, so nothing goes public before a reviewer approves the masked preview (``approve``),
        # whatever the scan found — even nothing. A resubmitted record is held again.
        pub.status = PublicationStatus.PENDING_REVIEW
        pub.published_at = None
        pub.reviewer = None
        pub.reviewed_at = None
        if getattr(actor, "is_authenticated", False):
            pub.created_by = actor
        pub.save()
        # The publication deadline runs from the decision date while the item is held for review
        # (the law gives no pause) and ends the day it goes public.
        kinds.start(subject, declared, decided_on, actor=actor)
        audit.record(
            "publication.publish",
            obj=pub,
            user=actor,
            detail={
                "kind": kind,
                "status": pub.status,
                "subject": f"{subject._meta.label_lower}:{subject.pk}",
                "findings": sorted({f["kind"] for f in findings}),
            },
        )
    return pub


def approve(publication: Publication, *, actor) -> Publication:
    """A reviewer approves the redacted preview of a held publication: it goes public as shown."""
    if not may_approve(actor):
        raise ValidationError("只有法制审核人员可以审核公开信息。")
    with transaction.atomic():
        try:
            pub = access.visible(actor, Publication).select_for_update().get(pk=publication.pk)
        except Publication.DoesNotExist:
            raise ValidationError("记录不存在或您无权审核。") from None
        if pub.status != PublicationStatus.PENDING_REVIEW:
            raise ValidationError(f"该信息当前为“{pub.get_status_display()}”，无需审核。")
        now = timezone.now()
        pub.status = PublicationStatus.PUBLISHED
        pub.reviewer = actor
        pub.reviewed_at = now
        pub.published_at = now
        pub.save()
        kinds.stop_for(pub, on=timezone.localdate(now), actor=actor)
        audit.record(
            "publication.approve",
            obj=pub,
            user=actor,
            detail={"kind": pub.kind, "findings": sorted({f["kind"] for f in pub.findings})},
        )
    publication.refresh_from_db()
    return pub


def withdraw(subject, *, reason: str, actor=None, names_to_mask: Sequence[str] = ()) -> Publication | None:
    """Take ``subject`` off the portal with a public withdrawal notice. Joins the caller's transaction
    (call it inside the change that requires it). Returns None if nothing was published."""
    reason = _clean_reason(reason)
    with transaction.atomic():
        pub = Publication.objects.select_for_update().filter(**_subject_lookup(subject)).first()
        if pub is None or pub.status == PublicationStatus.WITHDRAWN:
            return pub
        return _withdraw(pub, reason, actor, names_to_mask)


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("撤回公开应当说明理由。")
    return reason


def _withdraw(pub: Publication, reason: str, actor, names_to_mask: Sequence[str]) -> Publication:
    """Withdraw a locked publication (the caller holds ``select_for_update``) and audit it."""
    was = pub.status
    now = timezone.now()
    day = timezone.localdate(now)
    public_reason = redact_text(reason, names_to_mask)[:500]
    pub.status = PublicationStatus.WITHDRAWN
    pub.withdrawn_at = now
    pub.withdrawal_notice = f"《{pub.title}》已于{written_date(day)}撤回公开。撤回理由：{public_reason}"
    pub.save()
    kinds.stop_for(pub, on=day, actor=actor)  # a withdrawn decision is no longer owed to the portal
    audit.record(
        "publication.withdraw",
        obj=pub,
        user=actor,
        detail={"kind": pub.kind, "from": was},
    )
    return pub


# --- review from the staff screen (信息公开审核) ----------------------------------------------------

#: Who sees the review screen: 法制审核人员 review, 分管领导 and 依法治县办 follow what is public.
REVIEW_ROLES = ("reviewer", "leader", "supervisor")
#: Who approves a held publication (docs/security.md 18: "until a reviewer approves"): see :func:`approve`.
APPROVE_ROLES = ("reviewer",)
#: Who takes a published record off the portal: the 法制审核人员 who approved it, or the 分管领导.
WITHDRAW_ROLES = ("reviewer", "leader")

# kind → callable(subject) returning the natural persons' names of the record, so a withdrawal reason
# typed by staff is masked like the record itself. Domains register theirs in ``<app>/publication.py``.
_person_names: dict[str, Callable[[object], Sequence[str]]] = {}


def register_person_names(kind: str, names_of: Callable[[object], Sequence[str]]) -> None:
    _person_names[kind] = names_of


def register_kind(
    code: str,
    *,
    label: str,
    deadline: PublicationDeadline | None = None,
    person_names: Callable[[object], Sequence[str]] | None = None,
) -> PublicationKind:
    """Declare a publication kind: its label, its publication deadline if the law sets one (e.g.
    ``PublicationDeadline(7, "workday", article=ENFORCEMENT_DECISION_ARTICLE)`` for 行政处罚 and
    行政许可 decisions), and who its natural persons are (for withdrawal notices)."""
    declared = kinds.register(code, label=label, deadline=deadline)
    if person_names is not None:
        register_person_names(code, person_names)
    return declared


def person_names(pub: Publication) -> list[str]:
    names_of = _person_names.get(pub.kind)
    subject = pub.subject if names_of is not None else None
    return [n for n in names_of(subject) if n] if subject is not None else []


def may_review(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(*REVIEW_ROLES))


def may_approve(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(*APPROVE_ROLES))


def may_withdraw(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(*WITHDRAW_ROLES))


def withdraw_publication(publication: Publication, *, reason: str, actor) -> Publication:
    """A reviewer or 分管领导 takes a published record off the portal with a public notice (docs/security.md
    20; 《行政处罚法》第四十八条第二款, 《政府信息公开条例》第十五条). The reason is published, so it may
    carry no personal data: 身份证号, phone or card numbers are refused, the parties' names masked."""
    if not may_withdraw(actor):
        raise ValidationError("只有法制审核人员或分管领导可以撤回公开信息。")
    reason = _clean_reason(reason)
    if len(reason) > 300:
        raise ValidationError("撤回理由不能超过300个字。")
    # Numbers and addresses are refused; names (parties' or others') are masked in the notice.
    found = {f.kind for f in scan_text(reason)} - {"name", "name_other"}
    if found:
        labels = "、".join(dict.fromkeys(FINDING_LABELS[k] for k in sorted(found)))
        raise ValidationError(f"撤回理由将向社会公开，不得含有个人信息（发现：{labels}），请修改后再提交。")
    with transaction.atomic():
        try:
            pub = access.visible(actor, Publication).select_for_update().get(pk=publication.pk)
        except Publication.DoesNotExist:
            raise ValidationError("记录不存在或您无权撤回。") from None
        if pub.status != PublicationStatus.PUBLISHED:
            raise ValidationError(f"该信息当前为“{pub.get_status_display()}”，只有已公开的信息可以撤回。")
        return _withdraw(pub, reason, actor, person_names(pub))
