"""The trace every background job leaves: one :class:`JobRun` row per run, shown to the system
administrator on 后台任务 (``/staff/jobs/``) and, for an import, to whoever submitted it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队等候"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class JobTrigger(models.TextChoices):
    SCHEDULE = "schedule", "定时"
    STARTUP = "startup", "启动时"
    COMMAND = "command", "命令行"
    USER = "user", "用户提交"


class JobRun(models.Model):
    name = models.CharField("任务代码", max_length=50)
    label = models.CharField("任务", max_length=100)
    trigger = models.CharField("触发方式", max_length=10, choices=JobTrigger.choices)
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    progress_done = models.PositiveIntegerField("已完成", default=0)
    progress_total = models.PositiveIntegerField("总量", null=True, blank=True)
    progress_text = models.CharField("进度说明", max_length=200, blank=True)
    summary = models.TextField("结果", blank=True)
    detail = models.JSONField("明细", default=dict, blank=True)

    class Meta:
        verbose_name = "后台任务运行记录"
        verbose_name_plural = "后台任务运行记录"
        ordering = ["-id"]
        indexes = [models.Index(fields=["name", "-id"], name="jobrun_name_recent")]

    def __str__(self) -> str:
        return f"{self.label}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
