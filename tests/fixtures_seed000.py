"""Seed 000 (柳江区 2022, 2017 law) as cases in 东区, shared by tests/indicators and tests/reports
(their conftests import the fixture): 46 applications received, 40 accepted, 33 concluded (维持 11,
驳回 6, 撤销 2, 确认违法 1, 终止 13) → 纠错率 3 / 33 = 9.1% (docs/statutes.md §纠错率, docs/indicators.md §样本核对); plus cases that must
not be counted (the other county, and 2023)."""

import datetime as dt
import itertools

import pytest

from fazhi.core.workflow import engine
from fazhi.reconsideration.models import ReconsiderationCase
from tests.reconsideration import factories as rf

CONCLUDED = {"uphold": 11, "reject": 6, "revoke": 2, "confirm_illegal": 1, "terminated": 13}


def seed000_rows(org, year, plan):
    """Cases as an import from the old system would load them: ``plan`` is (status, decision, count)."""
    serial = itertools.count(1)
    rows = []
    for status, decision, n in plan:
        for i in range(n):
            received = dt.date(year, 1 + i % 9, 3 + i % 20)
            number = next(serial)
            fields = rf.case_fields(org, received)
            fields.update(case_serial=number, case_number=f"{org.name[:2]}复〔{year}〕{number}号")
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
    east = tree["east_justice"]
    plan = [("rejected", "", 6), ("reviewing", "", 7)] + [
        ("archived" if d != "terminated" else "served", d, n) for d, n in CONCLUDED.items()
    ]
    cases = engine.bulk_import(ReconsiderationCase, seed000_rows(east, 2022, plan), source="测试：种子000")
    engine.bulk_import(
        ReconsiderationCase,
        seed000_rows(tree["west_justice"], 2022, [("archived", "revoke", 5)]),
        source="测试",
    )
    engine.bulk_import(
        ReconsiderationCase, seed000_rows(east, 2023, [("archived", "revoke", 1)]), source="测试"
    )
    return cases
