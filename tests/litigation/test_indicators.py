"""Indicator figures on a small fixture: received, concluded, lost, 败诉率, 负责人出庭应诉率."""

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.indicators import registry
from fazhi.litigation.models import Capacity, Instance
from tests.factories import figure
from tests.litigation.factories import imported

Y = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
HEAD, STAFF, LAWYER = Capacity.CHIEF, Capacity.STAFF, Capacity.LAWYER


@pytest.fixture
def cases(tree):
    east, other = tree["east_market"], tree["east_justice"]
    h = dt.date(2026, 3, 10)
    concluded = [
        imported(east, outcome="revoke", judged_on=dt.date(2026, 4, 1), hearings=[(h, [HEAD, STAFF])]),
        imported(
            east, outcome="reject_claims", judged_on=dt.date(2026, 4, 2), hearings=[(h, [Capacity.DEPUTY])]
        ),
        imported(
            east,
            outcome="reject_claims",
            judged_on=dt.date(2026, 5, 2),
            hearings=[(h, [Capacity.DEPUTY_IN_CHARGE, LAWYER])],
        ),
        imported(
            other, outcome="reject_claims", judged_on=dt.date(2026, 6, 2), hearings=[(h, [STAFF])]
        ),  # 科长 only
        imported(other, outcome="dismiss", judged_on=dt.date(2026, 6, 3), hearings=[(h, [LAWYER])]),
        imported(east, outcome="withdrawn", judged_on=dt.date(2026, 2, 3)),
        imported(east, outcome="withdrawn", judged_on=dt.date(2026, 2, 4)),
        imported(east, outcome="mediated", judged_on=dt.date(2026, 7, 4)),
    ]
    pending = [
        imported(east, status="heard", hearings=[(dt.date(2026, 9, 1), [HEAD])]),
        imported(east, status="answering"),
    ]
    noise = [
        # another county, a 2025 case, a second-instance case and a hearing outside the period
        imported(
            tree["west_justice"], outcome="revoke", judged_on=dt.date(2026, 4, 1), hearings=[(h, [HEAD])]
        ),
        imported(
            east,
            outcome="revoke",
            judged_on=dt.date(2025, 12, 30),
            received=dt.date(2025, 6, 1),
            hearings=[(dt.date(2025, 11, 1), [HEAD])],
        ),
        imported(
            east,
            outcome="revoke",
            judged_on=dt.date(2026, 8, 1),
            instance=Instance.SECOND,
            received=dt.date(2025, 7, 1),
        ),
    ]
    return concluded, pending, noise


def test_received_and_concluded(cases):
    concluded, pending, noise = cases
    received, shown = figure("litigation.received", "450206", *Y)
    assert (received.numerator, received.denominator, shown) == (10, None, "10件")
    assert set(received.numerator_ids) == {c.pk for c in concluded + pending}
    done, _ = figure("litigation.concluded", "450206", *Y)
    assert done.numerator == 8 and set(done.numerator_ids) == {c.pk for c in concluded}
    assert figure("litigation.received", "4502", *Y)[0].numerator == 11  # the city includes the west county


def test_loss_rate_over_first_instance_concluded(cases):
    concluded, _, noise = cases
    rate, shown = figure("litigation.loss_rate", "450206", *Y)
    assert (rate.numerator, rate.denominator, rate.value("%"), shown) == (1, 8, Decimal("12.5000"), "12.5%")
    assert registry.get("litigation.loss_rate").definition.basis == "一审审结"
    assert rate.numerator_ids == (concluded[0].pk,)
    assert set(rate.denominator_ids) == {c.pk for c in concluded}
    assert figure("litigation.lost", "450206", *Y)[0].numerator_ids == (concluded[0].pk,)


def test_head_appearance_rate_is_over_cases_heard(cases):
    concluded, pending, _ = cases
    rate, shown = figure("litigation.head_appearance_rate", "450206", *Y)
    assert (rate.numerator, rate.denominator, shown) == (4, 6, "66.67%")
    assert set(rate.numerator_ids) == {concluded[0].pk, concluded[1].pk, concluded[2].pk, pending[0].pk}
    assert set(rate.denominator_ids) == {c.pk for c in concluded[:5]} | {pending[0].pk}
    assert registry.get("litigation.head_appearance_rate").definition.denominator == "统计期内开庭审理的案件"


def test_empty_period_has_no_rate(tree):
    rate, shown = figure("litigation.loss_rate", "450206", *Y)
    assert (rate.numerator, rate.denominator, rate.value("%"), shown) == (0, 0, None, "—")


def test_administrative_agreement_judgments_count_as_lost_article_78(tree):
    # 判决被告继续履行、采取补救措施、赔偿损失 (《行政诉讼法》第七十八条第一款), 给予补偿 (第二款), and a
    # 行政协议判决 stored before they were told apart: all against the defendant.
    east = tree["east_market"]
    lost = [
        imported(east, outcome=code, judged_on=dt.date(2026, 4, 1))
        for code in (
            "agreement_perform",
            "agreement_remedy",
            "agreement_damages",
            "agreement_compensate",
            "agreement",
        )
    ]
    imported(east, outcome="reject_claims", judged_on=dt.date(2026, 4, 2))
    rate, shown = figure("litigation.loss_rate", "450206", *Y)
    assert (rate.numerator, rate.denominator, shown) == (5, 6, "83.33%")
    assert set(rate.numerator_ids) == {c.pk for c in lost}


def test_second_instance_is_counted_apart_by_its_article_89_outcome(tree):
    # 二审 (第八十九条) is final (第七条) and outside the 一审 败诉率; a 改判 against the defendant is a
    # figure of its own.
    east = tree["east_market"]
    on, second = dt.date(2026, 5, 1), Instance.SECOND
    amended = imported(east, outcome="amend_lost", judged_on=on, instance=second)
    imported(east, outcome="uphold", judged_on=on, instance=second)
    imported(east, outcome="remand", judged_on=on, instance=second)
    imported(east, outcome="revoke", judged_on=on, instance=second)  # stored before 第八十九条's outcomes
    imported(east, outcome="revoke", judged_on=on)
    assert figure("litigation.second_instance_concluded", "450206", *Y)[0].numerator == 3
    lost, _ = figure("litigation.second_instance_concluded.amend_lost", "450206", *Y)
    assert (lost.numerator, lost.numerator_ids) == (1, (amended.pk,))
    assert figure("litigation.second_instance_concluded.remand", "450206", *Y)[0].numerator == 1
    assert registry.get("litigation.second_instance_concluded.amend_lost").name == "二审改判（被告败诉）件数"
    rate, _ = figure("litigation.loss_rate", "450206", *Y)
    assert (rate.numerator, rate.denominator) == (1, 1)  # 一审 only


def test_heads_summoned_by_the_court_and_heads_who_spoke(tree):
    """法释〔2020〕3号 第四条、第十二条: of the cases whose hearing the court summoned the head to, those
    where a head appeared; 第十一条: of the cases a head appeared in, those where the head spoke on
    resolving the dispute (出庭又出声)."""
    from fazhi.litigation.models import Appearance, Hearing

    east = tree["east_market"]
    h = dt.date(2026, 3, 10)
    came = imported(east, outcome="revoke", judged_on=h, hearings=[(h, [HEAD])])
    sent_staff = imported(east, outcome="reject_claims", judged_on=h, hearings=[(h, [STAFF])])
    spoke = imported(east, outcome="reject_claims", judged_on=h, hearings=[(h, [Capacity.DEPUTY])])
    Hearing.objects.filter(lawsuit__in=[came, sent_staff]).update(summoned_head=True)
    Appearance.objects.filter(hearing__lawsuit=spoke).update(spoke=True)

    summoned, shown = figure("litigation.summoned_head_appearance_rate", "450206", *Y)
    assert (summoned.numerator, summoned.denominator, shown) == (1, 2, "50%")
    assert summoned.numerator_ids == (came.pk,)
    assert set(summoned.denominator_ids) == {came.pk, sent_staff.pk}
    spoken, shown = figure("litigation.head_spoke_rate", "450206", *Y)
    assert (spoken.numerator, spoken.denominator, shown) == (1, 2, "50%")
    assert spoken.numerator_ids == (spoke.pk,)
