"""Records that follow a procedure, their transition log, and their attachments.

``status`` on a :class:`WorkflowModel` is written only by the engine: ``save()`` refuses a changed
status and never writes the status or version columns (so a stale instance cannot put an old status
back), ``QuerySet.update(status=…)`` and ``bulk_update([... "status"])`` raise, ``bulk_create`` only
creates records in the initial state, and the field is not editable in forms or the admin
(docs/conventions.md 3; get.gov ADR 0030 explains why silent bypasses are the danger).
"""

from __future__ import annotations

import contextvars
import hashlib
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from fazhi.core.models import ScopedModel

_engine_writing: contextvars.ContextVar[bool] = contextvars.ContextVar("fazhi_engine_writing", default=False)


class StatusProtected(Exception):
    """Status was about to change outside the procedure engine."""

    def __init__(self, message: str = "办理状态只能通过办理程序变更，不能直接修改。"):
        super().__init__(message)


class WorkflowQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if "status" in kwargs and not _engine_writing.get():
            raise StatusProtected()
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if {"status", "version"} & set(fields) and not _engine_writing.get():
            raise StatusProtected()
        return super().bulk_update(objs, fields, *args, **kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create() skips save(): apply the same rule here — new rows start in the initial state.
        objs = list(objs)
        if not _engine_writing.get():
            for obj in objs:
                initial = obj.procedure.initial
                if obj.status and obj.status != initial:
                    raise StatusProtected(f"新登记的记录只能处于“{obj.procedure.state(initial).label}”状态。")
                obj.status = initial
        return super().bulk_create(objs, *args, **kwargs)


class WorkflowModel(ScopedModel):
    """Base for a record driven by a procedure. Subclasses set ``procedure_name``."""

    procedure_name: ClassVar[str]

    status = models.CharField("办理状态", max_length=30, db_index=True, editable=False)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = WorkflowQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def procedure(self):
        from fazhi.core.workflow.registry import get

        return get(self.procedure_name)

    @property
    def state(self):
        return self.procedure.state(self.status)

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or "status" in fields:
            self._loaded_status = self.__dict__.get("status")

    def save(self, *args, **kwargs):
        if self._state.adding:
            initial = self.procedure.initial
            if self.status and self.status != initial and not _engine_writing.get():
                raise StatusProtected(f"新登记的记录只能处于“{self.procedure.state(initial).label}”状态。")
            self.status = self.status or initial
        elif not _engine_writing.get():
            loaded = getattr(self, "_loaded_status", None)
            current = self.__dict__.get("status")
            if current is not None and loaded is not None and current != loaded:
                raise StatusProtected()
            # An ordinary save never writes status or version, so an instance loaded before the
            # engine moved the record cannot put the old status (or version) back.
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                if {"status", "version"} & set(update_fields):
                    raise StatusProtected()
            else:
                deferred = self.get_deferred_fields()
                kwargs["update_fields"] = [
                    f.name
                    for f in self._meta.concrete_fields
                    if not f.primary_key and f.name not in ("status", "version") and f.attname not in deferred
                ]
        super().save(*args, **kwargs)
        self._loaded_status = self.__dict__.get("status")


class TransitionLog(models.Model):
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    procedure = models.CharField("程序", max_length=50)
    transition = models.CharField("操作", max_length=50)
    label = models.CharField("操作名称", max_length=50)
    from_status = models.CharField("原状态", max_length=30)
    to_status = models.CharField("新状态", max_length=30)
    legal_date = models.DateField("法律事实发生日")
    data = models.JSONField("填写内容", default=dict, blank=True)
    article = models.CharField("法律依据", max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("操作时间", auto_now_add=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="translog_subject")]


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认生效"
    REFUSED = "refused", "已拒绝"


class PendingApproval(models.Model):
    """A move whose transition declares an approval (e.g. 延期审理, 行政复议法第六十二条: 经行政复议
    机构负责人批准): asked by one person, it takes effect only when the named approver — another
    person holding the role the law names — confirms it in their own session
    (:func:`fazhi.core.workflow.engine.confirm`)."""

    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    procedure = models.CharField("程序", max_length=50)
    transition = models.CharField("操作", max_length=50)
    label = models.CharField("操作名称", max_length=50)
    data = models.JSONField("填写内容", default=dict, blank=True)
    version = models.PositiveIntegerField("申请时的版本")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="批准人", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING, db_index=True
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)
    note = models.CharField("意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "待确认事项"
        verbose_name_plural = "待确认事项"
        ordering = ["requested_at", "id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="approval_subject"),
            models.Index(fields=["approver", "status"], name="approval_approver"),
        ]


def _upload_to(instance, filename: str) -> str:
    return f"attachments/{instance.region_code}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(ScopedModel):
    """A file attached to a record. Its SHA-256 is taken at upload and shown on the detail page."""

    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField("材料类型", max_length=50)
    filename = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    file = models.FileField(upload_to=_upload_to)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="attachment_subject")]

    def __str__(self) -> str:
        return self.filename

    @staticmethod
    def digest(chunks) -> str:
        h = hashlib.sha256()
        for chunk in chunks:
            h.update(chunk)
        return h.hexdigest()
