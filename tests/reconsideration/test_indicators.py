"""Indicators against seed 000 (2022): 46 applications, 40 accepted, 33 concluded
(维持 11, 驳回 6, 撤销 2, 确认违法 1, 终止 13) → 纠错率 3 / 33 = 9.1% (docs/statutes.md §纠错率, docs/indicators.md §样本核对)."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.workflow import engine
from fazhi.indicators import registry
from fazhi.reconsideration.models import ReconsiderationCase
from tests.factories import figure
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
CONCLUDED = {"uphold": 11, "reject": 6, "revoke": 2, "confirm_illegal": 1, "terminated": 13}


def _rows(org, year, plan):
    """Cases as an import from the old system would load them (engine.bulk_import)."""
    serial = itertools.count(1)
    rows = []
    for status, decision, n in plan:
        for i in range(n):
            received = dt.date(year, 1 + i % 9, 3 + i % 20)
            n_ = next(serial)
            fields = rf.case_fields(org, received)
            fields.update(case_serial=n_, case_number=f"东区司法复〔{year}〕{n_}号")
            case = ReconsiderationCase(status=status, **fields)
            if status != "rejected":
                case.accepted_on = received + dt.timedelta(days=4)
            if decision:
                case.decision_type = decision
                case.decided_on = received + dt.timedelta(days=50)
            rows.append(case)
    return rows


@pytest.fixture
def seed000(tree):
    """The 2022 figures of seed 000 in 东区, plus cases that must not be counted."""
    east = tree["east_justice"]
    plan = [("rejected", "", 6), ("reviewing", "", 7)] + [
        ("archived" if d != "terminated" else "served", d, n) for d, n in CONCLUDED.items()
    ]
    cases = engine.bulk_import(ReconsiderationCase, _rows(east, 2022, plan), source="测试：种子000")
    # Noise: the same shape in the other county, and a 2023 case in this one.
    engine.bulk_import(
        ReconsiderationCase, _rows(tree["west_justice"], 2022, [("archived", "revoke", 5)]), source="测试"
    )
    engine.bulk_import(ReconsiderationCase, _rows(east, 2023, [("archived", "revoke", 1)]), source="测试")
    return cases


def test_seed_000_correction_rate_is_9_1_percent_with_its_records(seed000, tree):
    assert {c.law_version for c in seed000} == {"2017"}  # 2022 cases: decided under the 2017 law
    prefix = tree["east"].prefix
    with CaptureQueriesContext(connection) as queries:
        rate, shown = figure("reconsideration.correction_rate", prefix, *YEAR)
    assert len(queries) == 1  # one pass: both counts and both id lists

    assert (rate.numerator, rate.denominator, shown) == (3, 33, "9.09%")
    assert rate.value("%") == Decimal("9.0909")
    corrected = sorted(c.pk for c in seed000 if c.decision_type in ("revoke", "confirm_illegal"))
    concluded = sorted(c.pk for c in seed000 if c.decision_type)
    assert list(rate.numerator_ids) == corrected
    assert list(rate.denominator_ids) == concluded
    definition = registry.get("reconsideration.correction_rate").definition
    assert "终止" in definition.denominator and "撤销" in definition.numerator


def test_seed_000_received_accepted_and_concluded_by_type(seed000, tree):
    prefix = tree["east"].prefix
    assert figure("reconsideration.received", prefix, *YEAR)[1] == "46件"
    accepted, _ = figure("reconsideration.accepted", prefix, *YEAR)
    assert accepted.numerator == 40 and len(accepted.numerator_ids) == 40
    assert figure("reconsideration.concluded", prefix, *YEAR)[0].numerator == 33
    assert rf.concluded_by_type(prefix, *YEAR) == CONCLUDED
    assert registry.get("reconsideration.concluded.terminated").name == "审结：终止"


def test_the_city_sees_both_counties_and_an_empty_period_has_no_rate(seed000, tree):
    city = tree["city"].prefix
    rate, _ = figure("reconsideration.correction_rate", city, *YEAR)
    assert (rate.numerator, rate.denominator) == (8, 38)
    empty, shown = figure(
        "reconsideration.correction_rate", tree["east"].prefix, dt.date(2021, 1, 1), dt.date(2021, 12, 31)
    )
    assert (empty.value("%"), shown) == (None, "—")


def test_seed_000_correction_rate_over_each_basis_names_its_basis(seed000, tree):
    """Issue 11 item 7: 纠错率 over 审结 (3/33, as seed 000 prints it), 审结 less 终止 (3/20) and 受理
    (3/40) — one figure each, each naming its basis (docs/statutes.md §纠错率)."""
    prefix = tree["east"].prefix
    codes = ("correction_rate", "correction_rate_excl_terminated", "correction_rate_accepted")
    with CaptureQueriesContext(connection) as queries:
        results = registry.evaluate([registry.get(f"reconsideration.{c}") for c in codes], [prefix], *YEAR)
    assert len(queries) == 1  # the three bases in one pass
    found = {c: results[prefix][f"reconsideration.{c}"] for c in codes}
    assert {c: (r.numerator, r.denominator) for c, r in found.items()} == {
        "correction_rate": (3, 33),
        "correction_rate_excl_terminated": (3, 20),
        "correction_rate_accepted": (3, 40),
    }
    shown = {c: registry.get(f"reconsideration.{c}").show(r.value("%")) for c, r in found.items()}
    assert shown == {
        "correction_rate": "9.09%",
        "correction_rate_excl_terminated": "15%",
        "correction_rate_accepted": "7.5%",
    }
    accepted = sorted(c.pk for c in seed000 if c.accepted_on)
    assert list(found["correction_rate_accepted"].denominator_ids) == accepted
    assert not set(found["correction_rate_excl_terminated"].denominator_ids) & {
        c.pk for c in seed000 if c.decision_type == "terminated"
    }
    bases = {c: registry.get(f"reconsideration.{c}").definition.basis for c in codes}
    assert bases == {
        "correction_rate": "审结",
        "correction_rate_excl_terminated": "审结（不含终止）",
        "correction_rate_accepted": "受理",
    }
    assert registry.variants("reconsideration.correction_rate_accepted") == [
        f"reconsideration.{c}" for c in codes
    ]
