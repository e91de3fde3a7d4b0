"""The compact record-id column of snapshots."""

import pytest

from fazhi.indicators import fields
from fazhi.indicators.models import IndicatorRun, Snapshot


@pytest.mark.parametrize("ids", [[], [7], [1, 2, 3, 10, 1_000_000], [9, 3, 5], list(range(1, 50_000, 3))])
def test_ids_come_back_as_stored(ids):
    assert fields.decode(fields.encode(ids)) == ids


def test_sorted_ids_take_about_a_byte_each():
    ids = list(range(100_000, 300_000, 2))
    assert len(fields.encode(ids)) < len(ids)  # JSON would take 7 bytes per id


def test_other_bytes_are_refused_in_chinese():
    with pytest.raises(ValueError, match="存储格式"):
        fields.decode(b"[1, 2, 3]")


@pytest.mark.django_db
def test_a_snapshot_keeps_its_ids_through_the_database():
    run = IndicatorRun.objects.create(
        region_code="450206",
        period_key="2022",
        period_start="2022-01-01",
        period_end="2022-12-31",
        started_at="2022-12-31T00:00:00+08:00",
        fingerprint="x",
    )
    Snapshot.objects.create(
        run=run,
        region_code="450206",
        period_key="2022",
        period_start="2022-01-01",
        period_end="2022-12-31",
        code="reconsideration.correction_rate",
        name="行政复议纠错率",
        unit="%",
        numerator=2,
        denominator=3,
        definition_version=1,
        numerator_ids=[4, 40],
        denominator_ids=[4, 5, 40],
    )
    snap = Snapshot.objects.get()
    assert (snap.numerator_ids, snap.denominator_ids) == ([4, 40], [4, 5, 40])
    assert Snapshot.objects.filter(numerator_ids=[]).count() == 0
