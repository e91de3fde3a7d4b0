"""The annual 法治政府建设 report: narrative written by staff, figures from indicator snapshots.

A draft quotes the figures of the latest computation; signing off pins the indicator run the report
uses (``run``), so regenerating a signed-off report prints the same figures even after records
change (docs/conventions.md idea 3).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.models import ScopedModel
from fazhi.reports.parts import PARTS


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SIGNED_OFF = "signed_off", "已定稿"


class AnnualReport(ScopedModel):
    """One government's report for one year. ``organisation`` is the government (or office) that
    issues it and signs it; ``region_code`` is its region, the subtree the figures cover."""

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    status = models.CharField(
        "状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )
    measures = models.TextField("主要举措和成效", blank=True)
    shortcomings = models.TextField("存在的不足和原因", blank=True)
    leaders_duty = models.TextField("党政主要负责人履行推进法治建设第一责任人职责情况", blank=True)
    next_year_plan = models.TextField("下一年度工作计划", blank=True)
    other = models.TextField("其他", blank=True)
    # 公文要素 (GB/T 9704-2012 §7): what the document carries besides its text. Empty = the default.
    issuer = models.CharField(
        "发文机关", max_length=100, blank=True, help_text="署名的机关；不填则为报告所属单位。"
    )
    addressee = models.CharField(
        "主送机关",
        max_length=200,
        blank=True,
        help_text="报送的上级机关，如“中共××市委、××市人民政府”；不填则不写主送。",
    )
    document_number = models.CharField(
        "发文字号", max_length=60, blank=True, help_text="如“桂玉政〔2027〕3号”；可不填。"
    )
    written_on = models.DateField(
        "成文日期",
        null=True,
        blank=True,
        help_text="落款日期；不填则为定稿日期（未定稿时为生成文档的日期）。",
    )
    run = models.ForeignKey(
        "indicators.IndicatorRun",
        verbose_name="所用指标计算批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    frozen_definitions = models.JSONField(
        "定稿时的指标口径",
        default=dict,
        blank=True,
        editable=False,
        help_text="定稿时正文引用的每个指标的定义、口径版本和显示精度，重新生成时原样使用。",
    )
    frozen_tables = models.JSONField(
        "定稿时的附表",
        default=dict,
        blank=True,
        editable=False,
        help_text="定稿时按记录统计的附表（各部门被复议被诉情况），重新生成时原样使用。",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="定稿人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    signed_off_at = models.DateTimeField("定稿时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "法治政府建设年度报告"
        verbose_name_plural = "法治政府建设年度报告"
        ordering = ["-year", "region_code"]
        constraints = [
            models.UniqueConstraint(fields=["region_code", "year"], name="reports_one_report_per_region_year")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not 2000 <= (self.year or 0) <= 2100:
            raise ValidationError({"year": "年度应为四位年份。"})

    @property
    def is_signed_off(self) -> bool:
        return self.status == ReportStatus.SIGNED_OFF

    def part_text(self, key: str) -> str:
        return getattr(self, key) or ""

    def parts(self) -> list[tuple]:
        """(Part, text) for the five parts in order."""
        return [(p, self.part_text(p.key)) for p in PARTS]
