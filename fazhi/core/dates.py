"""Dates as Chinese text: 2026年10月8日 — the one formatter every message, explanation, export and
document uses for in-text dates (official documents' 成文日期 in Chinese numerals is
:func:`fazhi.core.documents.chinese.chinese_date`); a period as a query (:func:`within`,
:func:`exists_within`); and dates that must lie in order (:func:`not_before`, :func:`not_after`)."""

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


def exists_within(model, link: str, field_name: str, **filters):
    """The records that have a row of ``model`` (``link``: its path back to the record) dated
    ``field_name`` within a period, with ``filters``: ``exists_within(Hearing, "lawsuit",
    "hearing_on", held=True)(start, end)`` is a ``Q`` — the cases heard in court in the period."""
    from django.db.models import Exists, OuterRef, Q

    def members(start: dt.date, end: dt.date) -> Q:
        rows = model.objects.filter(within(field_name)(start, end), **{link: OuterRef("pk")}, **filters)
        return Q(Exists(rows))

    return members


class DateOrder:
    """One date of a record that may not lie before (``not_before``) or after (``not_after``)
    another: “回复日期不能早于收到日期。” — the message from the two labels, under ``field``. The same
    rule serves a model's ``clean`` (:func:`check_order`, labels = verbose names), a page
    (``FormSpec.dates``, labels = the form's) and an import."""

    def __init__(self, field: str, other: str, *, after: bool):
        self.field, self.other, self.after = field, other, after

    def broken(self, value: dt.date | None, other: dt.date | None) -> bool:
        """Whether the two dates (either may be missing: nothing to check) break the rule."""
        return bool(value and other and (value > other if self.after else value < other))

    def message(self, label: str, other_label: str) -> str:
        return f"{label}不能{'晚' if self.after else '早'}于{other_label}。"


def not_before(field: str, other: str) -> DateOrder:
    """``field`` may not lie before ``other`` (整改回复期限 not before 收到日期)."""
    return DateOrder(field, other, after=False)


def not_after(field: str, other: str) -> DateOrder:
    """``field`` may not lie after ``other`` (提醒日期 not after 开庭日期)."""
    return DateOrder(field, other, after=True)


def check_order(record, *rules: DateOrder) -> None:
    """In a model's ``clean``: the first rule the record's dates break, as a ``ValidationError``
    under its field, worded with the fields' verbose names."""
    from django.core.exceptions import ValidationError

    for rule in rules:
        if rule.broken(getattr(record, rule.field), getattr(record, rule.other)):
            label, other = (record._meta.get_field(n).verbose_name for n in (rule.field, rule.other))
            raise ValidationError({rule.field: rule.message(label, other)})
