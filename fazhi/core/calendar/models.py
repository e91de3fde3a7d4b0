"""The statutory clock's data: the working-day calendar and the clocks that run on it.

The calendar stores only exceptions to "Monday–Friday work, Saturday–Sunday rest": statutory
holidays (with their names) and make-up workdays (调休上班). Years seeded from ``chinesecalendar``
are confirmed; a year with no confirmed schedule is still computed (weekends only) but every due
date falling in it is flagged provisional until an administrator confirms the year.

A clock is one statutory period running for one record: start date, length, unit (日 / 工作日 /
月), the article that sets it, and a ledger of suspensions, resumptions, restarts and extensions.
The due date is always recomputed from that ledger, never overwritten by hand.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.models import ScopedModel


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日（休息）"
    WORKDAY = "workday", "调休上班"


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年度", primary_key=True)
    confirmed = models.BooleanField(
        "已确认", default=False, help_text="国务院办公厅公布放假安排并核对录入后勾选。"
    )
    source = models.CharField("来源", max_length=200, blank=True)

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年（{'已确认' if self.confirmed else '未确认'}）"

    def clean(self) -> None:
        # The admin's 已确认 box obeys the rule confirm_year does: no confirmed year without holidays.
        if (
            self.confirmed
            and self.year
            and not CalendarDay.objects.filter(date__year=self.year, kind=DayKind.HOLIDAY).exists()
        ):
            from fazhi.core.calendar.services import no_holidays_message

            raise ValidationError({"confirmed": no_holidays_message(self.year)})


class CalendarDay(models.Model):
    date = models.DateField("日期", primary_key=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=30, blank=True)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()

    def clean(self) -> None:
        # Only exceptions to Monday–Friday work are stored: a make-up workday is a Saturday or Sunday.
        if self.kind == DayKind.WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError({"kind": "调休上班日应为周六或周日；周一至周五本来就是工作日。"})


class TimeUnit(models.TextChoices):
    DAY = "day", "日"
    WORKDAY = "workday", "工作日"
    MONTH = "month", "个月"


class ClockState(models.TextChoices):
    RUNNING = "running", "计时中"
    SUSPENDED = "suspended", "中止计时"
    STOPPED = "stopped", "已结束"


class Clock(ScopedModel):
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")

    code = models.CharField("期限代码", max_length=50)
    label = models.CharField("期限名称", max_length=100)
    start_label = models.CharField("起算事件", max_length=50, blank=True)
    start_date = models.DateField("起算日")
    length = models.PositiveIntegerField("期限长度")
    unit = models.CharField("单位", max_length=10, choices=TimeUnit.choices)
    article = models.CharField("法律依据", max_length=200)
    extension_cap = models.PositiveIntegerField("延长上限", null=True, blank=True)

    state = models.CharField("状态", max_length=10, choices=ClockState.choices, default=ClockState.RUNNING)
    due_date = models.DateField("届满日", null=True, blank=True)
    provisional = models.BooleanField("暂定", default=False)
    explanation = models.TextField("计算说明", blank=True)
    stopped_on = models.DateField("结束日", null=True, blank=True)
    met = models.BooleanField("按期", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "法定期限"
        verbose_name_plural = "法定期限"
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["state", "due_date"], name="clock_state_due"),
            models.Index(fields=["subject_type", "subject_id"], name="clock_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.label}：{self.due_date or '—'}"


class EntryKind(models.TextChoices):
    SUSPEND = "suspend", "中止"
    RESUME = "resume", "恢复"
    EXTEND = "extend", "延长"
    RESTART = "restart", "重新起算"
    RELENGTH = (
        "relength",
        "期限变更",
    )  # the period itself changes (e.g. 简易程序转普通程序); days = new length
    STOP = "stop", "结束"


class ClockEntry(models.Model):
    """One line of a clock's ledger. Entries are only added, never edited.

    Entries are applied in the order they were added (``id``); ``date`` is the legal date of the
    event and measures the time suspended or the new start of a restarted period.
    """

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("类型", max_length=10, choices=EntryKind.choices)
    date = models.DateField("日期")
    days = models.PositiveIntegerField("天数", null=True, blank=True)
    reason = models.CharField("事由", max_length=200, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "期限台账"
        verbose_name_plural = "期限台账"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("期限台账只能追加，不能修改。")
        super().save(*args, **kwargs)
