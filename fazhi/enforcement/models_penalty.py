"""行政处罚案件（普通程序）and its 当事人 — 《行政处罚法》(2021) 第五章第三节.

线索登记 → 立案（第五十四条；办案期限 90 日起算，第六十条）→ 调查取证（两名以上持证执法人员，第四十二条、
第五十五条）→ 调查终结审查（第五十七条：拟处罚 / 不予处罚 / 移送司法机关）→ 法制审核（重大案件必经，
第五十八条）→ 告知（第四十四条、第六十二条；听证申请 5 日，第六十四条、第八十五条）→ 陈述申辩、听证 →
集体讨论（情节复杂或者重大违法，第五十七条第二款）→ 决定（第五十九条）→ 送达（7 日，第六十一条）→
执行（罚款 15 日，第六十七条；加处罚款每日 3%，不超过罚款数额，第七十二条）→ 结案. 检测、检验、检疫、
鉴定、听证、公告的期间不计入办案期限（《市场监督管理行政处罚程序规定》第六十四条）. The procedure is
declared in ``workflow.py``; the decision is published within 7 个工作日 (``publication_penalty.py``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction

from fazhi.core.kit.cases import CaseQuerySet
from fazhi.core.kit.numbering import Series
from fazhi.core.kit.parties import PartyBase
from fazhi.core.models import OrgFunction
from fazhi.core.workflow.models import WorkflowModel
from fazhi.enforcement.models import EnforcementOfficer

__all__ = [
    "PENALTY_NUMBERS",
    "MajorGround",
    "NoPenaltyGround",
    "PenaltyCase",
    "PenaltyType",
    "PenaltyParty",
    "PenaltyPartyRole",
    "Revision",
    "SuspensionReason",
    "late_surcharge",
]


class PenaltyType(models.TextChoices):
    """行政处罚的种类（《行政处罚法》第九条）."""

    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_GAINS = "confiscate_gains", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    SUSPEND_LICENCE = "suspend_licence", "暂扣许可证件"
    DOWNGRADE = "downgrade", "降低资质等级"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证件"
    LIMIT_ACTIVITY = "limit_activity", "限制开展生产经营活动"
    STOP_BUSINESS = "stop_business", "责令停产停业"
    CLOSE = "close", "责令关闭"
    LIMIT_EMPLOYMENT = "limit_employment", "限制从业"
    DETENTION = "detention", "行政拘留"
    OTHER = "other", "法律、行政法规规定的其他行政处罚"


#: Kinds whose decision states an amount (第五十九条第一款第四项: 行政处罚的种类和依据; 罚款、没收的数额).
WITH_AMOUNT = (PenaltyType.FINE, PenaltyType.CONFISCATE_GAINS, PenaltyType.CONFISCATE_PROPERTY)


class MajorGround(models.TextChoices):
    """重大执法决定 needing 法制审核（《行政处罚法》第五十八条第一款）."""

    PUBLIC_INTEREST = "public_interest", "涉及重大公共利益"
    MAJOR_RIGHTS = "major_rights", "直接关系当事人或者第三人重大权益，经过听证程序"
    COMPLEX = "complex", "案件情况疑难复杂、涉及多个法律关系"
    OTHER = "other", "法律、法规规定应当进行法制审核的其他情形"


class NoPenaltyGround(models.TextChoices):
    """调查终结后不予行政处罚（《行政处罚法》第五十七条第一款第二项、第三项）."""

    MINOR = "minor", "违法行为轻微，依法可以不予行政处罚"
    NOT_ESTABLISHED = "not_established", "违法事实不能成立"
    FIRST_OFFENCE = "first_offence", "初次违法且危害后果轻微并及时改正（第三十三条第一款）"
    NO_FAULT = "no_fault", "当事人有证据足以证明没有主观过错（第三十三条第二款）"


class SuspensionReason(models.TextChoices):
    """不计入办案期限的期间（《市场监督管理行政处罚程序规定》第六十四条）."""

    APPRAISAL = "appraisal", "鉴定"
    TESTING = "testing", "检测"
    INSPECTION = "inspection", "检验"
    QUARANTINE = "quarantine", "检疫"
    ANNOUNCEMENT = "announcement", "公告"


class Revision(models.TextChoices):
    """行政处罚决定被撤销、变更或者确认违法（行政复议、行政诉讼或者自行纠正）."""

    REVOKED = "revoked", "撤销"
    CHANGED = "changed", "变更"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"


#: 罚没 number series: “东区市场监管罚〔2026〕12号”, per organisation and year of 立案.
PENALTY_NUMBERS = Series(
    code="罚", date_field="registered_on", number_field="number", year_field="year", serial_field="serial"
)


class PenaltyCase(WorkflowModel):
    """行政处罚案件（普通程序）. Its steps and periods are declared in ``fazhi.enforcement.workflow``;
    the fields a step records are ``editable=False`` (the step writes them)."""

    procedure_name = "enforcement_penalty"
    organisation_function = OrgFunction.ENFORCEMENT_BODY  # 第十七条: 由具有行政处罚权的行政机关实施
    matter_key = "enforcement_penalty"
    matter_number_field = "number"
    number_series = PENALTY_NUMBERS
    objects = CaseQuerySet.as_manager()

    year = models.PositiveSmallIntegerField("编号年份", null=True, blank=True, editable=False)
    serial = models.PositiveIntegerField("编号序号", null=True, blank=True, editable=False)
    number = models.CharField("案件编号", max_length=80, blank=True, editable=False)
    title = models.CharField("案由", max_length=200, help_text="如：涉嫌销售过期食品案。")
    source = models.CharField("案件来源", max_length=100, help_text="如：投诉举报、监督检查、上级交办。")
    registered_on = models.DateField("线索登记日期")
    summary = models.TextField("线索摘要", max_length=2000)
    officer_a = models.ForeignKey(
        EnforcementOfficer,
        verbose_name="承办执法人员（一）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    officer_b = models.ForeignKey(
        EnforcementOfficer,
        verbose_name="承办执法人员（二）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    major_ground = models.CharField(
        "重大执法决定情形",
        max_length=20,
        choices=MajorGround.choices,
        blank=True,
        help_text="属于《行政处罚法》第五十八条情形的，决定前必须经法制审核。",
    )
    serious = models.BooleanField(
        "情节复杂或者重大违法",
        default=False,
        help_text="应当由行政机关负责人集体讨论决定（第五十七条第二款）。",
    )
    # --- written by the steps ---
    filed_on = models.DateField("立案日期", null=True, blank=True, editable=False)
    investigation_started_on = models.DateField("调查开始日期", null=True, blank=True, editable=False)
    legal_review_on = models.DateField("法制审核通过日期", null=True, blank=True, editable=False)
    notified_on = models.DateField("告知日期", null=True, blank=True, editable=False)
    hearing_on = models.DateField("听证日期", null=True, blank=True, editable=False)
    discussed_on = models.DateField("集体讨论日期", null=True, blank=True, editable=False)
    penalty_kind = models.CharField(
        "处罚种类", max_length=30, choices=PenaltyType.choices, blank=True, editable=False
    )
    second_kind = models.CharField(
        "并处处罚种类", max_length=30, choices=PenaltyType.choices, blank=True, editable=False
    )
    amount = models.DecimalField(
        "罚没金额（元）", max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    no_penalty_ground = models.CharField(
        "不予处罚理由", max_length=20, choices=NoPenaltyGround.choices, blank=True, editable=False
    )
    decided_on = models.DateField("决定日期", null=True, blank=True, editable=False)
    served_on = models.DateField("送达日期", null=True, blank=True, editable=False)
    paid_on = models.DateField("履行日期", null=True, blank=True, editable=False)
    transferred_to = models.CharField("移送机关", max_length=100, blank=True, editable=False)
    transferred_on = models.DateField("移送日期", null=True, blank=True, editable=False)
    revision = models.CharField(
        "决定被纠正情形", max_length=20, choices=Revision.choices, blank=True, editable=False
    )
    revised_on = models.DateField("纠正日期", null=True, blank=True, editable=False)
    party_names = models.CharField("当事人", max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = "行政处罚案件"
        verbose_name_plural = "行政处罚案件"
        ordering = ["-registered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def clean(self) -> None:
        super().clean()
        if self.officer_a_id and self.officer_a_id == self.officer_b_id:
            raise ValidationError({"officer_b": "两名承办执法人员不能是同一人（《行政处罚法》第四十二条）。"})
        for name in ("officer_a", "officer_b"):
            officer = getattr(self, name)
            if (
                officer is not None
                and self.organisation_id
                and officer.organisation_id != self.organisation_id
            ):
                raise ValidationError({name: "承办执法人员应当是本行政执法主体的执法人员。"})

    def save(self, *args, **kwargs) -> None:
        """Numbered on the first save, inside the transaction that stores it (every writer)."""
        if not self.number and self.registered_on and self.organisation_id:
            with transaction.atomic():
                PENALTY_NUMBERS.assign(self)
                super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)

    @property
    def needs_legal_review(self) -> bool:
        return bool(self.major_ground)

    @property
    def fine_amount(self) -> Decimal | None:
        kinds = (self.penalty_kind, self.second_kind)
        return self.amount if PenaltyType.FINE in kinds and self.amount else None

    def surcharge_on(self, day: dt.date) -> Decimal:
        """加处罚款 owed on ``day`` (第七十二条第一款第一项)."""
        due = self.payment_due
        return late_surcharge(self.fine_amount, due, day) if due and self.fine_amount else Decimal("0")

    @property
    def payment_due(self) -> dt.date | None:
        """罚款缴纳期限届满日: 收到决定书之日起十五日内（第六十七条第三款）; none without a fine."""
        if not (self.served_on and self.fine_amount is not None):
            return None
        return self.served_on + dt.timedelta(days=15)


def late_surcharge(fine: Decimal, due: dt.date, day: dt.date) -> Decimal:
    """到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额
    （《行政处罚法》第七十二条第一款第一项）: each day after ``due`` up to ``day``."""
    days = max((day - due).days, 0)
    return min((fine * Decimal("0.03") * days).quantize(Decimal("0.01")), fine)


class PenaltyPartyRole(models.TextChoices):
    PARTY = "party", "当事人"
    THIRD_PARTY = "third_party", "利害关系人"


class PenaltyParty(PartyBase):
    """当事人 of a 行政处罚案件 (reached only through its case)."""

    case = models.ForeignKey(
        PenaltyCase, verbose_name="案件", on_delete=models.CASCADE, related_name="parties"
    )
    role = models.CharField("身份", max_length=20, choices=PenaltyPartyRole.choices, default="party")
    reveal_through = "case"

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["case", "id"]
