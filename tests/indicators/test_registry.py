from decimal import Decimal

from django.db.models import Q

from fazhi.indicators import registry
from fazhi.indicators.registry import get

REQUIRED = {
    "reconsideration.received",
    "reconsideration.accepted",
    "reconsideration.concluded",
    "reconsideration.correction_rate",
    "reconsideration.comprehensive_correction_rate",
    "reconsideration.on_time_rate",
    "litigation.received",
    "litigation.concluded",
    "litigation.lost",
    "litigation.loss_rate",
    "litigation.head_appearance_rate",
    "mediation.land_dispute_settlement_rate",
    "petition.substantive_resolution_rate",
    "random_inspection.item_share",
}


def test_domains_declare_their_indicators_once_with_a_definition():
    declared = {i.code: i for i in registry.all_indicators(county=False)}
    assert REQUIRED <= set(declared)
    for indicator in declared.values():
        d = indicator.definition
        assert indicator.name and indicator.unit and d.numerator and d.source, indicator.code
        if indicator.is_rate:
            # Every rate names its denominator and the denominator's basis (docs/indicators.md §设计要求 1).
            assert d.denominator and d.basis, indicator.code
    assert declared["reconsideration.correction_rate"].definition.basis == "审结"
    assert declared["litigation.head_appearance_rate"].definition.basis == "开庭"
    assert {c for c, i in declared.items() if i.reported_only} >= {
        "mediation.land_dispute_settlement_rate",
        "petition.substantive_resolution_rate",
        "random_inspection.item_share",
    }
    assert not declared["reconsideration.correction_rate"].reported_only


def test_display_rounds_half_up_to_the_indicators_precision():
    rate = registry.get("reconsideration.correction_rate")
    assert registry.percent(3, 33) == Decimal("9.0909")
    assert rate.show(registry.percent(3, 33)) == "9.09%"
    assert registry.get("petition.substantive_resolution_rate").show(registry.percent(2, 6)) == "33.33%"
    assert registry.percent(1, 0) is None and rate.show(None) == "—"
    assert registry.get("reconsideration.received").show(Decimal(46)) == "46件"


def test_a_reported_only_indicator_cannot_be_computed():
    indicator = registry.get("mediation.land_dispute_settlement_rate")
    try:
        indicator.run("450206", None, None)
    except ValueError as exc:
        assert "只能上报" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("computed a reported-only indicator")


def test_counts_and_rates_declared_in_short_form_carry_their_definitions():
    from fazhi.indicators.registry import INDICATORS, register_count, register_rate
    from fazhi.indicators.tally import Records

    records = Records("reconsideration.reconsiderationcase", "kit_test", lambda start, end: Q(pk__gt=0))
    count = register_count(
        "kit_test.count",
        "测试件数",
        records.all,
        order=1,
        counts="全部",
        period="收到日期",
        source="某法第一条",
    )
    rate = register_rate(
        "kit_test.rate",
        "测试率",
        records.where("some", lambda start, end: Q(pk__gt=1)),
        records.all,
        order=2,
        counts="部分",
        out_of="全部",
        basis="审结",
        period="结案日期",
        exclusions="不予受理",
        source="某法第二条",
        decimals=2,
    )
    try:
        assert get("kit_test.count") is count and (count.unit, count.is_rate) == ("件", False)
        assert count.definition.as_dict() == {
            "numerator": "全部",
            "denominator": "",
            "basis": "",
            "period_basis": "收到日期",
            "exclusions": "",
            "source": "某法第一条",
        }
        assert (rate.unit, rate.decimals, rate.show(Decimal("12.345"))) == ("%", 2, "12.35%")
        assert (rate.definition.denominator, rate.definition.basis, rate.definition.exclusions) == (
            "全部",
            "审结",
            "不予受理",
        )
    finally:
        INDICATORS.unregister("kit_test.count")
        INDICATORS.unregister("kit_test.rate")
