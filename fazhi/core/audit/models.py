"""The append-only audit log, chained with HMAC-SM3 (docs/security.md 12–14).

Each row's ``digest`` is HMAC-SM3(key, previous row's digest ‖ canonical JSON of this row). The key
lives outside the database (``keys/audit-hmac`` in the data directory, or ``FAZHI_AUDIT_KEY``), so
someone who can edit the database cannot recompute the chain. Rows are written in the same
transaction as the business change they describe; the ORM refuses to update or delete them.

Someone with write access to the database could cut rows off the END of the chain and rewind
``ChainHead`` to match; signed head checkpoints written hourly to a file outside the database
(:mod:`fazhi.core.audit.checkpoints`) expose that: ``fazhi audit verify`` checks against the latest.
On PostgreSQL, also deny the application's role UPDATE/DELETE/TRUNCATE on the audit table.
"""

from __future__ import annotations

from django.db import models


class AuditImmutable(Exception):
    """Raised on any attempt to change or delete an audit row through the ORM."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutable("审计日志不可修改。")

    def delete(self):
        raise AuditImmutable("审计日志不可删除。")

    def bulk_update(self, *args, **kwargs):
        raise AuditImmutable("审计日志不可修改。")

    def bulk_create(self, *args, **kwargs):
        # Rows must enter one by one through services.record(), which chains them.
        raise AuditImmutable("审计日志只能通过审计服务逐条写入。")


class Result(models.TextChoices):
    OK = "ok", "成功"
    FAILED = "failed", "失败"
    DENIED = "denied", "拒绝"


class AuditEvent(models.Model):
    at = models.DateTimeField("时间", db_index=True)
    user_id = models.BigIntegerField("用户ID", null=True, blank=True)
    username = models.CharField("用户", max_length=150, blank=True)
    roles = models.CharField("角色", max_length=200, blank=True)
    ip = models.CharField("来源地址", max_length=45, blank=True)
    request_id = models.CharField("请求号", max_length=32, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象", max_length=64, blank=True)
    object_repr = models.CharField("对象名称", max_length=200, blank=True)
    result = models.CharField("结果", max_length=10, choices=Result.choices, default=Result.OK)
    detail = models.JSONField("详情", default=dict, blank=True)
    prev_digest = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutable("审计日志不可修改。")
        if not getattr(self, "_chained", False):
            # Only services.record() sets this, after computing the chain digest.
            raise AuditImmutable("审计日志只能通过审计服务逐条写入。")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable("审计日志不可删除。")


class AuditCheckpoint(models.Model):
    """Where the chain resumes after older rows were archived and purged (docs/security.md 15).

    Written only by ``fazhi audit archive`` in the same transaction that removes the archived rows:
    the rows up to ``archived_to_id`` now live in the signed archive file, and the chain in the
    database verifies from ``last_digest``. ``signature`` is HMAC-SM3 under the audit key (outside the
    database), so a checkpoint cannot be forged to hide deleted rows. On PostgreSQL a trigger lets
    DELETE reach only rows a checkpoint covers and refuses any change to checkpoints.
    """

    at = models.DateTimeField("时间")
    archived_to_id = models.BigIntegerField("已归档至记录")
    last_digest = models.CharField("归档末条摘要", max_length=64)
    count = models.BigIntegerField("归档条数")
    cutoff = models.DateField("截止日期")
    archive_name = models.CharField("归档文件", max_length=255)
    archive_sha256 = models.CharField("归档文件SHA-256", max_length=64)
    signature = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计归档检查点"
        verbose_name_plural = "审计归档检查点"
        ordering = ["-archived_to_id"]

    def __str__(self) -> str:
        return f"归档至 #{self.archived_to_id}（{self.cutoff:%Y-%m-%d} 前 {self.count} 条）"


class ChainHead(models.Model):
    """A single row locked while appending, so concurrent writers extend the chain one at a time."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_digest = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "审计链头"
