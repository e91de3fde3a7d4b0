"""Numbers per organisation / 代字 / year: 案号 of every domain and the 文号 of its documents.

One counter row per (organisation, code, year) — :class:`fazhi.core.documents.models.DocumentSequence`,
the table the 文号 of generated documents already used — created if missing, then locked with
``select_for_update`` and incremented inside the caller's transaction. PostgreSQL makes a second
writer wait on the row lock; SQLite runs write transactions ``IMMEDIATE`` (fazhi.settings), so
writers are serialised by the database lock. A rolled-back transaction gives its number back, so
the series has no gaps; MAX()+1 over the cases is never used (two writers would read the same MAX).

``code`` is the stable part of the series: a domain's 代字 such as ``"复"`` (行政复议案号), or a
document kind's formatted prefix such as ``"东区司法复补字"``. GB/T 9704-2012 §7.2.4: 年份标全称,
用六角括号“〔〕”括入; 发文顺序号不加“第”字, 不编虚位.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from fazhi.core.documents.models import DocumentSequence, format_number
from fazhi.core.documents.registry import organisation_abbreviation
from fazhi.core.models import Organisation

__all__ = ["Series", "format_number", "last_number", "next_number", "parse_number", "reserve_numbers"]


def _counter(organisation: Organisation, code: str, year: int) -> DocumentSequence:
    key = dict(organisation=organisation, prefix=code, year=year)
    if not DocumentSequence.objects.filter(**key).exists():
        try:
            with transaction.atomic():
                DocumentSequence.objects.create(**key)
        except IntegrityError:
            pass  # another writer created it first; lock theirs below
    return DocumentSequence.objects.select_for_update().get(**key)


def next_number(*, organisation: Organisation, code: str, year: int) -> int:
    """The next serial of ``code`` at ``organisation`` in ``year`` (1, 2, 3 … restarting each year).

    Call it inside the transaction that stores the number: the serial is taken only if that
    transaction commits."""
    if not code or len(code) > 60:
        raise ValueError("编号代字不能为空，且不超过60个字。")
    if not 1900 <= int(year) <= 9999:
        raise ValueError(f"编号年份“{year}”无效。")
    with transaction.atomic():
        counter = _counter(organisation, code, year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last


def reserve_numbers(*, organisation_id: int, code: str, year: int, up_to: int) -> None:
    """Mark every serial up to ``up_to`` as used (records loaded in bulk with their numbers:
    imports from an old system, demo data), so the next :func:`next_number` follows them."""
    with transaction.atomic():
        counter = _counter(Organisation(pk=organisation_id), code, year)
        if counter.last < up_to:
            counter.last = up_to
            counter.save(update_fields=["last"])


def last_number(*, organisation: Organisation, code: str, year: int) -> int:
    """The last serial used (0 when none)."""
    row = DocumentSequence.objects.filter(organisation=organisation, prefix=code, year=year).first()
    return row.last if row else 0


_WRITTEN = re.compile(r"[〔\[（(【]\s*(\d{4})\s*[〕\]）)】]\s*第?\s*(\d+)\s*号")


def parse_number(text: str) -> tuple[int, int] | None:
    """(year, serial) of a number as people write it — “东区司法复〔2022〕12号”, with [] （） or 【】
    for 〔〕, full-width digits, a 第 — or None when it has no bracketed year and serial."""
    match = _WRITTEN.search(unicodedata.normalize("NFKC", text))
    return (int(match.group(1)), int(match.group(2))) if match else None


@dataclass(frozen=True)
class Series:
    """A record's own number in a series per organisation and year — “东区司法复〔2026〕3号”: the
    organisation's 代字 (``abbreviate``, by default its name without 局/委员会/… so a renamed
    organisation continues its series under the stable ``code``), the code, the year of the record's
    ``date_field`` and the next serial of :func:`next_number`. The record keeps year, serial and the
    formatted number in its own fields. Declare it as the model's ``number_series``: the kit's
    ``CaseQuerySet`` then reserves the numbers of records loaded in bulk."""

    code: str  # the series' 代字 in the counter, e.g. "复"
    date_field: str  # whose year the number bears, e.g. "received_on"
    number_field: str = "number"
    year_field: str = "year"
    serial_field: str = "serial"
    abbreviate: Callable[[Organisation], str] = organisation_abbreviation

    def format(self, organisation: Organisation, year: int, serial: int) -> str:
        return format_number(self.abbreviate(organisation) + self.code, year, serial)

    def assign(self, record) -> None:
        """Number ``record`` unless it has a number. Call inside the transaction that stores it: a
        rollback gives the serial back."""
        if getattr(record, self.number_field):
            return
        year = getattr(record, self.date_field).year
        serial = next_number(organisation=record.organisation, code=self.code, year=year)
        setattr(record, self.year_field, year)
        setattr(record, self.serial_field, serial)
        setattr(record, self.number_field, self.format(record.organisation, year, serial))

    def number_new(self, record, *, created: bool, **_) -> None:
        """The ``records.before_save`` hook numbering a record created through a page."""
        if created:
            self.assign(record)

    def number_loaded(self, records: Iterable) -> None:
        """Number records loaded in bulk that start their series (demo data), in their order: each
        organisation's serials of a year 1, 2, 3 … whatever the counter holds, so the same records
        get the same numbers every time; the kit's ``CaseQuerySet`` reserves them on insert.
        Records that have a number keep it."""
        last: dict[tuple[int, int], int] = {}
        for record in records:
            if getattr(record, self.number_field):
                continue
            year = getattr(record, self.date_field).year
            key = (record.organisation_id, year)
            last[key] = last.get(key, 0) + 1
            setattr(record, self.year_field, year)
            setattr(record, self.serial_field, last[key])
            setattr(record, self.number_field, self.format(record.organisation, year, last[key]))

    def reserve(self, records: Iterable) -> None:
        """Records loaded with their numbers (imports, demo data) use them: the next :meth:`assign`
        follows the highest serial of each organisation and year."""
        highest: dict[tuple[int, int], int] = {}
        for record in records:
            key = (record.organisation_id, getattr(record, self.year_field))
            highest[key] = max(highest.get(key, 0), getattr(record, self.serial_field))
        for (organisation_id, year), serial in highest.items():
            reserve_numbers(organisation_id=organisation_id, code=self.code, year=year, up_to=serial)
