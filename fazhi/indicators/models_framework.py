"""《市县法治政府建设示范指标体系》 and its provincial variants, as data (docs/indicators.md §示范指标体系).

- :class:`Framework`: one version of one indicator system (national 2021 version, a province's
  variant of it …), identified by ``code`` + ``version``. A provincial variant points at the
  national version it is ``based_on``; its items are the base's items plus (or replacing) its own,
  stored in full so every reader sees one complete tree.
- :class:`FrameworkItem`: one 一级 / 二级 / 三级 indicator of a framework: its number ("1.2.3"),
  parent (one level up), title, the platform indicator codes it is measured by (registry codes such
  as ``"litigation.loss_rate"``), its target (text as published, e.g. "100%" or "逐年下降", plus an
  optional numeric value and comparator so assessment can check it), and the evidence required.

Rows are written only by :func:`fazhi.indicators.framework.load_framework` from a data file
(``fazhi framework load FILE``): loading is validated and atomic, and reloading the same
code + version updates the rows in place. Scores, weights and assessment methods are set separately
by 中央依法治国办 and are not part of the published text (docs/indicators.md §示范指标体系), so they are not modelled here.
"""

from __future__ import annotations

from django.db import models

__all__ = ["Comparator", "Framework", "FrameworkItem", "ItemLevel", "TextStatus"]


class ItemLevel(models.IntegerChoices):
    FIRST = 1, "一级指标"
    SECOND = 2, "二级指标"
    THIRD = 3, "三级指标"


class Comparator(models.TextChoices):
    """How a measured value is compared with ``target_value`` (or with last year's, for trends)."""

    GE = ">=", "不低于"
    LE = "<=", "不高于"
    EQ = "==", "等于"
    GT = ">", "高于"
    LT = "<", "低于"
    RISING = "rising", "逐年上升"
    FALLING = "falling", "逐年下降"


# Trend comparators compare with the previous period and take no numeric target.
TREND_COMPARATORS = frozenset({Comparator.RISING, Comparator.FALLING})


class TextStatus(models.TextChoices):
    """How far an item's wording can be trusted; lets a data file say what still needs the official text."""

    OFFICIAL = "official", "官方原文"
    EXCERPT = "excerpt", "据公开摘录转述（措辞待核）"
    RECONSTRUCTED = "reconstructed", "重构（标题待核）"
    PLACEHOLDER = "placeholder", "占位（待补全官方原文）"


class Framework(models.Model):
    code = models.CharField(
        "体系代码", max_length=64, help_text="同一指标体系各版本共用，如 demonstration；省级变体另起代码。"
    )
    version = models.CharField("版本", max_length=32, help_text="如 2021。")
    title = models.CharField("名称", max_length=200)
    issuer = models.CharField("发布机关", max_length=200, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name="所依据的版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="variants",
        help_text="省级变体所依据的全国版本。",
    )
    notes = models.TextField("说明", blank=True)
    source = models.JSONField(
        "载入的数据文件内容", default=dict, help_text="原样保存，基础版本重新载入时据此重建变体。"
    )
    source_sha256 = models.CharField("数据文件摘要", max_length=64, blank=True)
    loaded_at = models.DateTimeField("载入时间", null=True, blank=True)

    class Meta:
        verbose_name = "指标体系"
        verbose_name_plural = "指标体系"
        ordering = ["code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_code_version_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.code} {self.version}）"


class FrameworkItem(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name="指标体系", on_delete=models.CASCADE, related_name="items"
    )
    number = models.CharField("编号", max_length=32, help_text="如 1.2.3，在同一体系内唯一。")
    level = models.PositiveSmallIntegerField("层级", choices=ItemLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级指标",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    title = models.TextField("指标内容")
    indicator_codes = models.JSONField(
        "关联的平台指标", default=list, blank=True, help_text="指标登记表中的编码，如 litigation.loss_rate。"
    )
    target_text = models.CharField(
        "目标（原文）", max_length=200, blank=True, help_text="如“100%”“逐年下降”。"
    )
    target_value = models.DecimalField(
        "目标值",
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="百分比按百分数填写，100 即 100%。",
    )
    comparator = models.CharField("比较方式", max_length=8, choices=Comparator.choices, blank=True)
    evidence_required = models.JSONField("佐证材料", default=list, blank=True)
    text_status = models.CharField(
        "文本状态", max_length=16, choices=TextStatus.choices, default=TextStatus.OFFICIAL
    )
    notes = models.TextField("备注", blank=True)
    inherited = models.BooleanField("沿用所依据版本", default=False)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "指标体系条目"
        verbose_name_plural = "指标体系条目"
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="framework_item_number_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_placeholder(self) -> bool:
        return self.text_status != TextStatus.OFFICIAL

    @property
    def target_display(self) -> str:
        """The target as a reader should see it: the published text, else built from value + comparator."""
        if self.target_text:
            return self.target_text
        if self.comparator in TREND_COMPARATORS:
            return Comparator(self.comparator).label
        if self.comparator and self.target_value is not None:
            value = self.target_value.normalize()
            return f"{Comparator(self.comparator).label}{value:f}"
        return ""
