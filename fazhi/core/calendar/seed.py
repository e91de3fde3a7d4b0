"""Seed the calendar table from ``chinesecalendar`` (国务院办公厅历年放假安排; 2004 up to the latest
year the installed package carries — 2026 in 1.11). A newer package brings the next year through
:func:`fazhi.core.calendar.services.sync_from_package` (``fazhi calendar sync``, run after every
``migrate`` and daily by the job runner)."""

from __future__ import annotations

SOURCE = "chinesecalendar（国务院办公厅历年放假安排）"


FIRST_YEAR = 2004


def package_years() -> list[int]:
    """The years whose holiday schedule the installed ``chinesecalendar`` carries."""
    from chinese_calendar.constants import holidays

    return list(range(FIRST_YEAR, max(day.year for day in holidays) + 1))


def chinese_calendar_rows(first_year: int = FIRST_YEAR, last_year: int | None = None):
    """(date, kind, name) rows for holidays and make-up workdays, and the years covered."""
    from chinese_calendar.constants import holidays, workdays

    last_year = last_year or package_years()[-1]
    rows = []
    for day, holiday in holidays.items():
        if first_year <= day.year <= last_year:
            rows.append((day, "holiday", _name(holiday)))
    for day, holiday in workdays.items():
        if first_year <= day.year <= last_year and day.weekday() >= 5:
            rows.append((day, "workday", f"{_name(holiday)}调休上班"))
    return sorted(rows), list(range(first_year, last_year + 1))


_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _name(holiday) -> str:
    english = getattr(holiday, "value", holiday)
    if isinstance(english, (list, tuple)):
        english = english[0]
    return _NAMES.get(str(english), str(english))


def seed(apps=None) -> int:
    get = apps.get_model if apps else None
    if get:
        CalendarDay, CalendarYear = get("calendar", "CalendarDay"), get("calendar", "CalendarYear")
    else:
        from fazhi.core.calendar.models import CalendarDay, CalendarYear
    rows, years = chinese_calendar_rows(last_year=2026)  # what this migration always seeded
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, kind=k, name=n) for d, k, n in rows], ignore_conflicts=True
    )
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, confirmed=True, source=SOURCE) for y in years], ignore_conflicts=True
    )
    return len(rows)


def builtin_calendar():
    """The seed data as a ``WorkCalendar`` without a database (the CLI before ``fazhi migrate``)."""
    from fazhi.core.calendar.deadlines import WorkCalendar

    rows, years = chinese_calendar_rows()
    holidays = {d: n for d, k, n in rows if k == "holiday"}
    workdays = {d: n for d, k, n in rows if k == "workday"}
    return WorkCalendar(holidays=holidays, workdays=workdays, confirmed_years=frozenset(years))
