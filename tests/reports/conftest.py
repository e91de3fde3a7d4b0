"""Fixtures of tests/reports: the seed 000 cases (shared with tests/indicators, defined in
tests/fixtures_seed000.py) and a 2022 report whose narrative quotes the figures the way seed 000
does (纠错率 to one decimal, “9.1%”, the report's own precision: ``{{code|1}}``)."""

import pytest

from fazhi.core.models import DataScope
from fazhi.reports import services
from tests import factories
from tests.fixtures_seed000 import seed000  # noqa: F401  (the shared fixture)

MEASURES = (
    "（一）依法全面履行政府职能\n"
    "持续深化“放管服”改革，优化营商环境。\n"
    "（二）行政复议和行政应诉\n"
    "2022年共收到行政复议申请{{reconsideration.received}}，受理{{reconsideration.accepted}}，"
    "审结{{reconsideration.concluded}}（其中维持{{reconsideration.concluded.uphold}}、"
    "驳回{{reconsideration.concluded.reject}}、撤销{{reconsideration.concluded.revoke}}、"
    "确认违法{{reconsideration.concluded.confirm_illegal}}、终止{{reconsideration.concluded.terminated}}），"
    "纠错率{{reconsideration.correction_rate|1}}"
    "（纠错{{reconsideration.correction_rate.numerator}}件）。"
)
NARRATIVE = {
    "measures": MEASURES,
    "shortcomings": "法治队伍建设有待加强，部分单位合法性审查力量不足。",
    "leaders_duty": "区委常委会2次听取推进法治建设有关工作汇报，区政府常务会召开4次专题会议。",
    "next_year_plan": "深入推进严格规范公正文明执法，加强行政复议规范化建设。",
    "other": "无。",
}


@pytest.fixture
def supervisor(tree):
    """依法治区办 of 东区: whole-region data scope."""
    return factories.user(
        tree["east_gov"], roles=("supervisor",), scope=DataScope.REGION, full_name="依法治区办"
    )


@pytest.fixture
def report(seed000, tree, supervisor):  # noqa: F811  (requests the imported fixture)
    """东区's 2022 report with all five parts written."""
    r = services.report_create(actor=supervisor, region=tree["east"], year=2022)
    for key, text in NARRATIVE.items():
        r = services.part_update(report=r, key=key, text=text, actor=supervisor)
    return r
