"""Seed 000 (柳江区 2022, 2017 law) in 东区: 46 applications received, 40 accepted, 33 concluded
(维持 11, 驳回 6, 撤销 2, 确认违法 1, 终止 13) → 纠错率 3 / 33 = 9.1%; plus cases that must not be
counted (the other county, and 2023). The narrative quotes the figures the way seed 000 does."""

import datetime as dt
import itertools

import pytest

from fazhi.core.models import DataScope
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reports import services
from tests import factories
from tests.reconsideration import factories as rf

CONCLUDED = {"uphold": 11, "reject": 6, "revoke": 2, "confirm_illegal": 1, "terminated": 13}

MEASURES = (
    "（一）依法全面履行政府职能\n"
    "持续深化“放管服”改革，优化营商环境。\n"
    "（二）行政复议和行政应诉\n"
    "2022年共收到行政复议申请{{reconsideration.received}}，受理{{reconsideration.accepted}}，"
    "审结{{reconsideration.concluded}}，纠错率{{reconsideration.correction_rate}}"
    "（纠错{{reconsideration.correction_rate.numerator}}件）。"
)
NARRATIVE = {
    "measures": MEASURES,
    "shortcomings": "法治队伍建设有待加强，部分单位合法性审查力量不足。",
    "leaders_duty": "区委常委会2次听取推进法治建设有关工作汇报，区政府常务会召开4次专题会议。",
    "next_year_plan": "深入推进严格规范公正文明执法，加强行政复议规范化建设。",
    "other": "无。",
}


def _rows(org, year, plan):
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
    cases = engine.bulk_import(ReconsiderationCase, _rows(east, 2022, plan), source="测试：种子000")
    engine.bulk_import(
        ReconsiderationCase, _rows(tree["west_justice"], 2022, [("archived", "revoke", 5)]), source="测试"
    )
    engine.bulk_import(ReconsiderationCase, _rows(east, 2023, [("archived", "revoke", 1)]), source="测试")
    return cases


@pytest.fixture
def supervisor(tree):
    """依法治区办 of 东区: whole-region data scope."""
    return factories.user(
        tree["east_gov"], roles=("supervisor",), scope=DataScope.REGION, full_name="依法治区办"
    )


@pytest.fixture
def report(seed000, tree, supervisor):
    """东区's 2022 report with all five parts written."""
    r = services.report_create(actor=supervisor, region=tree["east"], year=2022)
    for key, text in NARRATIVE.items():
        r = services.part_update(report=r, key=key, text=text, actor=supervisor)
    return r
