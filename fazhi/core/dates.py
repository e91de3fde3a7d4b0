"""Dates as Chinese text: 2026年10月8日 — the one formatter every message, explanation, export and
document uses for in-text dates (official documents' 成文日期 in Chinese numerals is
:func:`fazhi.core.documents.chinese.chinese_date`); and a period as a query (:func:`within`)."""

from __future__ import annotations

import datetime as dt


def written_date(day: dt.date | None, empty: str = "") -> str:
    """2026-10-08 → “2026年10月8日”; ``empty`` for no date."""
    if day is None:
        return empty
    return f"{day.year}年{day.month}月{day.day}日"


def within(field_name: str):
    """The records whose date ``field_name`` falls in a period, both ends included: ``within(
    "received_on")(start, end)`` is a ``Q`` — what an indicator counts (收案: 收到日期在统计期内)."""
    from django.db.models import Q

    def members(start: dt.date, end: dt.date) -> Q:
        return Q(**{f"{field_name}__gte": start, f"{field_name}__lte": end})

    return members
