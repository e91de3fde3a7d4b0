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
    rf.hear_views(out["revoked_on_time"], officer, D(2026, 3, 12))
    step(out["revoked_on_time"], "decide", D(2026, 4, 20), **rf.decision("revoke", "2026-04-20"))
    out["upheld_late"] = accepted(D(2026, 3, 1))
    step(out["upheld_late"], "send_copy", D(2026, 3, 3), sent_on="2026-03-03")
    step(out["upheld_late"], "receive_answer", D(2026, 3, 10), answered_on="2026-03-10")
    rf.hear_views(out["upheld_late"], officer, D(2026, 3, 12))
    step(out["upheld_late"], "decide", D(2026, 5, 20), **rf.decision("uphold", "2026-05-20"))
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


def test_mediation_and_settlement_count_alike_in_the_comprehensive_rate_and_the_mediation_withdrawal_rate(
    cases, tree
):
    """Issue 11 item 7: 调解书 and 和解 (2023 法第七十三条、第七十四条) count alike in 综合纠错率; 调撤结案率 =
    (调解 + 撤回 / 和解 终止) ÷ 审结."""
    from fazhi.reconsideration.models import ReconsiderationCase

    prefix = tree["east"].prefix
    mediated, settled = _histories(
        tree, (D(2026, 2, 2), D(2026, 3, 1), {}), (D(2026, 2, 2), D(2026, 3, 1), {})
    )
    ReconsiderationCase.objects.filter(pk=mediated.pk).update(decision_type="mediation")
    ReconsiderationCase.objects.filter(pk=settled.pk).update(
        decision_type="terminated", termination_ground="withdrawn", withdrawal_reason="settled"
    )
    rate, _ = factories.figure("reconsideration.comprehensive_correction_rate", prefix, *YEAR)
    # 撤销 1 + 自行纠正后撤回 1 + 调解 1 + 和解后撤回 1, of 6 审结.
    assert (rate.numerator, rate.denominator) == (4, 6) and {mediated.pk, settled.pk} <= set(
        rate.numerator_ids
    )
    both, shown = factories.figure("reconsideration.mediation_withdrawal_rate", prefix, *YEAR)
    # 调解 1 + every withdrawal (自行纠正 1, 其他 1, 和解 1), of 6 审结.
    assert (both.numerator, both.denominator, shown) == (4, 6, "66.67%")
    assert (
        cases["withdrawn_other"].pk in both.numerator_ids
        and cases["revoked_on_time"].pk not in both.numerator_ids
    )
    indicator = registry.get("reconsideration.mediation_withdrawal_rate")
    assert indicator.name == "行政复议调撤结案率" and "第七十三条、第七十四条" in indicator.definition.source


def test_on_time_rate_uses_the_decision_clock(cases, tree):
    rate, _ = factories.figure("reconsideration.on_time_rate", tree["east"].prefix, *YEAR)
    # Late: 维持 on 05-20 after the 05-06 due date. The two withdrawals ended within their clocks.
    assert (rate.numerator, rate.denominator) == (3, 4)
    assert cases["upheld_late"].pk not in rate.numerator_ids
    assert "第六十二条" in registry.get("reconsideration.on_time_rate").definition.source and rate.note == ""


def _histories(tree, *rows):
    """Concluded cases loaded without their clocks (``engine.bulk_import``): (accepted_on, decided_on,
    fields)."""
    from fazhi.reconsideration.models import ReconsiderationCase

    org = tree["east_justice"]
    records = [
        ReconsiderationCase(
            status="archived",
            accepted_on=accepted,
            decision_type="uphold",
            decided_on=decided,
            **rf.case_fields(
                org, D(2026, 2, 1), case_serial=900 + n, case_number=f"东区司法复〔2026〕{900 + n}号"
            ),
            **more,
        )
        for n, (accepted, decided, more) in enumerate(rows)
    ]
    return engine.bulk_import(ReconsiderationCase, records, source="测试")


def test_on_time_rate_times_histories_without_a_clock_from_their_legal_dates(cases, tree):
    """Issue 11 item 6: a case loaded without its clocks, decided 27 days after 受理, is on time
    (受理 + 60 日, 2023 法第六十二条); one decided after the period is late; one without a 受理日期
    cannot be timed and is left out of the denominator, the figure saying so."""
    # 02-03 + 60 日 = 04-04, 清明 (04-04 … 04-06): due 04-07.
    on_time, late, holiday, untimed = _histories(
        tree,
        (D(2026, 2, 2), D(2026, 3, 1), {}),
        (D(2026, 2, 3), D(2026, 4, 8), {}),
        (D(2026, 2, 3), D(2026, 4, 7), {}),
        (None, D(2026, 3, 1), {}),
    )
    rate, _ = factories.figure("reconsideration.on_time_rate", tree["east"].prefix, *YEAR)
    assert (rate.numerator, rate.denominator) == (3 + 2, 4 + 3)
    assert {on_time.pk, holiday.pk} <= set(rate.numerator_ids) and late.pk not in rate.numerator_ids
    assert untimed.pk not in rate.denominator_ids and late.pk in rate.denominator_ids
    assert "1件审结案件没有受理日期" in rate.note


def test_on_time_rate_of_histories_reads_simple_procedure_and_recorded_suspensions(cases, tree):
    from django.contrib.contenttypes.models import ContentType

    from fazhi.core.workflow.models import TransitionLog
    from fazhi.reconsideration.models import ReconsiderationCase

    simple, suspended = _histories(
        tree,
        (D(2026, 3, 2), D(2026, 4, 10), {"simple_procedure": True}),  # 30 日: due 04-01, late
        (D(2026, 3, 2), D(2026, 5, 15), {}),  # 60 日: due 05-06 (劳动节), late without its 中止
    )
    # Its history records a 中止 of 20 日 (03-10 … 03-30) though no clock: due 05-21, on time.
    officer = factories.user(tree["east_justice"], roles=("officer",))
    for name, day in (("suspend", D(2026, 3, 10)), ("resume", D(2026, 3, 30))):
        TransitionLog.objects.create(
            subject_type=ContentType.objects.get_for_model(ReconsiderationCase),
            subject_id=suspended.pk,
            procedure="reconsideration",
            transition=name,
            label=name,
            from_status="",
            to_status="",
            legal_date=day,
            actor=officer,
        )
    rate, _ = factories.figure("reconsideration.on_time_rate", tree["east"].prefix, *YEAR)
    assert simple.pk not in rate.numerator_ids and suspended.pk in rate.numerator_ids
    assert (rate.numerator, rate.denominator) == (3 + 1, 4 + 2)


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
