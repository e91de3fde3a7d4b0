"""Reminders: what the daily 待办 reminder job (fazhi.web.tasks, 08:30) found waiting for each staff
member — one row per matter per user per day, shown under 今日提醒 and counted in the staff nav
until opened. The text is masked when written (ID numbers, phone numbers): a reminder never holds
personal data in the clear (fazhi.web.reminders)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Reminder(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="工作人员", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField("提醒日期")
    key = models.CharField("事项标识", max_length=64)  # clock:<id> or item:<digest>: one per matter a day
    kind_label = models.CharField("类别", max_length=100)
    title = models.CharField("事项", max_length=200)
    url = models.CharField("链接", max_length=300, blank=True)
    due_date = models.DateField("届满日")
    overdue = models.BooleanField("已超期", default=False)
    note = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    read_at = models.DateTimeField("查看时间", null=True, blank=True)

    class Meta:
        verbose_name = "待办提醒"
        verbose_name_plural = "待办提醒"
        ordering = ["-overdue", "due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day", "key"], name="reminder_once_a_day_per_matter")
        ]
        indexes = [models.Index(fields=["user", "day", "read_at"], name="reminder_user_day_unread")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.kind_label}：{self.title}"
