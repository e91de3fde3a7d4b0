"""文号 (document numbers): one counter per (organisation, 发文机关代字, year), and the number issued
to each record for each kind of document.

GB/T 9704-2012 §7.2.4: 发文字号由发文机关代字、年份、发文顺序号组成；年份、发文顺序号用阿拉伯数字，
年份标全称，用六角括号“〔〕”括入；发文顺序号不加“第”字，不编虚位。
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from fazhi.core.models import Organisation, ScopedModel


def format_number(prefix: str, year: int, serial: int) -> str:
    """“东区司法复补字” + 2026 + 3 → “东区司法复补字〔2026〕3号” (GB/T 9704-2012 §7.2.4)."""
    return f"{prefix}〔{year}〕{serial}号"


class DocumentSequence(models.Model):
    """The last serial used for one 代字 of one organisation in one year. Allocation locks this row."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="发文单位", on_delete=models.PROTECT, related_name="+"
    )
    prefix = models.CharField("发文机关代字", max_length=60)
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("已用最大顺序号", default=0)

    class Meta:
        verbose_name = "文号序列"
        verbose_name_plural = "文号序列"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "prefix", "year"], name="documents_sequence_key")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕（已用至{self.last}号）"


class DocumentNumber(ScopedModel):
    """The 文号 issued to one record for one kind of document. Regenerating reuses it."""

    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField("文书种类", max_length=60)
    title = models.CharField("文书名称", max_length=60)
    prefix = models.CharField("发文机关代字", max_length=60)
    year = models.PositiveSmallIntegerField("年份")
    serial = models.PositiveIntegerField("顺序号")
    number = models.CharField("文号", max_length=100)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="编号人", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("编号时间", auto_now_add=True)
    attachment = models.ForeignKey(
        "workflow.Attachment",
        verbose_name="最近生成的文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    generated_count = models.PositiveIntegerField("生成次数", default=0)

    class Meta:
        verbose_name = "文书编号"
        verbose_name_plural = "文书编号"
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind"], name="documents_one_per_kind"
            ),
            models.UniqueConstraint(
                fields=["organisation", "prefix", "year", "serial"], name="documents_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="documents_subject")]

    def __str__(self) -> str:
        return self.number
