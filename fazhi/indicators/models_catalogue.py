"""Figures a county adds to the catalogue of reported figures on a screen (指标目录 → 新增本地指标),
for whatever its own report or its superiors ask, without a code change.

A :class:`CountyFigure` becomes a reported-only :class:`~fazhi.indicators.registry.Indicator` with
the code ``local.<区划代码>_<序号>`` (stable: never reused, never renamed), in the domain
``local`` (本地指标); it is entered and imported like any catalogue figure and listed with them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["CountyFigure", "FigureKind"]

LOCAL_DOMAIN = "local"


class FigureKind(models.TextChoices):
    COUNT = "count", "数量（总数或其组成部分）"
    RATE = "rate", "比率（分子÷分母，百分数）"
    MONEY = "money", "金额（万元）"


class CountyFigure(models.Model):
    code = models.CharField("指标编码", max_length=100, unique=True, editable=False)
    region_code = models.CharField("设立区划", max_length=12, db_index=True)
    name = models.CharField("指标名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=10, choices=FigureKind.choices)
    unit = models.CharField("单位", max_length=10, help_text="数量如 件、人、次、项；比率为 %；金额为 万元。")
    definition = models.TextField("统计内容", help_text="数量：统计什么；比率：分子统计什么。")
    out_of = models.TextField("分母", blank=True, help_text="比率的分母统计什么。")
    basis = models.CharField("分母口径", max_length=50, blank=True, help_text="如 受理、办结、应参考。")
    source = models.CharField("依据", max_length=300, blank=True, help_text="文件、条款或上级要求。")
    part_of = models.CharField(
        "所属总数", max_length=100, blank=True, help_text="本指标是哪个总数的组成部分。"
    )
    numerator_code = models.CharField("分子指标", max_length=100, blank=True)
    denominator_code = models.CharField("分母指标", max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="设立人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("设立时间", auto_now_add=True)

    class Meta:
        verbose_name = "本地指标"
        verbose_name_plural = "本地指标"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def as_indicator(self):
        from fazhi.indicators.registry import Definition, Indicator

        rate = self.kind == FigureKind.RATE
        return Indicator(
            code=self.code,
            name=self.name,
            unit=self.unit,
            reported_only=True,
            definition=Definition(
                numerator=self.definition,
                denominator=self.out_of if rate else "",
                basis=self.basis if rate else "",
                period_basis="统计期内",
                source=self.source or f"本地指标（{self.region_code}设立）",
            ),
            order=10_000 + self.pk if self.pk else 10_000,
            part_of=self.part_of,
            numerator_code=self.numerator_code if rate else "",
            denominator_code=self.denominator_code if rate else "",
            value_only=rate,
        )
