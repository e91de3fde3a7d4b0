"""Runs and snapshots: seed 000's 纠错率 9.09% with its parts and records; idempotent re-runs."""

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core.audit.models import AuditEvent
from fazhi.indicators import periods, registry, services
from fazhi.indicators.models import IndicatorRun, Snapshot

pytestmark = pytest.mark.django_db

Y2022 = periods.parse("2022")


def _snap(run, code):
    return run.snapshots.get(code=code)


def test_a_run_reproduces_seed_000_correction_rate_with_its_parts_and_records(seed000, tree, supervisor):
    outcome = services.compute_run("450206", Y2022, actor=supervisor)
    run = outcome.run
    assert outcome.created and run.actor == supervisor and run.region_code == "450206"
    assert run.definitions == registry.versions() and run.definitions["reconsideration.correction_rate"] == 1

    rate = _snap(run, "reconsideration.correction_rate")
    assert (rate.numerator, rate.denominator, rate.value) == (3, 33, Decimal("9.0909"))
    assert registry.get(rate.code).show(rate.value) == "9.09%"
    assert rate.source == "computed" and rate.model_label == "reconsideration.reconsiderationcase"
    corrected = sorted(c.pk for c in seed000 if c.decision_type in ("revoke", "confirm_illegal"))
    concluded = sorted(c.pk for c in seed000 if c.decision_type)
    assert rate.numerator_ids == corrected and rate.denominator_ids == concluded

    counts = {s.code: (s.numerator, s.denominator) for s in run.snapshots.all()}
    assert counts["reconsideration.received"] == (46, None)
    assert counts["reconsideration.accepted"] == (40, None)
    assert counts["reconsideration.concluded"] == (33, None)
    # Every rate is stored with both parts.
    for snap in run.snapshots.all():
        if registry.get(snap.code).is_rate:
            assert snap.denominator is not None
    # Reported-only indicators have no figure unless one was reported.
    assert not run.snapshots.filter(code="mediation.land_dispute_settlement_rate").exists()


def test_the_city_run_covers_both_counties(seed000, tree):
    run = services.compute_run("450200", Y2022).run
    rate = _snap(run, "reconsideration.correction_rate")
    assert (rate.numerator, rate.denominator) == (8, 38)


def test_rerunning_is_idempotent_and_a_change_makes_a_new_current_run(seed000, tree, supervisor):
    first = services.compute_run("450206", Y2022, actor=supervisor)
    audit = AuditEvent.objects.filter(action="indicators.run").count()
    again = services.compute_run("450206", Y2022, actor=supervisor)
    assert not again.created and again.run.pk == first.run.pk
    assert IndicatorRun.objects.count() == 1 and Snapshot.objects.filter(run=first.run).count() > 0
    assert AuditEvent.objects.filter(action="indicators.run").count() == audit == 1
    assert IndicatorRun.objects.get().confirmed_at is not None

    # One more 撤销 decided in 2022: the figures differ, so a new run becomes current.
    upheld = next(c for c in seed000 if c.decision_type == "uphold")
    type(upheld).objects.filter(pk=upheld.pk).update(decision_type="revoke")
    third = services.compute_run("450206", Y2022, actor=supervisor)
    assert third.created and services.current_run("450206", Y2022) == third.run
    assert _snap(third.run, "reconsideration.correction_rate").numerator == 4
    assert _snap(first.run, "reconsideration.correction_rate").numerator == 3  # history kept
    assert AuditEvent.objects.filter(action="indicators.run").count() == 2


def test_runs_are_per_period_including_the_hotline_year(seed000, tree):
    hotline = periods.parse("2021-12-01..2022-11-30")
    run = services.compute_run("450206", hotline).run
    assert (run.period_start, run.period_end, run.period_key) == (
        dt.date(2021, 12, 1),
        dt.date(2022, 11, 30),
        "2021-12-01..2022-11-30",
    )
    # All of seed 000's cases were received January–September 2022.
    assert _snap(run, "reconsideration.received").numerator == 46
    assert services.current_run("450206", Y2022) is None


def test_an_unknown_region_is_refused(db):
    with pytest.raises(services.RegionError, match="没有区划代码"):
        services.compute_run("999999", Y2022)
