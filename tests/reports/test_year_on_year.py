"""Last year's figures in the report (issue 12 items 3 and 5): ``{{code.last_year}}`` and
``{{code.change}}`` in the words seed 000 uses, last year's figures imported as 上报 for a year
before the platform held the records, the drafts comparing with them, year-on-year bounds, and the
appendix and page showing last year's beside this year's."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import Workbook

from fazhi.core.excel import run_import
from fazhi.indicators import periods, registry
from fazhi.indicators.imports import KIND
from fazhi.reports import checks, document, drafts, placeholders, services
from fazhi.reports.figures import Fig, change_text

SOURCE = "《2021年度法治政府建设工作报告》"


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in KIND.columns])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


@pytest.fixture
def last_year(tree, supervisor):
    """东区's 2021 行政复议 figures, imported from its 2021 report (no 2021 cases on the platform)."""
    result = run_import(
        "reported_figures",
        _xlsx(
            [
                ["450206", "2021", "reconsideration.received", 60, "", "", SOURCE],
                ["450206", "2021", "行政复议纠错率", 6, 20, "30%", SOURCE],
            ]
        ),
        actor=supervisor,
    )
    assert result.ok, result.messages


def _count(code, n, before=None, name="件数", unit="件"):
    prev = None if before is None else Fig(code, name, unit, before, None, Decimal(before))
    return Fig(code, name, unit, n, None, Decimal(n), previous=prev)


def _rate(code, value, before=None, name="比率", num=None, den=None):
    prev = None if before is None else Fig(code, name, "%", None, None, Decimal(before))
    return Fig(code, name, "%", num, den, Decimal(value), previous=prev)


# --- the words -----------------------------------------------------------------------------------


def test_change_is_written_as_the_seeds_write_it():
    # Seed 000: “败诉率为4.1%，相比2021年的败诉率12.3%，下降了8个百分点”; “120件，比2021年减少47件”.
    assert change_text(_rate("x", "4.1", "12.3"), 1) == "下降8.2个百分点"
    assert change_text(_rate("x", "12.5", "9.3")) == "上升3.2个百分点"
    assert change_text(_count("x", 120, 167)) == "减少47件，下降28.1%"
    assert change_text(_count("x", 135, 120)) == "增加15件，增长12.5%"
    assert change_text(_count("x", 5, 0)) == "增加5件"  # no percentage of nothing
    assert change_text(_count("x", 46, 46)) == "持平"
    assert change_text(_rate("x", "9.0909", "9.0901")) == "持平"  # equal as printed: 9.09%
    assert change_text(_count("x", 46)) == "上年无数据"
    figures = {"x": _count("x", 46)}
    assert (
        placeholders.render("上年{{x.last_year}}，同比{{x.change}}", figures)
        == "上年上年无数据，同比上年无数据"
    )
    figures = {"x": _rate("x", "4.1667", "12.3", name="败诉率")}
    assert placeholders.render("{{x|1}}，上年{{x.last_year|1}}，{{x.change|1}}", figures) == (
        "4.2%，上年12.3%，下降8.1个百分点"
    )


# --- last year's figures, imported and used --------------------------------------------------------


def test_last_years_imported_figures_are_quoted_beside_this_years(report, last_year):
    figures = services.report_figures(report)
    text = (
        "收到申请{{reconsideration.received}}（上年{{reconsideration.received.last_year}}，"
        "同比{{reconsideration.received.change}}），纠错率{{reconsideration.correction_rate}}，"
        "同比{{reconsideration.correction_rate.change}}。"
    )
    assert placeholders.render(text, figures) == (
        "收到申请46件（上年60件，同比减少14件，下降23.3%），纠错率9.09%，同比下降20.91个百分点。"
    )
    # Figures nobody entered for 2021 and the platform has no 2021 records of: no figure.
    assert placeholders.render("{{reconsideration.accepted.change}}", figures) == "上年无数据"


def test_the_draft_mentions_last_years_figure_and_the_change(seed000, tree, supervisor, last_year):
    report = services.report_create(actor=supervisor, region=tree["east"], year=2022)
    services.fill_draft(report=report, actor=supervisor)
    report.refresh_from_db()
    assert "（2021年为{{reconsideration.received.last_year}}，同比{{reconsideration.received.change}}）" in (
        report.measures
    )
    rendered = placeholders.render(report.measures, services.report_figures(report))
    assert "2022年共收到行政复议申请46件（2021年为60件，同比减少14件，下降23.3%），受理40件" in rendered
    assert "纠错率9.09%（按审结件数计）（2021年为30%，同比下降20.91个百分点）" in rendered
    assert services.unbacked_numbers(report) == []  # every number is a figure


def test_without_last_years_figure_the_draft_says_nothing_of_it(seed000, tree, supervisor):
    report = services.report_create(actor=supervisor, region=tree["east"], year=2022)
    services.fill_draft(report=report, actor=supervisor)
    report.refresh_from_db()
    assert "2021年为" not in report.measures and ".change" not in report.measures


def test_the_litigation_draft_compares_with_last_year():
    figures = {
        "litigation.received": _count("litigation.received", 120, 167, "行政诉讼收案数"),
        "litigation.concluded": _count("litigation.concluded", 98, None, "一审审结数"),
        "litigation.lost": _count("litigation.lost", 4, None, "一审败诉数"),
        "litigation.loss_rate": _rate("litigation.loss_rate", "4.0816", "12.3", "败诉率", 4, 98),
    }
    text = drafts.draft(figures, 2022)["measures"]
    rendered = placeholders.render(text, figures)
    assert "2022年共有行政诉讼案件120件（2021年为167件，同比减少47件，下降28.1%），一审审结98件" in rendered
    assert "败诉率4.08%（2021年为12.3%，同比下降8.22个百分点）" in rendered


def test_appendix_and_page_show_last_year_beside_this_year(client, report, supervisor, last_year, tmp_path):
    text = report.measures + "\n收到申请同比{{reconsideration.received.change}}。"
    report = services.part_update(report=report, key="measures", text=text, actor=supervisor)
    data, _ = services.generate(report)
    table = Document(io.BytesIO(data)).tables[0]
    rows = {r.cells[1].text: r.cells[2].text for r in table.rows[1:]}
    assert rows["收到行政复议申请"] == "46件\n上年60件\n减少14件，下降23.3%"
    assert rows["受理行政复议案件"] == "40件"  # not compared in the text: this year's only
    client.force_login(supervisor)
    page = client.get(f"/staff/annual-reports/{report.pk}/").content.decode()
    assert "上年60件，减少14件，下降23.3%" in page


def test_last_years_figures_are_kept_at_sign_off(report, supervisor, last_year):
    text = report.measures + "\n收到申请同比{{reconsideration.received.change}}。"
    report = services.part_update(report=report, key="measures", text=text, actor=supervisor)
    report = services.sign_off(report=report, actor=supervisor)
    # A later correction of 2021's figure does not change the signed-off report.
    result = run_import(
        "reported_figures",
        _xlsx([["450206", "2021", "reconsideration.received", 50, "", "", SOURCE]]),
        actor=supervisor,
    )
    assert result.ok
    figures = services.report_figures(report)
    assert placeholders.render("{{reconsideration.received.last_year}}", figures) == "60件"


# --- year-on-year bounds ---------------------------------------------------------------------------


def test_a_figure_moving_beyond_its_bound_is_named_with_both_values_and_the_bound(report, last_year):
    text = report.measures + "\n同比{{reconsideration.correction_rate.change}}。"
    report = services.part_update(report=report, key="measures", text=text, actor=report.created_by)
    warnings = [w for w in services.report_warnings(report) if w.kind == checks.YEAR_ON_YEAR]
    assert [w.message for w in warnings] == [
        "同比变化异常：“行政复议纠错率”本年9.09%，上年30%，下降20.91个百分点，超过同比变动范围±20个百分点；"
        "请核对数据，确有变化的请在正文中说明原因。"
    ]  # 收到申请 46 against 60 (−23.3%) is within ±50%
    stderr = io.StringIO()
    call_command("report", region="450206", year=2022, check=True, stderr=stderr, stdout=io.StringIO())
    assert (
        "“行政复议纠错率”本年9.09%，上年30%，下降20.91个百分点，超过同比变动范围±20个百分点"
        in stderr.getvalue()
    )


def test_default_bounds_per_unit_and_small_counts():
    counts = {"legal_aid.cases": _count("legal_aid.cases", 160, 100, "法律援助案件数")}
    (warning,) = checks.year_on_year(counts)
    assert "“法律援助案件数”本年160件，上年100件，增加60件，增长60%，超过同比变动范围±50%" in warning.message
    counts = {"legal_aid.cases": _count("legal_aid.cases", 9, 4, "法律援助案件数")}
    assert checks.year_on_year(counts) == []  # 4 → 9: too few to judge
    rates = {"hotline.satisfaction_rate": _rate("hotline.satisfaction_rate", "95.75", "80", "满意率")}
    assert checks.year_on_year(rates) == []  # 15.75 points: within ±20


def test_a_figure_declares_its_own_bound(monkeypatch):
    ind = registry.get("hotline.satisfaction_rate")
    assert ind.yoy_limit == 20 and registry.get("legal_aid.cases").yoy_limit == 50
    tight = registry.Indicator(**{**ind.__dict__, "yoy_bound": 5})
    assert tight.yoy_limit == 5
    monkeypatch.setattr(registry, "get", lambda code: tight)
    rates = {"hotline.satisfaction_rate": _rate("hotline.satisfaction_rate", "95.75", "90", "满意率")}
    (warning,) = checks.year_on_year(rates)
    assert "本年95.75%，上年90%，上升5.75个百分点，超过同比变动范围±5个百分点" in warning.message


# --- seed 000's 败诉率 --------------------------------------------------------------------------------


def test_seed_000s_loss_rate_of_120_cases_is_unreachable():
    """Seed 000 prints 败诉率4.1% with 120 cases: no whole number over 120 rounds to 4.1%."""
    rate = Fig("litigation.loss_rate", "行政诉讼败诉率", "%", None, None, Decimal("4.1"))
    figures = {
        "litigation.loss_rate": rate,
        "litigation.concluded": _count("litigation.concluded", 120, None, "一审审结数"),
    }
    (warning,) = checks.unreachable_rates(figures)
    assert warning.message == (
        "数据不一致：“行政诉讼败诉率”为4.1%，但以“一审审结数”120为分母，任何整数都得不到这个比率"
        "（4÷120=3.33%，5÷120=4.17%，6÷120=5%）；请核对分母口径。"
    )
    # The 120 the seed names are cases received: the rate's base (一审审结) is not stated, and a
    # reader checking against the 120 cannot get 4.1% either — flagged, asking for the base.
    figures = {
        "litigation.loss_rate": rate,
        "litigation.received": _count("litigation.received", 120, None, "行政诉讼收案数"),
    }
    (warning,) = checks.unreachable_rates(figures)
    assert warning.message == (
        "数据待核：“行政诉讼败诉率”为4.1%，正文未写明其分母“一审审结数”；读者会以“行政诉讼收案数”120核对，"
        "而任何整数除以120都得不到这个比率（4÷120=3.33%，5÷120=4.17%，6÷120=5%）；请写明分母。"
    )
    # With the 一审审结 stated (98), 4 ÷ 98 = 4.08% prints 4.1%: nothing to flag.
    figures["litigation.concluded"] = _count("litigation.concluded", 98, None, "一审审结数")
    assert checks.unreachable_rates(figures) == []


# --- statute text by period ------------------------------------------------------------------------


def _appendix_definitions(report) -> dict[str, str]:
    content = services.content_for(report, services.report_figures(report))
    out = io.BytesIO(document.build(content))
    table = Document(out).tables[0]
    return {r.cells[1].text: r.cells[8].text for r in table.rows[1:]}


def test_the_appendix_cites_the_law_text_of_the_period(report, tree, supervisor):
    rows = _appendix_definitions(report)  # 2022: the 2017 《行政复议法》
    assert rows["收到行政复议申请"].endswith("依据：《行政复议法》（2017）第十一条")
    assert "依据：《行政复议法》（2017）第二十八条" in rows["行政复议纠错率"]
    assert not any("2023" in text for text in rows.values())
    later = services.report_create(actor=supervisor, region=tree["east"], year=2024)
    later = services.part_update(report=later, key="measures", text=report.measures, actor=supervisor)
    rows = _appendix_definitions(later)  # 2024: the 2023 text
    assert rows["收到行政复议申请"].endswith("依据：《行政复议法》（2023）第二十二条")
    assert "依据：《行政复议法》（2023）第六十三条至第六十九条" in rows["行政复议纠错率"]
    assert not any("2017" in text for text in rows.values())
    # A period across 2024-01-01 cites both texts.
    definition = registry.get("reconsideration.received").definition
    assert definition.as_dict(periods.parse("2023-07-01..2024-06-30"))["source"] == (
        "《行政复议法》（2017）第十一条；（2023）第二十二条"
    )
