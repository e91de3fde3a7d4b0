"""Counting many indicators for many regions in one pass per table (fazhi.indicators.tally), and
saving a city's run together with its counties'."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.indicators import periods, registry, services, tally
from fazhi.indicators.models import IndicatorRun
from fazhi.reconsideration import indicators as rec

pytestmark = pytest.mark.django_db

Y2022 = periods.parse("2022")


def test_maximal_prefixes_drop_the_regions_inside_another():
    assert tally.maximal_prefixes(["4502", "450206", "450207"]) == ["4502"]
    assert sorted(tally.maximal_prefixes(["450206", "450207"])) == ["450206", "450207"]
    assert tally.maximal_prefixes(["450206", "450206"]) == ["450206"]


def test_a_city_and_its_counties_in_one_query_per_table_agree_with_each_region_alone(seed000, tree):
    prefixes = [tree["city"].prefix, tree["east"].prefix, tree["west"].prefix]
    # The domains' own figures (not an indicator another test registered and left behind).
    domains = {"reconsideration", "litigation"}
    computed = [i for i in registry.all_indicators() if not i.reported_only and i.domain in domains]
    models = {t.records.model for i in computed for t in i.tallies()}
    registry.evaluate(computed, prefixes, Y2022.start, Y2022.end)  # warms the content-type cache
    with CaptureQueriesContext(connection) as one:
        registry.evaluate(computed, prefixes[:1], Y2022.start, Y2022.end)
    with CaptureQueriesContext(connection) as queries:
        together = registry.evaluate(computed, prefixes, Y2022.start, Y2022.end)
    # One pass per table, whatever the number of regions: three regions cost what one does. Seed
    # 000's cases were loaded without clocks, so 按期办结率 times them from their legal dates: one read
    # of their dates and one of their transition log, for all regions together
    # (fazhi.indicators.timeliness).
    assert len(queries) == len(one), [q["sql"][:150] for q in queries.captured_queries]
    assert len(queries) <= len(models) + 4, [q["sql"][:150] for q in queries.captured_queries]
    for prefix in prefixes:
        alone = registry.evaluate(computed, [prefix], Y2022.start, Y2022.end)[prefix]
        assert together[prefix] == alone
    city, east, west = (together[p]["reconsideration.correction_rate"] for p in prefixes)
    assert (east.numerator, east.denominator) == (3, 33)  # seed 000
    assert city.numerator == east.numerator + west.numerator
    assert city.numerator_ids == tuple(sorted(east.numerator_ids + west.numerator_ids))
    assert list(city.denominator_ids) == sorted(city.denominator_ids)


def test_the_count_is_the_number_of_records_behind_it(seed000, tree):
    result = registry.get("reconsideration.concluded").run(tree["east"].prefix, Y2022.start, Y2022.end)
    assert result.numerator == len(result.numerator_ids) == 33


def test_two_different_conditions_under_one_name_are_refused(tree):
    other = rec.CONCLUDED.where("corrective", lambda start, end: Q(decision_type="uphold"))
    with pytest.raises(ValueError, match="corrective"):
        tally.count_by_region([rec.CORRECTED, other], ["450206"], Y2022.start, Y2022.end)


def test_saving_a_city_run_saves_its_counties_from_the_same_count(seed000, client, city_supervisor):
    client.force_login(city_supervisor)
    response = client.post(reverse("web:indicators-run"), {"region": "450200", "period": "2022"}, follow=True)
    assert "下级区划2个一并计算" in response.content.decode()
    runs = {code: services.current_run(code, Y2022) for code in ("450200", "450206", "450207")}
    assert all(runs.values())
    snaps = {code: run.snapshots.get(code="reconsideration.correction_rate") for code, run in runs.items()}
    assert snaps["450206"].numerator == 3 and snaps["450206"].denominator == 33
    assert snaps["450200"].numerator == snaps["450206"].numerator + snaps["450207"].numerator
    assert sorted(snaps["450200"].numerator_ids) == sorted(
        snaps["450206"].numerator_ids + snaps["450207"].numerator_ids
    )
    again = client.post(reverse("web:indicators-run"), {"region": "450200", "period": "2022"}, follow=True)
    assert "未新建批次" in again.content.decode() and IndicatorRun.objects.count() == 3


def test_a_refined_tally_tests_the_candidates_of_every_region_once_and_keeps_their_ids(seed000, tree):
    calls = []

    def keep(ids):
        calls.append(ids)
        return [pk for pk in ids if pk % 2 == 0]

    uphold = lambda start, end: Q(decision_type="uphold")  # noqa: E731
    even = tally.Tally(
        rec.CONCLUDED, "even_upheld", lambda start, end: Q(pk__in=[]), tally.Refined(uphold, keep)
    )
    prefixes = [tree["city"].prefix, tree["east"].prefix, tree["west"].prefix]
    counted = tally.count_by_region([even, rec.CONCLUDED.all], prefixes, Y2022.start, Y2022.end)
    upheld = sorted(c.pk for c in seed000 if c.decision_type == "uphold")
    assert calls == [upheld]  # seed 000: 维持 11
    east = counted[tree["east"].prefix]
    assert east[even.key] == [pk for pk in upheld if pk % 2 == 0] == counted[tree["city"].prefix][even.key]


def test_on_time_by_dates_follows_the_clock_ledger_rules():
    import datetime as dt

    from fazhi.core.calendar.services import met_by_dates

    D = dt.date
    # 60 日 from 2026-03-02: 05-01 is 劳动节, due 05-06 (as a live clock computes it).
    assert met_by_dates(start=D(2026, 3, 2), length=60, unit="day", stopped_on=D(2026, 5, 6))
    assert not met_by_dates(start=D(2026, 3, 2), length=60, unit="day", stopped_on=D(2026, 5, 7))
    extended = [("extend", D(2026, 4, 20), 30)]
    assert met_by_dates(
        start=D(2026, 3, 2), length=60, unit="day", stopped_on=D(2026, 5, 20), ledger=extended
    )
    suspended = [("suspend", D(2026, 3, 10), None), ("resume", D(2026, 3, 30), None)]
    assert met_by_dates(
        start=D(2026, 3, 2), length=60, unit="day", stopped_on=D(2026, 5, 21), ledger=suspended
    )
