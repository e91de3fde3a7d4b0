"""Computation runs, their snapshots, and figures reported from outside the platform.

- :class:`IndicatorRun`: one computation of every indicator for one region and one period (who,
  when, which definition version of each indicator, a fingerprint of the results). The latest run
  of a region + period is its *current* run.
- :class:`Snapshot`: one figure of a run, with its numerator and denominator (a rate is never kept
  without its parts, docs/indicators.md §设计要求 2), the ids of the records behind each (drill-down), the definition
  version it was computed under and its source (computed or reported).
- :class:`ReportedFigure`: a figure entered or imported by an authorised user (依法治县办) from a
  source document, for matters not recorded case by case in Fazhi.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.validators import validate_region_code
from fazhi.indicators.fields import IdListField


class Source(models.TextChoices):
    COMPUTED = "computed", "计算"
    REPORTED = "reported", "上报"


class IndicatorRun(models.Model):
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    period_key = models.CharField("统计期", max_length=32)
    period_start = models.DateField("统计期起")
    period_end = models.DateField("统计期止")
    started_at = models.DateTimeField("计算时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    confirmed_at = models.DateTimeField(
        "最近复核时间", null=True, blank=True, help_text="重新计算结果相同时记录复核时间，不另建计算批次。"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    definitions = models.JSONField("指标口径版本", default=dict)
    fingerprint = models.CharField("结果指纹", max_length=64)

    class Meta:
        verbose_name = "指标计算批次"
        verbose_name_plural = "指标计算批次"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["region_code", "period_key", "-started_at"], name="ind_run_current")]

    def __str__(self) -> str:
        return f"指标计算 {self.region_code} {self.period_key}（{self.pk}）"


class Snapshot(models.Model):
    run = models.ForeignKey(
        IndicatorRun, verbose_name="计算批次", on_delete=models.CASCADE, related_name="snapshots"
    )
    region_code = models.CharField("区划代码", max_length=12)
    period_key = models.CharField("统计期", max_length=32)
    period_start = models.DateField("统计期起")
    period_end = models.DateField("统计期止")
    code = models.CharField("指标编码", max_length=100)
    name = models.CharField("指标名称", max_length=100)
    unit = models.CharField("单位", max_length=10)
    numerator = models.BigIntegerField("分子", null=True, blank=True, help_text="来源只载数值时为空。")
    denominator = models.BigIntegerField("分母", null=True, blank=True)
    value = models.DecimalField("值", max_digits=18, decimal_places=4, null=True, blank=True)
    definition_version = models.PositiveIntegerField("口径版本")
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.COMPUTED)
    model_label = models.CharField("记录类型", max_length=100, blank=True)
    numerator_ids = IdListField("分子记录")
    denominator_ids = IdListField("分母记录")
    note = models.TextField("说明", blank=True)
    reported = models.ForeignKey(
        "ReportedFigure",
        verbose_name="上报数据",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "指标快照"
        verbose_name_plural = "指标快照"
        ordering = ["run_id", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "code"], name="ind_snapshot_one_per_run")]
        indexes = [models.Index(fields=["region_code", "period_key", "code"], name="ind_snapshot_lookup")]

    def __str__(self) -> str:
        return f"{self.name}（{self.region_code} {self.period_key}）"


class ReportedStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    SUPERSEDED = "superseded", "已被更正"
    WITHDRAWN = "withdrawn", "已撤回"


class ReportedFigure(models.Model):
    region_code = models.CharField(
        "区划代码", max_length=12, validators=[validate_region_code], db_index=True
    )
    period_key = models.CharField("统计期", max_length=32)
    period_start = models.DateField("统计期起")
    period_end = models.DateField("统计期止")
    code = models.CharField("指标编码", max_length=100)
    numerator = models.BigIntegerField(
        "分子", null=True, blank=True, help_text="数量指标即该数；来源只载比率数值时可空（须填上报值）。"
    )
    denominator = models.BigIntegerField("分母", null=True, blank=True)
    value = models.DecimalField("上报值", max_digits=18, decimal_places=4, null=True, blank=True)
    source_document = models.TextField("来源文件", help_text="如：《2022年度法治政府建设情况报告》第三部分")
    attachment = models.FileField("来源文件附件", upload_to="indicators/reported/%Y/", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)
    status = models.CharField(
        "状态", max_length=12, choices=ReportedStatus.choices, default=ReportedStatus.ACTIVE
    )

    class Meta:
        verbose_name = "上报数据"
        verbose_name_plural = "上报数据"
        ordering = ["region_code", "period_start", "code", "-entered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "period_key", "code"],
                condition=models.Q(status="active"),
                name="ind_reported_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"上报：{self.code}（{self.region_code} {self.period_key}）"

    @property
    def value_only(self) -> bool:
        """A rate entered from a source that prints only its value (满意率95.75%)."""
        return self.numerator is None and self.value is not None

    def clean(self) -> None:
        """Counts must be non-negative, a rate needs both parts (or, where the catalogue allows it,
        only the value the source states), and a stated value must agree with its parts to the
        precision it is stated in (90.5% for 19/21 = 90.476…%)."""
        from fazhi.indicators import formatting, registry

        errors = {}
        try:
            indicator = registry.get(self.code)
        except registry.UnknownIndicator as exc:
            raise ValidationError({"code": exc.message}) from None
        if self.numerator is not None and self.numerator < 0:
            errors["numerator"] = "分子不能为负数。"
        if self.denominator is not None and self.denominator < 0:
            errors["denominator"] = "分母不能为负数。"
        if self.value is not None and self.value < 0:
            errors["value"] = "上报值不能为负数。"
        if formatting.is_money(indicator.unit) and self.numerator is None and self.value is not None:
            # Money is stated in 万元 and kept in 元 (exact to the yuan).
            yuan = Decimal(self.value) * formatting.MONEY_UNITS[indicator.unit]
            if yuan == yuan.to_integral_value():
                self.numerator = int(yuan)
        stated_only = self.numerator is None and self.denominator is None
        if stated_only:
            if not indicator.has_denominator:
                errors["numerator"] = f"“{indicator.name}”是数量指标，请填写分子（即该数）。"
            elif not indicator.value_only:
                errors["numerator"] = f"“{indicator.name}”是比率，必须同时填写分子和分母。"
            elif self.value is None:
                errors["value"] = f"来源未载分子、分母时，请填写来源所载的“{indicator.name}”数值。"
            elif indicator.is_rate and self.value > 100:
                errors["value"] = "比率不能超过100%。"
        elif indicator.has_denominator:
            if self.numerator is None or self.denominator is None:
                errors["denominator" if self.numerator is not None else "numerator"] = (
                    f"“{indicator.name}”是比率，必须同时填写分子和分母"
                    + ("（来源只载数值时两者都不填，只填上报值）。" if indicator.value_only else "。")
                )
            elif indicator.is_rate and self.numerator > self.denominator:
                errors["numerator"] = "分子不能大于分母。"
        elif self.denominator is not None:
            errors["denominator"] = f"“{indicator.name}”是数量指标，不填分母。"
        if not errors and self.value is not None and self.numerator is not None:
            computed = formatting.value_of(indicator.unit, self.numerator, self.denominator)
            if computed is not None and not agrees(Decimal(self.value), Decimal(computed)):
                errors["value"] = (
                    f"上报值{registry.display(self.value, indicator.unit, _places(self.value))}与分子分母不符"
                    f"（{self.numerator}÷{self.denominator}={registry.display(computed, indicator.unit, 2)}）。"
                    if indicator.has_denominator
                    else f"上报值{registry.display(self.value, indicator.unit, _places(self.value))}与分子"
                    f"{self.numerator}不符。"
                )
        if errors:
            raise ValidationError(errors)


def _places(value: Decimal) -> int:
    exponent = Decimal(value).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def agrees(stated: Decimal, exact: Decimal) -> bool:
    """The stated figure is the exact one rounded (half up) to the places it is written with."""
    places = _places(stated)
    return Decimal(exact).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) == Decimal(stated).normalize()


from fazhi.indicators.models_catalogue import *  # noqa: E402, F401, F403
from fazhi.indicators.models_framework import *  # noqa: E402, F401, F403
