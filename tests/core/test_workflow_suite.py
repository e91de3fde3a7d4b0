"""The generic procedure suite applied to the test-only "sampleapp" procedure (issue #2 item 6)."""

import dataclasses
import datetime as dt

import pytest

from fazhi.core.audit import services as audit_services
from fazhi.core.calendar import services as clock_services
from fazhi.core.workflow import engine
from fazhi.core.workflow.spec import Procedure
from fazhi.core.workflow.testing import ProcedureSuite, SuiteContext
from tests import factories
from tests.sampleapp.models import SampleMatter


def _clear_applicant(ctx, matter):
    ctx.update(matter, applicant="")


class TestSampleProcedure(ProcedureSuite):
    procedure_name = "sampleapp"
    today = dt.date(2026, 9, 28)
    inputs = {
        "register": {"received_on": "2026-09-25"},
        "extend": lambda ctx: {"days": 10, "reason": "案情复杂", "approver": ctx.user(("leader",)).pk},
        "decide": {"outcome": "revoke"},
    }
    guard_failures = {"accept": _clear_applicant}

    @pytest.fixture
    def env(self, tree):
        return tree

    def make_record(self, ctx):
        return engine.create(
            SampleMatter,
            actor=ctx.actor,
            title="不服罚款决定",
            applicant="张三",
            organisation=ctx.env["east_justice"],
        )

    def make_user(self, ctx, roles, *, outsider=False):
        return factories.user(ctx.env["west_justice" if outsider else "east_justice"], roles=roles)


# --- the suite must fail when the engine is wrong ---------------------------------------------------


@pytest.fixture
def suite_ctx(tree):
    suite = TestSampleProcedure()
    return suite, SuiteContext(suite, tree, suite.today)


def _patch_transition(monkeypatch, name, **changes):
    """Make the engine see a different transition ``name`` than the spec the suite reads."""
    original = Procedure.transition

    def transition(self, wanted):
        t = original(self, wanted)
        return dataclasses.replace(t, **changes) if wanted == name else t

    monkeypatch.setattr(Procedure, "transition", transition)


def test_suite_catches_a_move_allowed_from_the_wrong_state(suite_ctx, monkeypatch):
    suite, ctx = suite_ctx
    everywhere = tuple(s.code for s in ctx.procedure.states)
    _patch_transition(monkeypatch, "decide", sources=everywhere)
    with pytest.raises(pytest.fail.Exception, match="DID NOT RAISE"):
        suite.test_forbidden_transitions(ctx, "received")


def test_suite_catches_a_guard_the_engine_skips(suite_ctx, monkeypatch):
    suite, ctx = suite_ctx
    _patch_transition(monkeypatch, "accept", guard=None)
    with pytest.raises(pytest.fail.Exception, match="DID NOT RAISE"):
        suite.test_guard_refuses(ctx, "accept")


def test_suite_catches_a_missing_audit_row(suite_ctx, monkeypatch):
    suite, ctx = suite_ctx
    monkeypatch.setattr(audit_services, "record", lambda *args, **kwargs: None)
    with pytest.raises(AssertionError, match="audit row"):
        suite.test_allowed_transition(ctx, ("reject", "received"))


def test_suite_catches_a_wrong_due_date(suite_ctx, monkeypatch):
    suite, ctx = suite_ctx
    real_start = clock_services.start_clock
    monkeypatch.setattr(
        clock_services,
        "start_clock",
        lambda subject, **kw: real_start(subject, **{**kw, "length": kw["length"] + 1}),
    )
    with pytest.raises(AssertionError):
        suite.test_clock_due_date(ctx, "decision")
