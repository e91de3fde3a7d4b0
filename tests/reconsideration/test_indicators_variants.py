"""综合纠错率 (labelled variant), 按期办结率 and 审结 by decision type, on cases taken through the engine."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.workflow import engine
from fazhi.core.workflow.testing import confirm_pending
from fazhi.indicators import registry
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

D = dt.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))


@pytest.fixture
def cases(tree):
    org = tree["east_justice"]
    officer = factories.user(org, roles=("officer", "reviewer"))

    def accepted(received):
        case = rf.registered(org, officer, received)
        on = received + dt.timedelta(days=1)
        return engine.perform(case, "accept", actor=officer, data={"accepted_on": on}, today=on)

    def step(case, name, day, **data):
        return confirm_pending(engine.perform(case, name, actor=officer, data=data, today=day), day)

    out = {}
    # Accepted 03-02: 60 日 → 05-01 (劳动节) → due 05-06.
    out["revoked_on_time"] = accepted(D(2026, 3, 1))
    step(out["revoked_on_time"], "send_copy", D(2026, 3, 3), sent_on="2026-03-03")
    step(out["revoked_on_time"], "receive_answer", D(2026, 3, 10), answered_on="2026-03-10")
    step(out["revoked_on_time"], "decide", D(2026, 4, 20), decision_type="revoke", decided_on="2026-04-20")
    out["upheld_late"] = accepted(D(2026, 3, 1))
    step(out["upheld_late"], "send_copy", D(2026, 3, 3), sent_on="2026-03-03")
    step(out["upheld_late"], "receive_answer", D(2026, 3, 10), answered_on="2026-03-10")
    step(out["upheld_late"], "decide", D(2026, 5, 20), decision_type="uphold", decided_on="2026-05-20")
    out["withdrawn_corrected"] = accepted(D(2026, 3, 1))
    step(
        out["withdrawn_corrected"],
        "terminate",
        D(2026, 3, 20),
        ground="withdrawn",
        withdrawal_reason="corrected",
        terminated_on="2026-03-20",
    )
    out["withdrawn_other"] = accepted(D(2026, 3, 1))
    step(
        out["withdrawn_other"],
        "terminate",
        D(2026, 3, 20),
        ground="withdrawn",
        withdrawal_reason="other",
        terminated_on="2026-03-20",
    )
    out["open"] = accepted(D(2026, 3, 1))
    return out


def test_comprehensive_rate_adds_withdrawals_after_correction_and_is_labelled(cases, tree):
    prefix = tree["east"].prefix
    plain, _ = factories.figure("reconsideration.correction_rate", prefix, *YEAR)
    assert (plain.numerator, plain.denominator) == (1, 4)
    with CaptureQueriesContext(connection) as queries:
        rate, shown = factories.figure("reconsideration.comprehensive_correction_rate", prefix, *YEAR)
    assert len(queries) == 1  # one pass: counts and id lists together
    assert (rate.numerator, rate.denominator, shown) == (2, 4, "50%")
    assert list(rate.numerator_ids) == sorted([cases["revoked_on_time"].pk, cases["withdrawn_corrected"].pk])
    assert (
        cases["withdrawn_other"].pk in rate.denominator_ids and cases["open"].pk not in rate.denominator_ids
    )
    indicator = registry.get("reconsideration.comprehensive_correction_rate")
    assert (
        indicator.name == "行政复议综合纠错率"
        and "自行纠正" in indicator.definition.numerator
        and "综合口径" in rate.note
    )


def test_on_time_rate_uses_the_decision_clock(cases, tree):
    rate, _ = factories.figure("reconsideration.on_time_rate", tree["east"].prefix, *YEAR)
    # Late: 维持 on 05-20 after the 05-06 due date. The two withdrawals ended within their clocks.
    assert (rate.numerator, rate.denominator) == (3, 4)
    assert cases["upheld_late"].pk not in rate.numerator_ids
    assert "第六十二条" in registry.get("reconsideration.on_time_rate").definition.source and rate.note == ""


def test_on_time_rate_names_imported_cases_without_a_clock(cases, tree):
    from fazhi.core.workflow import engine
    from fazhi.reconsideration.models import ReconsiderationCase

    fields = rf.case_fields(tree["east_justice"], D(2026, 2, 1))
    old = ReconsiderationCase(
        status="archived",
        accepted_on=D(2026, 2, 2),
        decision_type="uphold",
        decided_on=D(2026, 3, 1),
        **fields,
    )
    engine.bulk_import(ReconsiderationCase, [old], source="测试")
    rate, _ = factories.figure("reconsideration.on_time_rate", tree["east"].prefix, *YEAR)
    assert (rate.numerator, rate.denominator) == (3, 5)
    assert "1件没有办理期限记录" in rate.note


def test_concluded_cases_are_broken_down_by_decision_type_in_one_pass(cases, tree):
    prefix = tree["east"].prefix
    parts = [i for i in registry.all_indicators() if i.part_of == "reconsideration.concluded"]
    with CaptureQueriesContext(connection) as queries:
        results = registry.evaluate([registry.get("reconsideration.concluded"), *parts], [prefix], *YEAR)[
            prefix
        ]
    assert len(queries) == 1  # every type in one pass
    assert results.pop("reconsideration.concluded").numerator == 4
    assert {code: r.numerator for code, r in results.items() if r.numerator} == {
        "reconsideration.concluded.revoke": 1,
        "reconsideration.concluded.uphold": 1,
        "reconsideration.concluded.terminated": 2,
    }
    assert "终止" in registry.get("reconsideration.concluded.terminated").name
