"""Parties and the challenged administrative act: what every 法治 case records, as abstract bases.

A domain's party model derives from :class:`PartyBase` (adding its own ``role`` and its link to the
case); its case model derives from :class:`ChallengedActBase` as well as ``WorkflowModel``. The
fields are copied into each domain's table (abstract inheritance, docs/adr/0009-case-kit.md): no
join, no shared table to migrate, and the encrypted identifiers stay bound to the domain's own
column (``<app>.<model>.<field>``), so existing ciphertexts decrypt unchanged. A domain may
override a field to keep its column as it was (verbose name, length, validators).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.crypto.fields import BlindIndexField, EncryptedCharField, IdentifierQuerySet
from fazhi.core.dates import written_date
from fazhi.core.models import Organisation
from fazhi.core.validators import validate_id_number, validate_uscc


class PartyKind(models.TextChoices):
    """公民、法人或者其他组织 (《行政复议法》第二条, 《行政诉讼法》第二条)."""

    PERSON = "person", "自然人"
    LEGAL_PERSON = "legal_person", "法人"
    OTHER_ORGANISATION = "other_organisation", "其他组织"
    # Records registered before 法人 and 其他组织 were told apart (both domains until now).
    ORGANISATION = "organisation", "法人或者其他组织"


ORGANISATION_KINDS = frozenset({PartyKind.LEGAL_PERSON, PartyKind.OTHER_ORGANISATION, PartyKind.ORGANISATION})


def identifier_field(model: type[models.Model], kind: str) -> str:
    """The field a party of ``model`` keeps its identifier in: an organisation's 统一社会信用代码 in
    ``uscc`` where the model has such a field of its own (行政复议), else ``id_number``."""
    separate = kind != PartyKind.PERSON and any(f.name == "uscc" for f in model._meta.fields)
    return "uscc" if separate else "id_number"


class PartyBase(models.Model):
    """A party: a natural person (公民身份号码, GB 11643) or an organisation (统一社会信用代码,
    GB 32100). 身份证号, phone and address are SM4-encrypted at rest with an HMAC-SM3 blind index
    for exact search (docs/security.md 16); they are shown masked and never published (docs/security.md 11)."""

    kind = models.CharField("类型", max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON)
    name = models.CharField("姓名或名称", max_length=200)
    id_number = EncryptedCharField(
        "证件号码",
        max_length=18,
        blank=True,
        help_text="自然人填公民身份号码，法人或其他组织填统一社会信用代码",
    )
    id_number_index = BlindIndexField(source="id_number")
    phone = EncryptedCharField("联系电话", max_length=30, blank=True)
    address = EncryptedCharField("住所或联系地址", max_length=300, blank=True)

    objects = IdentifierQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def is_person(self) -> bool:
        return self.kind == PartyKind.PERSON

    def clean(self) -> None:
        """The identifier is checked against the kind: 公民身份号码 for a person (GB 11643 check
        digit), 统一社会信用代码 for an organisation (GB 32100 check character)."""
        super().clean()
        self.id_number = (self.id_number or "").strip().upper()
        if self.id_number:
            try:
                (validate_id_number if self.is_person else validate_uscc)(self.id_number)
            except ValidationError as exc:
                raise ValidationError({"id_number": exc.messages}) from None


def names_of(parties, role: str, *, max_length: int | None = None) -> str:
    """“张三、李四”: the names of the ``parties`` that have ``role``, in order, cut to ``max_length``."""
    return "、".join(p.name for p in parties if p.role == role)[:max_length]


def keep_names(model: type[models.Model], field: str, role: str, *, relation: str = "parties") -> None:
    """Keep ``model.<field>`` — the names of its parties with ``role``, the list page's 申请人 / 原告
    column — in step whenever the generic pages save a record with its party rows
    (``fazhi.core.records.on_saved``)."""
    from fazhi.core import records

    max_length = model._meta.get_field(field).max_length

    def refresh(record, **_) -> None:
        names = names_of(getattr(record, relation).all(), role, max_length=max_length)
        if names != getattr(record, field):
            setattr(record, field, names)
            record.save(update_fields=[field, "updated_at"])

    records.on_saved(model, refresh)


def addressed_as(parties) -> str:
    """How a notice addresses the parties it is sent to: 你 (one person), 你单位 (one organisation),
    你们 (several)."""
    parties = list(parties)
    if len(parties) > 1:
        return "你们"
    if parties and not parties[0].is_person:
        return "你单位"
    return "你"


class ActType(models.TextChoices):
    """Kinds of administrative act a case challenges (《行政复议法》第十一条; 《行政诉讼法》第十二条)."""

    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LICENCE = "licence", "行政许可"
    INFO_DISCLOSURE = "info_disclosure", "政府信息公开"
    NON_PERFORMANCE = "non_performance", "不履行法定职责"
    EXPROPRIATION = "expropriation", "征收征用及补偿"
    CONFIRMATION = "confirmation", "行政确权"
    AGREEMENT = "agreement", "行政协议"
    OTHER = "other", "其他行政行为"


# A description typed as a sentence names the party around the act: “被申请人作出的罚款…”, “原告不服被告
# 作出的行政行为，请求…”. A document already says who made it (“不服被申请人…”), so those words go, a
# doubled “行为行为” is one, and a complaint instead of an act gives way to the act's type (issue 11
# item 13: “作出的被申请人作出的罚款”, “其他行政行为行为”, “诉答辩人…作出的原告不服被告作出的…”).
_ACT_LEAD = re.compile(r"^(?:原告|申请人)?(?:不服)?(?:被申请人|被告|答辩人)?(?:所?作出的)?")


# An act named with its own verb needs no “作出的” before it: “对申请人政府信息公开申请作出的答复”, and an
# omission is not made at all: “未依法处理申请人的举报”, “不履行…法定职责”, “拒绝…”.
_OWN_VERB = re.compile(r"作出|^(?:未|不履行|不予答复|拒绝|拖延)")


def act_named(description: str, act_type: str) -> str:
    """What the act decided, as a document quotes it after “…作出的”: “罚款五千元的行政处罚决定”."""
    text = _ACT_LEAD.sub("", (description or "").strip().rstrip("。；;，,"), count=1)
    text = re.sub(r"行为(?:行为)+", "行为", text)
    if not text or "不服" in text or "请求" in text:
        text = "行政行为" if act_type in ("", ActType.OTHER, ActType.OTHER.label) else act_type
    return text


class ChallengedActBase(models.Model):
    """The administrative act a case is about (被申请/被诉行政行为): its type, what it decided, its
    文书文号 and date, and the organisation that made it when that organisation is in the system."""

    act_type = models.CharField("行政行为类型", max_length=30, choices=ActType.choices)
    act_description = models.TextField("行政行为", max_length=2000, blank=True)
    act_document_number = models.CharField("行为文书文号", max_length=100, blank=True)
    act_date = models.DateField("行为作出日期", null=True, blank=True)
    act_organisation = models.ForeignKey(
        Organisation,
        verbose_name="作出行为的机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def act_cited(self) -> str:
        """The act as a document names it: “2026年8月20日作出的罚款五千元的行政处罚决定
        （东市监罚〔2026〕12号）” — its date, what it decided, its 文书文号."""
        label = self.get_act_type_display() if hasattr(self, "get_act_type_display") else self.act_type
        named = act_named(self.act_description, self.act_type if label == self.act_type else label)
        text = named if _OWN_VERB.search(named) else "作出的" + named
        if self.act_date:
            text = f"{written_date(self.act_date)}{text}"
        if self.act_document_number:
            text += f"（{self.act_document_number}）"
        return text

    @property
    def act_summary(self) -> str:
        """“行政处罚（东市监罚〔2026〕12号，2026-01-05作出）”."""
        label = self.get_act_type_display() if hasattr(self, "get_act_type_display") else self.act_type
        details = [
            d for d in (self.act_document_number, self.act_date and f"{self.act_date:%Y-%m-%d}作出") if d
        ]
        return f"{label}（{'，'.join(details)}）" if details else str(label)
