"""Statistical periods: calendar year, quarter, month, or a custom date range (both ends inclusive).

Reports do not all use the calendar year: seed 000's 12345 hotline year runs from 2021-12-01 to
2022-11-30 (docs/indicators.md §统计期间). A period has a stable ``key`` (used in URLs,
the command line and stored beside every snapshot) and a Chinese ``label``:

=========================  =========  ====================================
key                        kind       label
=========================  =========  ====================================
``2022``                   year       2022年
``2022Q3``                 quarter    2022年第三季度
``2022-05``                month      2022年5月
``2021-12-01..2022-11-30`` custom     2021年12月1日至2022年11月30日
=========================  =========  ====================================

:func:`parse` also accepts the Chinese forms (``2022年``, ``2022年第3季度``, ``2022年5月``,
``2021年12月1日至2022年11月30日``), full-width digits, ``2022-Q3`` and ``2022/5``. A custom range
that happens to be a whole year, quarter or month is normalised to it, so one period has one key.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from fazhi.core.dates import written_date

YEAR, QUARTER, MONTH, CUSTOM = "year", "quarter", "month", "custom"
QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
_QUARTER_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


class PeriodError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    kind: str = CUSTOM

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(
                f"统计期的结束日期（{self.end.isoformat()}）早于开始日期（{self.start.isoformat()}）。"
            )

    @property
    def key(self) -> str:
        if self.kind == YEAR:
            return str(self.start.year)
        if self.kind == QUARTER:
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        s = self.start
        if self.kind == YEAR:
            return f"{s.year}年"
        if self.kind == QUARTER:
            return f"{s.year}年第{QUARTER_NAMES[(s.month - 1) // 3 + 1]}季度"
        if self.kind == MONTH:
            return f"{s.year}年{s.month}月"
        return f"{written_date(self.start)}至{written_date(self.end)}"

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return self.start, self.end

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def previous_year(self) -> Period:
        """The same period one year earlier (year-on-year comparison)."""
        return _normalise(_shift_year(self.start, -1), _shift_year_end(self.end, -1))

    def __str__(self) -> str:
        return self.label


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _shift_year_end(day: dt.date, years: int) -> dt.date:
    last = calendar.monthrange(day.year, day.month)[1]
    target_last = calendar.monthrange(day.year + years, day.month)[1]
    if day.day == last:
        return dt.date(day.year + years, day.month, target_last)
    return _shift_year(day, years)


def year(y: int) -> Period:
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), YEAR)


def quarter(y: int, q: int) -> Period:
    if q not in QUARTER_NAMES:
        raise PeriodError(f"季度应为1至4，不能是{q}。")
    first = 3 * (q - 1) + 1
    return Period(dt.date(y, first, 1), dt.date(y, first + 2, calendar.monthrange(y, first + 2)[1]), QUARTER)


def month(y: int, m: int) -> Period:
    if not 1 <= m <= 12:
        raise PeriodError(f"月份应为1至12，不能是{m}。")
    return Period(dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), MONTH)


def custom(start: dt.date, end: dt.date) -> Period:
    return _normalise(start, end)


def _normalise(start: dt.date, end: dt.date) -> Period:
    """A range that is exactly a year, quarter or month is that period (one key per period)."""
    if start.day == 1 and end == dt.date(end.year, end.month, calendar.monthrange(end.year, end.month)[1]):
        if start.year == end.year:
            if start.month == 1 and end.month == 12:
                return year(start.year)
            if start.month == end.month:
                return month(start.year, start.month)
            if start.month % 3 == 1 and end.month == start.month + 2:
                return quarter(start.year, (start.month - 1) // 3 + 1)
    return Period(start, end, CUSTOM)


_YEAR = re.compile(r"^(\d{4})年?$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:年\s*第?\s*([1-4一二三四])\s*季度?|-?[Qq]\s*([1-4]))$")
_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月)$")
_DAY = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_RANGE = re.compile(rf"^{_DAY}\s*(?:\.\.|至|到|~|—|--)\s*{_DAY}$")
_YEAR_RANGE = (1949, 2100)


def _check_year(y: int, text: str) -> int:
    if not _YEAR_RANGE[0] <= y <= _YEAR_RANGE[1]:
        raise PeriodError(f"“{text}”的年份不在{_YEAR_RANGE[0]}至{_YEAR_RANGE[1]}之间。")
    return y


def parse(text: str) -> Period:
    """A period from its key or its Chinese label; :class:`PeriodError` (Chinese) otherwise."""
    raw = text
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        raise PeriodError("请填写统计期，如 2022、2022Q3、2022-05 或 2021-12-01..2022-11-30。")
    if m := _YEAR.match(text):
        return year(_check_year(int(m.group(1)), raw))
    if m := _QUARTER.match(text):
        q = m.group(2) or m.group(3)
        return quarter(_check_year(int(m.group(1)), raw), _QUARTER_DIGITS.get(q) or int(q))
    if m := _MONTH.match(text):
        return month(_check_year(int(m.group(1)), raw), int(m.group(2) or m.group(3)))
    if m := _RANGE.match(text):
        g = [int(x) for x in m.groups()]
        try:
            start, end = dt.date(*g[:3]), dt.date(*g[3:])
        except ValueError:
            raise PeriodError(f"“{raw}”中有不存在的日期。") from None
        _check_year(start.year, raw)
        _check_year(end.year, raw)
        return custom(start, end)
    raise PeriodError(
        f"无法识别统计期“{raw}”。请写成 2022（年）、2022Q3（季度）、2022-05（月）"
        "或 2021-12-01..2022-11-30（自定义起止日期）。"
    )
