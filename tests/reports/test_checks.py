"""Checks: a missing part, figures whose parts do not add up to their whole, a rate whose
denominator basis differs from last year's, and unknown placeholders."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.reports import checks, placeholders, services
from fazhi.reports.figures import Fig

pytestmark = pytest.mark.django_db


def _count(code, n, name=None):
    return Fig(code, name or code, "件", n, None, Decimal(n))


def _rate(code, num, den, name="纠错率"):
    return Fig(code, name, "%", num, den, Decimal(num) * 100 / Decimal(den), definition={"basis": "审结"})


def test_missing_part_warns_in_the_ui_checks_and_the_cli(report, supervisor, tmp_path):
    report = services.part_update(report=report, key="leaders_duty", text="  ", actor=supervisor)
    warnings = services.report_warnings(report)
    assert [w.kind for w in warnings] == [checks.MISSING_PART]
    assert "缺少第三部分“党政主要负责人履行推进法治建设第一责任人职责情况”" in warnings[0].message

    stderr = io.StringIO()
    call_command(
        "report",
        region="450206",
        year=2022,
        output=str(tmp_path / "r.docx"),
        stderr=stderr,
        stdout=io.StringIO(),
    )
    assert "警告：缺少第三部分" in stderr.getvalue()
    with pytest.raises(CommandError, match="1 条检查警告"):
        call_command("report", region="450206", year=2022, check=True, strict=True, stderr=io.StringIO())


def test_complete_report_has_no_warnings(report):
    assert services.report_warnings(report) == []


def test_concluded_by_outcome_must_add_up_to_concluded():
    figures = {
        "reconsideration.concluded": _count("reconsideration.concluded", 33, "审结行政复议案件"),
        "reconsideration.concluded.uphold": _count("reconsideration.concluded.uphold", 11, "维持"),
        "reconsideration.concluded.reject": _count("reconsideration.concluded.reject", 6, "驳回"),
        "reconsideration.concluded.revoke": _count("reconsideration.concluded.revoke", 2, "撤销"),
        "reconsideration.concluded.confirm_illegal": _count(
            "reconsideration.concluded.confirm_illegal", 1, "确认违法"
        ),
        "reconsideration.concluded.terminated": _count("reconsideration.concluded.terminated", 12, "终止"),
    }
    warnings = checks.parts_of_whole(figures)
    assert len(warnings) == 1
    # Derived from the breakdown's declaration (part_of), not declared by hand.
    assert "审结行政复议案件应等于其组成部分之和" in warnings[0].message and "合计32" in warnings[0].message
    assert "为33" in warnings[0].message

    figures["reconsideration.concluded.terminated"] = _count(
        "reconsideration.concluded.terminated", 13, "终止"
    )
    assert checks.parts_of_whole(figures) == []  # seed 000: 11 + 6 + 2 + 1 + 13 = 33


def test_rate_parts_must_match_the_counts_they_divide():
    figures = {
        "reconsideration.concluded": _count("reconsideration.concluded", 33, "审结行政复议案件"),
        "reconsideration.correction_rate": _rate("reconsideration.correction_rate", 3, 40, "行政复议纠错率"),
    }
    (warning,) = checks.parts_of_whole(figures)
    assert (
        "行政复议纠错率的分母应等于审结行政复议案件" in warning.message  # the same tally as 审结
        and "“行政复议纠错率”的分母为40" in warning.message
    )
    # Only figures the narrative quotes (or the declarations they appear in) are checked.
    assert checks.parts_of_whole(figures, quoted={"litigation.loss_rate"}) == []
    assert len(checks.parts_of_whole(figures, quoted={"reconsideration.concluded"})) == 1


def test_rate_numerator_above_denominator_warns():
    figures = {"petition.rate": _rate("petition.rate", 7, 6, "实体性化解率")}
    (warning,) = checks.parts_of_whole(figures)
    assert "分子（7）大于分母（6）" in warning.message


def test_subset_declaration_allows_parts_below_the_whole():
    figures = {
        "litigation.concluded": _count("litigation.concluded", 10),
        "litigation.lost": _count("litigation.lost", 2),
    }
    assert checks.parts_of_whole(figures) == []
    figures["litigation.lost"] = _count("litigation.lost", 11)
    assert len(checks.parts_of_whole(figures)) == 1


def test_rate_whose_denominator_basis_differs_from_last_year(report, tree, supervisor):
    last = services.report_create(actor=supervisor, region=tree["east"], year=2021)
    services.part_update(
        report=last, key="measures", text="纠错率{{reconsideration.correction_rate}}。", actor=supervisor
    )
    last = services.sign_off(report=last, actor=supervisor)
    assert services.report_warnings(report) == []  # same basis (审结) as last year

    # Last year's report counted 纠错率 over 受理 (as some reports do: seed 000 would give 7.5%).
    frozen = last.frozen_definitions
    frozen["reconsideration.correction_rate"]["definition"]["basis"] = "受理"
    last.frozen_definitions = frozen
    last.save(update_fields=["frozen_definitions"])
    (warning,) = services.report_warnings(report)
    assert warning.kind == checks.BASIS_CHANGED
    assert "“行政复议纠错率”的分母口径与上年不同" in warning.message
    assert "2021年度报告为“受理”，本年为“审结”" in warning.message


def test_a_rate_quoted_over_another_basis_than_last_years_variant_warns(report, tree, supervisor):
    """Issue 11 item 7: last year's report quoted 纠错率 over 受理 (its own code); this year's quotes it
    over 审结 and states the basis with ``{{code.basis}}``."""
    last = services.report_create(actor=supervisor, region=tree["east"], year=2021)
    services.part_update(
        report=last,
        key="measures",
        text="纠错率{{reconsideration.correction_rate_accepted}}。",
        actor=supervisor,
    )
    last = services.sign_off(report=last, actor=supervisor)
    (warning,) = services.report_warnings(report)
    assert warning.kind == checks.BASIS_CHANGED
    assert "2021年度报告为“受理”，本年为“审结”" in warning.message
    figures = services.report_figures(report)
    text = "纠错率{{reconsideration.correction_rate}}（按{{reconsideration.correction_rate.basis}}件数计）"
    assert placeholders.render(text, figures) == "纠错率9.09%（按审结件数计）"


def test_definition_version_change_since_last_years_run_warns(report, tree):
    from fazhi.indicators import periods
    from fazhi.indicators import services as indicators

    run = indicators.compute_run(tree["east"], periods.year(2021)).run
    assert services.report_warnings(report) == []
    run.definitions = {**run.definitions, "reconsideration.correction_rate": 0}
    run.save(update_fields=["definitions"])
    (warning,) = services.report_warnings(report)
    assert "统计口径版本与上年不同" in warning.message and "2021年指标计算为第0版" in warning.message


def test_unknown_placeholder_is_marked_and_warned(report, supervisor):
    report = services.part_update(
        report=report, key="other", text="满意率{{satisfaction.rate}}。", actor=supervisor
    )
    (warning,) = services.report_warnings(report)
    assert warning.kind == checks.UNKNOWN_FIGURE and "{{satisfaction.rate}}" in warning.message
    figures = services.report_figures(report)
    assert (
        placeholders.render("满意率{{satisfaction.rate}}。", figures)
        == "满意率【未知指标：satisfaction.rate】。"
    )


def test_placeholder_forms():
    figures = {
        "reconsideration.correction_rate": _rate("reconsideration.correction_rate", 3, 33, "行政复议纠错率")
    }
    text = (
        "{{reconsideration.correction_rate}}={{ reconsideration.correction_rate.numerator }}/"
        "{{reconsideration.correction_rate.denominator}}（{{reconsideration.correction_rate.name}}）"
    )
    assert placeholders.render(text, figures) == "9.09%=3/33（行政复议纠错率）"
    # The report's own precision for one quotation; the figure's other quotations keep theirs.
    text = "{{reconsideration.correction_rate|1}}、{{ reconsideration.correction_rate | 0 }}、{{reconsideration.correction_rate}}"
    assert placeholders.render(text, figures) == "9.1%、9%、9.09%"
    assert placeholders.used_codes([text], figures) == ["reconsideration.correction_rate"]
