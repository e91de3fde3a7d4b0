"""The generic procedure suite applied to 行政复议 (every move, refusal, guard and clock)."""

import datetime as dt

import pytest

from fazhi.core.workflow.testing import ProcedureSuite
from tests import factories
from tests.reconsideration import factories as rf


def _leader(ctx):
    return ctx.user(("leader",)).pk


class TestReconsiderationProcedure(ProcedureSuite):
    procedure_name = "reconsideration"
    today = dt.date(2026, 9, 28)
    inputs = {
        "register": {"received_on": "2026-08-03"},
        "request_completion": {
            "items": "申请人身份证明复印件；被申请行为的证据",
            "notified_on": "2026-08-04",
        },
        "accept": {"accepted_on": "2026-08-05"},
        "send_copy": {"sent_on": "2026-08-06"},
        "extend": lambda ctx: {"days": 10, "reason": "案情重大复杂", "approver": _leader(ctx)},
        "extend_completion": lambda ctx: {"days": 5, "reason": "申请人住院", "approver": _leader(ctx)},
        "decide": {"decision_type": "revoke"},
        "suspend": {"ground": "depends"},
    }
    guard_failures = {
        # 补正通知 later than 5 个工作日 after receipt (2026-08-03 → due 2026-08-10).
        "request_completion": lambda ctx, case: {"notified_on": "2026-09-28"},
        # 视为放弃 before the 补正期限 has run out (notice 2026-08-04 → due 2026-08-18).
        "deem_abandoned": lambda ctx, case: {"noted_on": "2026-08-10"},
        # A 2017-law decision type on a case received in 2026.
        "decide": lambda ctx, case: {"decision_type": "reject"},
        # 简易程序 cases cannot be extended.
        "extend": lambda ctx, case: ctx.update(case, simple_procedure=True),
    }

    @pytest.fixture
    def env(self, tree):
        return tree

    def make_record(self, ctx):
        return rf.new_case(ctx.env["east_justice"], ctx.actor, dt.date(2026, 8, 3))

    def make_user(self, ctx, roles, *, outsider=False):
        return factories.user(ctx.env["west_justice" if outsider else "east_justice"], roles=roles)
