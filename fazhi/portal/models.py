"""网上收件: an application submitted on the portal, before staff register it (issue 10 item 8).

An online application is not a case. It gets a **收件编号** (``网收〔2026〕000123``, its own series per
receiving organisation and year) and the 查询码 on the receipt; the official 案号 is taken only when
an officer registers it (:func:`fazhi.portal.intake.register`), through the domain's own
registration, so spam never consumes one and the official numbering has no gap. Staff may instead
discard it (不予登记, with a reason, audited); it then leaves 待办 and the list of applications
waiting, and no 案号 was ever used.

What the applicant typed is kept as submitted (the form's fields, JSON) and encrypted at rest
(docs/security.md 16: it holds the 公民身份号码, phone and address); registration binds it to the domain's
form again, so the same validation applies.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from fazhi.core.crypto.fields import EncryptedCharField
from fazhi.core.kit.querycode import new_query_code
from fazhi.core.models import ScopedModel

RECEIPT_CODE = "网收"


class IntakeStatus(models.TextChoices):
    PENDING = "pending", "待登记"
    REGISTERED = "registered", "已登记"
    DISCARDED = "discarded", "不予登记"


class DiscardReason(models.TextChoices):
    SPAM = "spam", "垃圾信息或恶意批量提交"
    DUPLICATE = "duplicate", "重复提交"
    NO_CONTENT = "no_content", "无实际申请内容"
    OTHER = "other", "其他"


def format_receipt_number(year: int, serial: int) -> str:
    """2026, 123 → “网收〔2026〕000123” (six digits: a receipt number is read from a screen)."""
    return f"{RECEIPT_CODE}〔{year}〕{serial:06d}"


class OnlineApplication(ScopedModel):
    """One online application (收件). ``organisation`` is the body it was addressed to."""

    scope = models.CharField("申请类别", max_length=40, db_index=True)  # the DomainPortal's scope
    receipt_year = models.PositiveSmallIntegerField("收件年份", editable=False)
    receipt_serial = models.PositiveIntegerField("收件序号", editable=False)
    receipt_number = models.CharField("收件编号", max_length=40, editable=False)
    query_code = models.CharField(
        "查询码", max_length=16, unique=True, default=new_query_code, editable=False
    )
    applicant_name = models.CharField("申请人", max_length=200)
    payload = EncryptedCharField("申请内容", max_length=40000, blank=True)
    received_at = models.DateTimeField("收件时间")
    status = models.CharField(
        "收件状态", max_length=20, choices=IntakeStatus.choices, default=IntakeStatus.PENDING, db_index=True
    )
    record_type = models.ForeignKey(
        ContentType,
        verbose_name="登记案件类型",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    record_id = models.PositiveBigIntegerField("登记案件", null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    discard_reason = models.CharField(
        "不予登记原因", max_length=20, choices=DiscardReason.choices, blank=True
    )
    discard_note = models.CharField("说明", max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "网上收件"
        verbose_name_plural = "网上收件"
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "scope", "receipt_year", "receipt_serial"],
                name="portal_receipt_number",
            ),
            models.CheckConstraint(
                condition=models.Q(record_type__isnull=True, record_id__isnull=True)
                | models.Q(record_type__isnull=False, record_id__isnull=False),
                name="portal_intake_record_pair",
            ),
        ]
        indexes = [models.Index(fields=["scope", "status", "received_at"], name="portal_intake_waiting")]

    def __str__(self) -> str:
        return self.receipt_number

    def audit_repr(self) -> str:
        return f"网上收件 {self.receipt_number}"  # never the applicant's name (docs/security.md 42)

    @property
    def data(self) -> dict:
        return json.loads(self.payload or "{}")


def _intake_file_to(instance, filename: str) -> str:
    # The attachments' storage and layout (fazhi.core.workflow.models._upload_to), under its own folder.
    return f"portal/{instance.region_code}/{instance.sha256[:2]}/{instance.sha256}"


class IntakeFile(ScopedModel):
    """A file the applicant attached on the portal (身份证明、被申请行为的文书、其他证据; issue 11 item
    18), checked like a staff upload (:func:`fazhi.core.workflow.attachments.upload_problem`: type
    from the extension and the first bytes, size). Only staff of the body addressed see it (网上收件);
    registration copies it into the case's attachments. The public never gets it back."""

    application = models.ForeignKey(
        OnlineApplication, verbose_name="网上收件", on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField("材料类型", max_length=50)
    filename = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    file = models.FileField(upload_to=_intake_file_to)

    class Meta:
        verbose_name = "网上申请材料"
        verbose_name_plural = "网上申请材料"
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return self.filename
