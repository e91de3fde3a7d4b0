"""Records loaded in bulk that start their series (demo data) numbered in their order by their
series (``Series.number_loaded``): each organisation's serials of a year 1, 2, 3 …, the same every
time whatever the counter holds; the counter is not touched (the bulk insert reserves them)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from fazhi.core.kit.numbering import Series, last_number, next_number

pytestmark = pytest.mark.django_db


def record(org, day, number=""):
    return SimpleNamespace(
        organisation=org, organisation_id=org.pk, filed_on=day, number=number, year=None, serial=None
    )


def test_loaded_records_are_numbered_in_order_per_organisation_and_year(tree):
    east, west = tree["east_justice"], tree["west_justice"]
    series = Series(code="执", date_field="filed_on", abbreviate=lambda org: org.name[:2])
    next_number(organisation=east, code="执", year=2026)  # the counter does not change the numbers
    loaded = [
        record(east, dt.date(2025, 12, 30)),
        record(east, dt.date(2026, 1, 5)),
        record(west, dt.date(2026, 1, 6)),
        record(east, dt.date(2026, 2, 1), number="旧号〔2026〕9号"),  # keeps its number
        record(east, dt.date(2026, 3, 2)),
    ]
    series.number_loaded(loaded)
    assert [(r.year, r.serial) for r in loaded] == [(2025, 1), (2026, 1), (2026, 1), (None, None), (2026, 2)]
    assert [r.number for r in loaded] == [
        "东区执〔2025〕1号",
        "东区执〔2026〕1号",
        "西区执〔2026〕1号",
        "旧号〔2026〕9号",
        "东区执〔2026〕2号",
    ]
    assert last_number(organisation=east, code="执", year=2026) == 1  # not taken
