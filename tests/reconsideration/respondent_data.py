"""Cases brought against two 东区 departments in a year (2026 unless told) (and some that must not count), loaded as an
import from an old system would load them: the figures of 各部门被复议被诉情况.

东区市场监督管理局 — 行政复议: 4 received in the year, 3 concluded (撤销, 确认违法, 维持) → 纠错 2 / 3; 行政应诉:
一审审结 2 (判决撤销 = 败诉, 驳回诉讼请求) → 败诉 1 / 2; 负责人出庭 1 of 2 hearings. 东区自然资源局 —
行政复议: 2 received, 2 维持 → 纠错 0 / 2; 行政应诉: 1 驳回诉讼请求. Not counted: an 撤销 of the year before against the
market bureau, a case against a 西区 department.
"""

from __future__ import annotations

import datetime as dt
import itertools

from fazhi.core.workflow import engine
from fazhi.litigation.models import Capacity
from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories
from tests.litigation import factories as lf
from tests.reconsideration import factories as rf

_serial = itertools.count(500)


def _case(body, respondent, received: dt.date, status: str, decision: str = "") -> ReconsiderationCase:
    n = next(_serial)
    fields = rf.case_fields(body, received, respondent_name=respondent.name, act_organisation=respondent)
    fields.update(case_serial=n, case_number=f"{body.name[:2]}复〔{received.year}〕{n}号")
    case = ReconsiderationCase(status=status, **fields)
    case.accepted_on = received + dt.timedelta(days=3)
    if decision:
        case.decision_type, case.decided_on = decision, received + dt.timedelta(days=40)
    return case


def load(tree, year: int = 2026) -> dict:
    """The cases above, in ``year`` (the not-counted one in the year before)."""
    east, west = tree["east_justice"], tree["west_justice"]
    market = tree["east_market"]
    land = factories.organisation("东区自然资源局", tree["east"], parent=tree["east_gov"])
    west_market = factories.organisation("西区市场监督管理局", tree["west"], parent=tree["west_gov"])

    def d(_, month, day):
        return dt.date(year, month, day)

    rows = [
        _case(east, market, d(2026, 2, 3), "archived", "revoke"),
        _case(east, market, d(2026, 3, 4), "archived", "confirm_illegal"),
        _case(east, market, d(2026, 4, 7), "archived", "uphold"),
        _case(east, market, d(2026, 9, 1), "reviewing"),
        _case(east, market, dt.date(year - 1, 3, 3), "archived", "revoke"),  # another year
        _case(east, land, d(2026, 2, 10), "archived", "uphold"),
        _case(east, land, d(2026, 5, 11), "archived", "uphold"),
        _case(west, west_market, d(2026, 2, 10), "archived", "revoke"),  # another county
    ]
    cases = engine.bulk_import(ReconsiderationCase, rows, source="测试")
    suits = [
        lf.imported(
            market,
            outcome="revoke",
            judged_on=d(2026, 6, 1),
            hearings=[(d(2026, 5, 10), [Capacity.CHIEF])],
        ),
        lf.imported(
            market,
            outcome="reject_claims",
            judged_on=d(2026, 7, 1),
            hearings=[(d(2026, 6, 10), [Capacity.LAWYER])],
        ),
        lf.imported(land, outcome="reject_claims", judged_on=d(2026, 8, 1)),
    ]
    return {"cases": cases, "suits": suits, "land": land, "west_market": west_market}
