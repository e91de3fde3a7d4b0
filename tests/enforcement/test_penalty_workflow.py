"""The generic procedure suite applied to 行政处罚（普通程序）: every move, refusal, guard and clock."""

import datetime as dt

import pytest

from fazhi.core.workflow.testing import ProcedureSuite
from tests import factories
from tests.enforcement import factories as ef


class TestPenaltyProcedure(ProcedureSuite):
    procedure_name = "enforcement_penalty"
    today = dt.date(2026, 9, 28)
    inputs = {
        "file": {"filed_on": "2026-08-04"},
        "investigate": {"started_on": "2026-08-05"},
        "suspend": {"reason": "appraisal", "suspended_on": "2026-08-06"},
        "resume": {"resumed_on": "2026-08-10"},
        "propose": {"concluded_on": "2026-08-20"},
        "notify": {"notified_on": "2026-08-21"},
        "request_hearing": {"requested_on": "2026-08-24"},
        # Notice on 08-25: seven working days later is 09-03; the hearing on 09-04.
        "schedule_hearing": {"notified_on": "2026-08-25", "hearing_on": "2026-09-04"},
        "hold_hearing": {"held_on": "2026-09-04"},
        "no_hearing": {"reason": "waived", "noted_on": "2026-08-24"},
        "decide": {"decided_on": "2026-09-10", "penalty_kind": "fine", "second_kind": "", "amount": 5000},
        "serve": {"served_on": "2026-09-11"},
        "execute": {"performed_on": "2026-09-20", "paid": 5000},
    }
    guard_failures = {
        # Only one officer on the case (第四十二条、第五十五条).
        "investigate": lambda ctx, case: ctx.update(case, officer_b=None),
        # 告知 on 08-21 → the 5 个工作日 for a hearing request end on 08-28.
        "request_hearing": lambda ctx, case: {"requested_on": "2026-09-01"},
        "no_hearing": lambda ctx, case: {"reason": "lapsed", "noted_on": "2026-08-24"},
        # Five working days' notice instead of seven.
        "schedule_hearing": lambda ctx, case: {"hearing_on": "2026-09-01"},
        "hold_hearing": lambda ctx, case: {"held_on": "2026-09-03"},
        # 重大执法决定 without 法制审核 (第五十八条).
        "decide": lambda ctx, case: ctx.update(case, major_ground="complex"),
        # 罚款 5000 元 due 09-26; on 10-06 ten days of 3% are owed on top.
        "execute": lambda ctx, case: {"performed_on": "2026-09-28", "paid": 5000},
    }

    @pytest.fixture
    def env(self, tree):
        return tree

    def make_record(self, ctx):
        return ef.penalty_case(ctx.env["east_market"], ctx.actor)

    def make_user(self, ctx, roles, *, outsider=False):
        return factories.user(ctx.env["west_justice" if outsider else "east_market"], roles=roles)
