"""Deadline arithmetic: pure functions over a working-day calendar held as data.

Rules (docs/statutes.md §期间计算 and §工作日):

- N 日: the start day is not counted; days D+1 … D+N; if the last day is a statutory rest day the
  period ends on the next working day (民事诉讼法 第八十五条, applied to 行政诉讼 by 行政诉讼法
  第一百零一条).
- N 工作日: count the working days after D; the Nth is the last day (e.g. 行政复议法 第八十八条).
- N 个月: ends on the same-numbered day of the target month, or that month's last day if it has
  none (民法典 第二百零一条); a rest-day end rolls forward as for 日 (民法典 第二百零三条).
- Suspended time (中止, 补正, 征询第三方, 鉴定 …) is not counted: the caller passes it as natural days
  (日 / 个月 periods) or working days (工作日 periods); approved extensions are added in the period's
  own unit (a 个月 period is extended in 日).

A year with no confirmed holiday schedule is computed with weekends only, and any result that
touches it is marked provisional.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
from dataclasses import dataclass, field

from fazhi.core.dates import written_date

ROLL_ARTICLE = "《民事诉讼法》第八十五条"
MONTH_ARTICLE = "《民法典》第二百零一条"
UNITS = ("day", "workday", "month")


@dataclass(frozen=True)
class WorkCalendar:
    holidays: dict[dt.date, str] = field(default_factory=dict)
    workdays: dict[dt.date, str] = field(default_factory=dict)
    confirmed_years: frozenset[int] = frozenset()

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def is_confirmed(self, year: int) -> bool:
        return year in self.confirmed_years

    def rest_name(self, day: dt.date) -> str:
        if day in self.holidays:
            return self.holidays[day] or "节假日"
        return "周末" if day.weekday() >= 5 else ""

    def next_workday(self, day: dt.date) -> dt.date:
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def workdays_between(self, after: dt.date, upto: dt.date) -> int:
        """Working days in (after, upto]."""
        count, day = 0, after
        while day < upto:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    provisional: bool
    explanation: str
    unconfirmed_years: tuple[int, ...] = ()

    def __str__(self) -> str:
        return self.explanation


UNIT_LABEL = {"day": "日", "workday": "个工作日", "month": "个月"}


def add_months(start: dt.date, months: int) -> dt.date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, _stdcal.monthrange(year, month)[1]))


def _years(start: dt.date, end: dt.date) -> range:
    return range(start.year, end.year + 1)


def _finish(cal: WorkCalendar, start: dt.date, due: dt.date, parts: list[str]) -> Deadline:
    unconfirmed = tuple(y for y in _years(start, due) if not cal.is_confirmed(y))
    if unconfirmed:
        years = "、".join(f"{y}年" for y in unconfirmed)
        parts.append(f"（{years}节假日安排尚未确认，届满日为暂定）")
    return Deadline(
        due=due, provisional=bool(unconfirmed), explanation="".join(parts), unconfirmed_years=unconfirmed
    )


def _roll(cal: WorkCalendar, raw_end: dt.date, parts: list[str]) -> dt.date:
    due = cal.next_workday(raw_end)
    if due != raw_end:
        parts.append(f"，末日{written_date(raw_end)}为{cal.rest_name(raw_end)}休息日，依{ROLL_ARTICLE}顺延")
    return due


def compute_deadline(
    cal: WorkCalendar,
    *,
    start: dt.date,
    length: int,
    unit: str,
    article: str = "",
    start_label: str = "",
    excluded_days: int = 0,
    excluded_workdays: int = 0,
    extension: int = 0,
) -> Deadline:
    """The last day of a period, with its explanation in Chinese.

    ``excluded_days`` / ``excluded_workdays`` are time suspended (中止, 补正, 鉴定 …) in natural and
    working days; ``extension`` is approved extra time in the clock's own unit (months count as
    natural days when extended).
    """
    if unit not in UNITS:
        raise ValueError(f"未知的期限单位：{unit}（应为 日、工作日 或 个月）")
    if length < 0 or extension < 0 or excluded_days < 0 or excluded_workdays < 0:
        raise ValueError("期限长度不能为负数。")
    parts = [f"自{start_label}{written_date(start)}起（当日不计）{length}{UNIT_LABEL[unit]}"]
    if article:
        parts.append(f"，依据{article}")
    if unit == "workday":
        # 工作日: count working days after the start day; holidays and weekends are skipped,
        # make-up workdays (调休上班) count (e.g. 行政复议法第八十八条).
        total = length + excluded_workdays + extension
        if excluded_workdays:
            parts.append(f"，扣除中止期间{excluded_workdays}个工作日")
        if extension:
            parts.append(f"，延长{extension}个工作日")
        day, counted = start, 0
        skipped: list[str] = []
        makeup: list[dt.date] = []
        while counted < total:
            day += dt.timedelta(days=1)
            if cal.is_workday(day):
                counted += 1
                if day in cal.workdays:
                    makeup.append(day)
            elif day in cal.holidays:
                name = cal.holidays[day] or "节假日"
                if name not in skipped:
                    skipped.append(name)
        if skipped:
            parts.append(f"，其间{'、'.join(skipped)}假期不计")
        if makeup:
            parts.append(f"，{'、'.join(written_date(d) for d in makeup)}调休上班计入")
        due = day
    else:
        if unit == "month":
            raw_end = add_months(start, length)
            if raw_end.day != start.day:
                parts.append(f"，到期月无对应日，以月末日为末日（{MONTH_ARTICLE}）")
        else:
            raw_end = start + dt.timedelta(days=length)
        if excluded_days:
            parts.append(f"，扣除中止期间{excluded_days}日")
        if extension:
            parts.append(f"，延长{extension}日")
        raw_end += dt.timedelta(days=excluded_days + extension)
        due = _roll(cal, raw_end, parts)
    parts.append(f"，届满日为{written_date(due)}")
    return _finish(cal, start, due, parts)


def add_days(cal: WorkCalendar, start: dt.date, days: int, **kw) -> Deadline:
    return compute_deadline(cal, start=start, length=days, unit="day", **kw)


def add_workdays(cal: WorkCalendar, start: dt.date, days: int, **kw) -> Deadline:
    return compute_deadline(cal, start=start, length=days, unit="workday", **kw)
