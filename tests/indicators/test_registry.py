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


def test_a_breakdown_by_choice_declares_one_part_per_value_and_its_checks_follow():
    """``register_breakdown``: a count per value, each part_of the whole, names and definitions from
    the whole; the report checks then need no hand-written rule (parts add up, a rate over the
    whole's tally divides the whole)."""
    import pytest
    from django.core.exceptions import ImproperlyConfigured
    from django.db import models

    from fazhi.indicators.registry import INDICATORS, register_breakdown, register_count, register_rate
    from fazhi.indicators.tally import Records
    from fazhi.reports import checks
    from fazhi.reports.figures import Fig

    class Outcome(models.TextChoices):
        UPHOLD = "uphold", "维持"
        REVOKE = "revoke", "撤销"

    records = Records("reconsideration.reconsiderationcase", "kit_breakdown", lambda s, e: Q(pk__gt=0))
    whole = register_count(
        "kit_bd.concluded", "测试审结", records.all, order=5, counts="全部", period="结案日期", source="某法"
    )
    register_rate(
        "kit_bd.rate", "测试纠错率", records.where("x", lambda s, e: Q(pk__gt=1)), records.all,
        order=6, counts="部分", out_of="审结", basis="审结", period="结案日期", source="某法",
    )  # fmt: skip
    try:
        with pytest.raises(ImproperlyConfigured, match="撤销"):
            register_breakdown(
                whole, records, "decision_type", (Outcome.UPHOLD,), choices=Outcome, name="审结：{label}",
                counts="{label}",
            )  # fmt: skip
        parts = register_breakdown(
            whole, records, "decision_type", (Outcome.REVOKE, Outcome.UPHOLD), choices=Outcome,
            name="审结：{label}", counts="结案方式为{label}的案件",
        )  # fmt: skip
        revoke = parts["revoke"]
        assert (revoke.code, revoke.name, revoke.part_of) == (
            "kit_bd.concluded.revoke",
            "审结：撤销",
            whole.code,
        )
        assert revoke.definition.numerator == "结案方式为撤销的案件" and revoke.definition.source == "某法"
        assert revoke.order < parts["uphold"].order  # the order given, as the reports print them
        pairs = register_breakdown(
            whole, records, "outcome", (("remand", "发回重审"),), name="二审：{label}", counts="{label}"
        )  # (code, label) pairs, as a choices list gives them
        assert (pairs["remand"].code, pairs["remand"].name) == ("kit_bd.concluded.remand", "二审：发回重审")

        def fig(code, n, den=None):
            ind = INDICATORS.get(code)
            value = Decimal(n) if den is None else Decimal(n) * 100 / Decimal(den)
            return Fig(code, ind.name, ind.unit, n, den, value)

        figures = {
            "kit_bd.concluded": fig("kit_bd.concluded", 5),
            "kit_bd.concluded.revoke": fig("kit_bd.concluded.revoke", 1),
            "kit_bd.concluded.uphold": fig("kit_bd.concluded.uphold", 3),
            "kit_bd.rate": fig("kit_bd.rate", 1, 6),
        }
        warnings = [w.message for w in checks.parts_of_whole(figures)]
        assert any("测试审结应等于其组成部分之和" in w and "合计4" in w for w in warnings), warnings
        assert any("测试纠错率的分母应等于测试审结" in w for w in warnings), warnings
        figures["kit_bd.concluded.uphold"] = fig("kit_bd.concluded.uphold", 4)
        figures["kit_bd.rate"] = fig("kit_bd.rate", 1, 5)
        assert checks.parts_of_whole(figures) == []
    finally:
        for code in [c.code for c in INDICATORS.values() if c.code.startswith("kit_bd.")]:
            INDICATORS.unregister(code)
