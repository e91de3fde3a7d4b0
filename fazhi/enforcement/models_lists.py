"""行政执法's published lists: the 权责清单 with its dynamic adjustment, the 行政处罚裁量基准 and the
免罚清单 (不予处罚 / 首违不罚 / 从轻 / 减轻).

- 权责清单 (``PowerItem``): each power an organisation exercises, its 设定依据 and 责任事项, published
  before any act (事前公开, 国办发〔2018〕118号). Once published, every change is a dynamic adjustment
  (``PowerItemAdjustment``: 新增 / 调整 / 取消) that passed a 合法性审查 first — the edit page refuses
  it without the review's date and opinion and writes the adjustment row, with the changed fields
  before and after, in the same transaction as the change.
- 裁量基准 (``DiscretionStandard``): for a violation and its 情节, the kind and range of penalty
  (《行政处罚法》第九条 kinds; 第三十四条: 行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚
  裁量权，行政处罚裁量基准应当向社会公布; 国办发〔2022〕27号). ``suggest`` gives the standards in
  force for a violation — what the penalty procedure will offer.
- 免罚清单 (``ExemptionListItem``): violations not punished or punished more lightly under
  《行政处罚法》第三十二条 (从轻、减轻) and 第三十三条 (首违不罚, 不予处罚); ``proposed_outcome``
  reads the list for one case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fazhi.core.models import ScopedModel


class PowerType(models.TextChoices):
    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LEVY = "levy", "行政征收"
    BENEFIT = "benefit", "行政给付"
    INSPECTION = "inspection", "行政检查"
    CONFIRMATION = "confirmation", "行政确认"
    REWARD = "reward", "行政奖励"
    ADJUDICATION = "adjudication", "行政裁决"
    OTHER = "other", "其他行政权力"


class PowerLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡级"


class ListStatus(models.TextChoices):
    IN_FORCE = "in_force", "有效"
    CANCELLED = "cancelled", "已取消"


class PowerItem(ScopedModel):
    """权责清单的一项: a power the organisation exercises, what it rests on and what it answers for.
    ``published_on``: the day the list holding it was published; from then on every change is an
    adjustment (``PowerItemAdjustment``) with its 合法性审查."""

    power_type = models.CharField("权力类型", max_length=20, choices=PowerType.choices)
    code = models.CharField("事项编码", max_length=40, blank=True)
    name = models.CharField("事项名称", max_length=200)
    legal_basis = models.TextField("设定依据", max_length=3000, help_text="法律、法规、规章的名称和条款。")
    level = models.CharField("行使层级", max_length=10, choices=PowerLevel.choices, default=PowerLevel.COUNTY)
    duties = models.TextField("责任事项", max_length=3000, blank=True)
    validity = models.CharField(
        "状态", max_length=10, choices=ListStatus.choices, default=ListStatus.IN_FORCE
    )
    published_on = models.DateField(
        "公布日期", null=True, blank=True, help_text="清单公布后，修改须经动态调整。"
    )
    cancelled_on = models.DateField("取消日期", null=True, blank=True)

    class Meta:
        verbose_name = "权责清单事项"
        verbose_name_plural = "权责清单"
        ordering = ["region_code", "organisation_id", "power_type", "name"]

    def __str__(self) -> str:
        return f"{self.get_power_type_display()}：{self.name}"

    def clean(self) -> None:
        super().clean()
        if self.validity == ListStatus.CANCELLED and not self.cancelled_on:
            raise ValidationError({"cancelled_on": "取消的事项请填写取消日期。"})
        if self.validity == ListStatus.IN_FORCE and self.cancelled_on:
            raise ValidationError({"cancelled_on": "有效的事项不填写取消日期。"})

    @property
    def published(self) -> bool:
        return self.published_on is not None


class AdjustmentKind(models.TextChoices):
    ADDED = "added", "新增"
    CHANGED = "changed", "调整"
    CANCELLED = "cancelled", "取消"


class PowerItemAdjustment(models.Model):
    """权责清单的一次动态调整: what changed (fields before and after), why, and the 合法性审查 it
    passed before. Written only with the change itself (the edit page), never edited."""

    item = models.ForeignKey(
        PowerItem, verbose_name="事项", on_delete=models.CASCADE, related_name="adjustments"
    )
    kind = models.CharField("调整类型", max_length=10, choices=AdjustmentKind.choices)
    reason = models.CharField("调整事由", max_length=500)
    reviewed_on = models.DateField("合法性审查日期")
    review_opinion = models.CharField("合法性审查意见", max_length=500)
    changes = models.JSONField("变更内容", default=list, blank=True)  # [{"label", "before", "after"}]
    by = models.ForeignKey(
        "core.User", verbose_name="经办人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("调整时间", auto_now_add=True)

    class Meta:
        verbose_name = "权责清单动态调整"
        verbose_name_plural = "权责清单动态调整"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.item.name}"

    @property
    def changes_text(self) -> str:
        return "；".join(
            f"{c['label']}：{c['before'] or '（空）'} → {c['after'] or '（空）'}" for c in self.changes
        )


class Circumstance(models.TextChoices):
    MINOR = "minor", "轻微"
    ORDINARY = "ordinary", "一般"
    SERIOUS = "serious", "较重"
    GRAVE = "grave", "严重"


class PenaltyKind(models.TextChoices):
    # 《行政处罚法》第九条.
    WARNING = "warning", "警告、通报批评"
    FINE = "fine", "罚款、没收违法所得、没收非法财物"
    LICENCE = "licence", "暂扣许可证件、降低资质等级、吊销许可证件"
    RESTRICTION = "restriction", "限制开展生产经营活动、责令停产停业、责令关闭、限制从业"
    DETENTION = "detention", "行政拘留"
    OTHER = "other", "法律、行政法规规定的其他行政处罚"


class DiscretionStandard(ScopedModel):
    """行政处罚裁量基准的一档: one violation, one 情节, the kind and range of the penalty
    (《行政处罚法》第三十四条; 国办发〔2022〕27号), in force from ``effective_on`` until ``expires_on``."""

    violation = models.CharField("违法行为", max_length=300)
    violated_provision = models.CharField("违法条款", max_length=500)
    penalty_provision = models.CharField("处罚依据", max_length=500)
    circumstance = models.CharField("情节", max_length=10, choices=Circumstance.choices)
    circumstance_detail = models.CharField("情节描述", max_length=500, blank=True)
    penalty_kind = models.CharField("处罚种类", max_length=20, choices=PenaltyKind.choices)
    min_amount = models.DecimalField("罚款下限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    max_amount = models.DecimalField("罚款上限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    measure = models.CharField(
        "裁量幅度", max_length=500, blank=True, help_text="如：处五千元以上一万元以下罚款。"
    )
    effective_on = models.DateField("施行日期")
    expires_on = models.DateField("废止日期", null=True, blank=True)

    class Meta:
        verbose_name = "行政处罚裁量基准"
        verbose_name_plural = "行政处罚裁量基准"
        ordering = ["region_code", "organisation_id", "violation", "circumstance"]

    def __str__(self) -> str:
        return f"{self.violation}（{self.get_circumstance_display()}）"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.min_amount is not None and self.min_amount < 0:
            errors["min_amount"] = "罚款下限不能为负数。"
        if self.min_amount is not None and self.max_amount is not None and self.max_amount < self.min_amount:
            errors["max_amount"] = "罚款上限不能低于下限。"
        if self.effective_on and self.expires_on and self.expires_on <= self.effective_on:
            errors["expires_on"] = "废止日期应晚于施行日期。"
        if errors:
            raise ValidationError(errors)

    @property
    def amount_range(self) -> str:
        low, high = self.min_amount, self.max_amount
        if low is None and high is None:
            return ""
        fmt = lambda v: f"{v.normalize():f}元"  # noqa: E731
        if low is not None and high is not None:
            return f"{fmt(low)}至{fmt(high)}"
        return f"{fmt(low)}以上" if low is not None else f"{fmt(high)}以下"


def standards_in_force(on: dt.date) -> Q:
    return Q(effective_on__lte=on) & (Q(expires_on__isnull=True) | Q(expires_on__gt=on))


def suggest(organisation, violation: str, circumstance: str, *, on: dt.date | None = None):
    """The 裁量基准 in force on ``on`` (today) for ``violation`` (matched as typed, or contained in
    the standard's wording) and ``circumstance`` (a :class:`Circumstance`) of ``organisation`` — a
    department's own standards first, else its region's (a 县 standard applies to every department
    of the county that has none). An empty queryset when none applies."""
    from django.utils import timezone

    on = on or timezone.localdate()
    words = " ".join(violation.split())
    base = DiscretionStandard.objects.filter(standards_in_force(on), circumstance=circumstance).filter(
        Q(violation=words) | Q(violation__icontains=words)
    )
    own = base.filter(organisation=organisation)
    if own.exists():
        return own.order_by("min_amount", "pk")
    return base.filter(region_code=organisation.region_id).order_by("min_amount", "pk")


class ExemptionKind(models.TextChoices):
    NO_PENALTY = "no_penalty", "不予处罚"
    FIRST_OFFENCE = "first_offence", "首违不罚"
    LIGHTER = "lighter", "从轻处罚"
    MITIGATED = "mitigated", "减轻处罚"


#: The article each list type rests on (《行政处罚法》2021).
EXEMPTION_BASIS = {
    ExemptionKind.NO_PENALTY: "《行政处罚法》第三十三条第一款：违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。",
    ExemptionKind.FIRST_OFFENCE: "《行政处罚法》第三十三条第一款：初次违法且危害后果轻微并及时改正的，可以不予行政处罚。",
    ExemptionKind.LIGHTER: "《行政处罚法》第三十二条：当事人有法定情形的，应当从轻或者减轻行政处罚。",
    ExemptionKind.MITIGATED: "《行政处罚法》第三十二条：当事人有法定情形的，应当从轻或者减轻行政处罚。",
}


class ExemptionListItem(ScopedModel):
    """免罚清单的一项 (不予处罚 / 首违不罚 / 从轻 / 减轻), published (《行政处罚法》第三十二条、第三十三条)."""

    kind = models.CharField("清单类型", max_length=20, choices=ExemptionKind.choices)
    violation = models.CharField("违法行为", max_length=300)
    legal_basis = models.CharField("依据", max_length=500)
    conditions = models.TextField("适用条件", max_length=2000)
    effective_on = models.DateField("施行日期")
    expires_on = models.DateField("废止日期", null=True, blank=True)

    class Meta:
        verbose_name = "免罚清单事项"
        verbose_name_plural = "免罚清单"
        ordering = ["region_code", "organisation_id", "kind", "violation"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.violation}"

    def clean(self) -> None:
        super().clean()
        if self.effective_on and self.expires_on and self.expires_on <= self.effective_on:
            raise ValidationError({"expires_on": "废止日期应晚于施行日期。"})


@dataclass(frozen=True)
class Outcome:
    """What the 免罚清单 proposes for one case: the list type, the item and its basis."""

    kind: ExemptionKind
    item: ExemptionListItem
    basis: str

    @property
    def label(self) -> str:
        return self.kind.label


def proposed_outcome(
    organisation, violation: str, *, first_offence: bool, harm_minor: bool, corrected: bool, on=None
) -> Outcome | None:
    """The 免罚清单's outcome for a case of ``organisation`` for ``violation``, with its basis:

    - 不予处罚 when the list has the violation as 不予处罚, the harm is minor (no harm) and it was
      corrected in time (第三十三条第一款 前段);
    - 首违不罚 when the list has it as 首违不罚, it is a first offence, the harm minor and corrected
      (第三十三条第一款 后段: 可以不予行政处罚);
    - else 减轻 / 从轻 as the list has it (第三十二条);
    - ``None`` when no list item applies (the 裁量基准 then governs)."""
    from django.utils import timezone

    on = on or timezone.localdate()
    words = " ".join(violation.split())
    items = ExemptionListItem.objects.filter(
        Q(organisation=organisation) | Q(region_code=organisation.region_id),
        Q(violation=words) | Q(violation__icontains=words),
        effective_on__lte=on,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=on))
    by_kind: dict[str, ExemptionListItem] = {}
    for item in items.order_by("pk"):
        if item.kind not in by_kind or item.organisation_id == organisation.pk:
            by_kind[item.kind] = item
    order = []
    if harm_minor and corrected:
        order.append(ExemptionKind.NO_PENALTY)
        if first_offence:
            order.append(ExemptionKind.FIRST_OFFENCE)
    order += [ExemptionKind.MITIGATED, ExemptionKind.LIGHTER]
    for kind in order:
        if kind in by_kind:
            item = by_kind[kind]
            return Outcome(kind=kind, item=item, basis=EXEMPTION_BASIS[kind])
    return None


def lists_in_force(on: dt.date) -> Q:
    return Q(effective_on__lte=on) & (Q(expires_on__isnull=True) | Q(expires_on__gt=on))


def _core(text: str) -> str:
    """A violation as a case's 案由 words it, without “涉嫌 … 案”: 涉嫌未取得许可从事经营活动案 →
    未取得许可从事经营活动."""
    words = "".join((text or "").split())
    words = words.removeprefix("涉嫌")
    return words.removesuffix("案") if len(words) > 2 else words


def guidance_for(organisation, cause: str, *, on: dt.date | None = None) -> dict:
    """What the lists say about a case of ``organisation`` whose 案由 is ``cause``: the 裁量基准 tiers
    (the department's own, else its county's) and the 免罚清单 items whose 违法行为 and the 案由 contain
    one another — for the handling officer and the 法制审核 reviewer to read beside the case
    (《行政处罚法》第三十四条 裁量基准, 第三十二条、第三十三条 免罚). Matching is by words, so it only
    proposes; the officer decides which applies."""
    from django.utils import timezone

    on = on or timezone.localdate()
    core = _core(cause)
    if len(core) < 2:
        return {"standards": [], "exemptions": []}

    def matches(text: str) -> bool:
        other = _core(text)
        return bool(other) and (other in core or core in other)

    def own_first(rows):
        rows = [r for r in rows if matches(r.violation)]
        mine = [r for r in rows if r.organisation_id == organisation.pk]
        return mine or rows

    severity = {c: i for i, c in enumerate(Circumstance.values)}
    standards = own_first(
        DiscretionStandard.objects.filter(standards_in_force(on), region_code=organisation.region_id)
    )
    exemptions = own_first(
        ExemptionListItem.objects.filter(lists_in_force(on), region_code=organisation.region_id)
    )
    return {
        "standards": sorted(standards, key=lambda s: (s.violation, severity.get(s.circumstance, 9), s.pk)),
        "exemptions": sorted(exemptions, key=lambda e: (e.kind, e.pk)),
    }
