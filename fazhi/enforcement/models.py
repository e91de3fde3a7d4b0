"""行政执法: who may enforce — the 执法主体 and the 执法人员 with their certificates.

执法"三项制度" (国办发〔2018〕118号) makes the bodies and the officers (name, certificate number,
category) public before any enforcement act (事前公开); 《行政处罚法》第四十二条 requires enforcement by
officers holding enforcement certificates, at least two (第四十二条第一款、第五十五条). The registers
below are what those rules read: a body's basis (法定 / 授权 / 委托, 第十七至二十条), an officer's
certificate and its validity, the yearly training hours and the qualification exam. Figures at the
end of a period (how many bodies, how many certified officers) count what was in force on that day
(``confirmed_on`` / ``left_on``, ``issued_on`` / ``valid_until``), never today's status.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fazhi.core.models import Organisation, ScopedModel

#: 《行政处罚法》2021.
PENALTY_LAW = "《行政处罚法》"
#: Yearly training an officer owes (学时): the common provincial rule (e.g. 不少于40学时), a setting
#: in ``fazhi.conf`` (FAZHI_ENFORCEMENT_TRAINING_HOURS) where a province asks otherwise.
DEFAULT_TRAINING_HOURS = 40


class BodyBasis(models.TextChoices):
    # 《行政处罚法》第十七条 (法定的行政机关), 第十九条 (法律、法规授权的组织), 第二十条 (受委托的组织).
    STATUTORY = "statutory", "法定行政机关"
    AUTHORISED = "authorised", "法律、法规授权的组织"
    ENTRUSTED = "entrusted", "受委托的组织"


class EnforcementBody(ScopedModel):
    """执法主体: an organisation confirmed as entitled to enforce (主体资格确认, published), with what
    it may enforce and on what basis; an entrusted body names who entrusted it and the 委托书, which
    is published too (《行政处罚法》第二十条第二款: 委托书应当载明委托的具体事项、权限、期限等内容)."""

    basis_kind = models.CharField("主体类别", max_length=20, choices=BodyBasis.choices)
    scope = models.TextField(
        "执法职权范围", max_length=2000, help_text="如：市场监督管理领域的行政处罚、行政强制、行政检查。"
    )
    legal_basis = models.TextField("设定依据", max_length=2000, help_text="法律、法规、规章的名称和条款。")
    entrusted_by = models.ForeignKey(
        Organisation,
        verbose_name="委托机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entrustment_number = models.CharField("委托书文号", max_length=60, blank=True)
    entrusted_until = models.DateField("委托期限至", null=True, blank=True)
    confirmed_on = models.DateField("主体资格确认日期")
    cancelled_on = models.DateField("撤销或者终止日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "行政执法主体"
        verbose_name_plural = "行政执法主体"
        ordering = ["region_code", "organisation_id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="enforcement_one_body_per_organisation")
        ]

    def __str__(self) -> str:
        return self.organisation.name if self.organisation_id else "行政执法主体"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.basis_kind == BodyBasis.ENTRUSTED:
            if not self.entrusted_by_id:
                errors["entrusted_by"] = "受委托的组织应当写明委托机关（《行政处罚法》第二十条）。"
            if not self.entrustment_number:
                errors["entrustment_number"] = (
                    "受委托的组织应当写明委托书文号（《行政处罚法》第二十条第二款）。"
                )
        elif self.entrusted_by_id or self.entrustment_number or self.entrusted_until:
            errors["basis_kind"] = "只有受委托的组织才填写委托机关、委托书文号和委托期限。"
        if self.entrusted_by_id and self.entrusted_by_id == self.organisation_id:
            errors["entrusted_by"] = "委托机关不能是受委托的组织本身。"
        if self.cancelled_on and self.confirmed_on and self.cancelled_on < self.confirmed_on:
            errors["cancelled_on"] = "撤销或者终止日期不能早于主体资格确认日期。"
        if errors:
            raise ValidationError(errors)

    def in_force(self, on: dt.date) -> bool:
        return self.confirmed_on <= on and (self.cancelled_on is None or self.cancelled_on > on)


def bodies_in_force(on: dt.date) -> Q:
    return Q(confirmed_on__lte=on) & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=on))


class CertificateKind(models.TextChoices):
    ENFORCEMENT = "enforcement", "行政执法证"
    SUPERVISION = "supervision", "行政执法监督证"


class ExamResult(models.TextChoices):
    PASSED = "passed", "通过"
    FAILED = "failed", "未通过"
    ABSENT = "absent", "缺考"


class EnforcementOfficer(ScopedModel):
    """执法人员: a person of an enforcement body and the certificate that entitles them to enforce
    (《行政处罚法》第四十二条: 执法人员应当具有行政执法资格), published with its number before any act
    (事前公开). ``left_on``: the day they left enforcement work (调离、退休、注销证件); figures at a
    period's end count officers in post that day with a certificate valid that day."""

    full_name = models.CharField("姓名", max_length=50)
    certificate_kind = models.CharField(
        "证件种类", max_length=20, choices=CertificateKind.choices, default=CertificateKind.ENFORCEMENT
    )
    certificate_number = models.CharField("证件编号", max_length=40, blank=True, db_index=True)
    category = models.CharField("执法类别", max_length=60, help_text="如：市场监管、生态环境、综合行政执法。")
    issued_on = models.DateField("发证日期", null=True, blank=True)
    valid_until = models.DateField("证件有效期至", null=True, blank=True)
    left_on = models.DateField("调离或者注销日期", null=True, blank=True)
    training_year = models.PositiveSmallIntegerField("培训年度", null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField("培训学时", null=True, blank=True)
    exam_on = models.DateField(
        "资格考试日期", null=True, blank=True, help_text="报名参加行政执法人员资格考试的考试日期。"
    )
    exam_result = models.CharField("考试结果", max_length=10, choices=ExamResult.choices, blank=True)

    class Meta:
        verbose_name = "行政执法人员"
        verbose_name_plural = "行政执法人员"
        ordering = ["region_code", "organisation_id", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="enforcement_unique_certificate_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.certificate_number}）" if self.certificate_number else self.full_name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.certificate_number and not (self.issued_on and self.valid_until):
            errors["valid_until"] = "有证件编号的，请填写发证日期和证件有效期。"
        if (self.issued_on or self.valid_until) and not self.certificate_number:
            errors["certificate_number"] = "填写了发证日期或者有效期的，请填写证件编号。"
        if self.issued_on and self.valid_until and self.valid_until <= self.issued_on:
            errors["valid_until"] = "证件有效期应晚于发证日期。"
        if self.exam_result and not self.exam_on:
            errors["exam_on"] = "填写考试结果的，请填写资格考试日期。"
        if (self.training_hours is None) != (self.training_year is None):
            errors["training_hours"] = "培训年度和培训学时应当一并填写。"
        if errors:
            raise ValidationError(errors)

    def certified_on(self, on: dt.date) -> bool:
        """In post on ``on`` with a certificate valid that day."""
        return bool(
            self.certificate_number
            and self.issued_on
            and self.valid_until
            and self.issued_on <= on <= self.valid_until
            and (self.left_on is None or self.left_on > on)
        )


def officers_certified(on: dt.date) -> Q:
    """Officers in post on ``on`` holding a 行政执法证 valid that day."""
    return (
        Q(certificate_kind=CertificateKind.ENFORCEMENT, issued_on__lte=on, valid_until__gte=on)
        & ~Q(certificate_number="")
        & (Q(left_on__isnull=True) | Q(left_on__gt=on))
    )


from fazhi.enforcement.models_lists import *  # noqa: E402,F403  (权责清单, 裁量基准, 免罚清单)
from fazhi.enforcement.models_penalty import *  # noqa: E402,F401,F403  (行政处罚)
from fazhi.enforcement.models_review import *  # noqa: E402,F403  (案卷评查, 执法监督)
