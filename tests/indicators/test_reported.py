"""Reported figures (上报): seed 000's 三大纠纷调结率 90.5% (19/21) and 信访实体性化解率 33.33% (2/6),
seed 001's 双随机事项占比 50.35% (143/284); entered or imported, labelled 上报; a computed figure wins
over a reported one and the difference is shown."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from fazhi.core.audit.models import AuditEvent
from fazhi.core.excel import run_import
from fazhi.indicators import periods, services
from fazhi.indicators.imports import KIND
from fazhi.indicators.models import ReportedFigure

pytestmark = pytest.mark.django_db

Y2022 = periods.parse("2022")


def _enter(actor, code, num, den, value=None, region="450206", period=Y2022):
    return services.enter_reported_figure(
        actor=actor,
        region_code=region,
        period=period,
        code=code,
        numerator=num,
        denominator=den,
        value=value,
        source_document="《示范区2022年法治政府建设年度报告》",
    )


def _rows_by_code(region="450206", period=Y2022):
    return {r.code: r for r in services.figures(region, period)}


def test_seed_figures_entered_are_shown_labelled_reported(tree, supervisor):
    _enter(supervisor, "mediation.land_dispute_settlement_rate", 19, 21, Decimal("90.5"))
    _enter(supervisor, "petition.substantive_resolution_rate", 2, 6, Decimal("33.33"))
    _enter(supervisor, "random_inspection.item_share", 143, 284, Decimal("50.35"), region="450207")
    east, west = _rows_by_code(), _rows_by_code("450207")

    land = east["mediation.land_dispute_settlement_rate"]
    assert (land.numerator, land.denominator, land.display) == (19, 21, "90.5%")
    assert (land.source, land.source_label) == ("reported", "上报")
    assert land.difference is None and "年度报告" in land.note
    petition = east["petition.substantive_resolution_rate"]
    assert (petition.numerator, petition.denominator, petition.display, petition.source_label) == (
        2,
        6,
        "33.33%",
        "上报",
    )
    share = west["random_inspection.item_share"]
    assert (share.numerator, share.denominator, share.display, share.source_label) == (
        143,
        284,
        "50.35%",
        "上报",
    )
    assert east["random_inspection.item_share"].source == ""  # reported for 西区 only
    assert AuditEvent.objects.filter(action="indicators.report").count() == 3


def test_a_value_left_blank_is_derived_from_its_parts(tree, supervisor):
    figure = _enter(supervisor, "petition.substantive_resolution_rate", 2, 6)
    assert figure.value == Decimal("33.3333")
    assert _rows_by_code()["petition.substantive_resolution_rate"].display == "33.33%"


@pytest.mark.parametrize(
    "num, den, value, field, fragment",
    [
        (19, 21, Decimal("91.5"), "value", "与分子分母不符"),
        (19, None, Decimal("90.5"), "denominator", "必须同时填写分子和分母"),
        (22, 21, None, "numerator", "分子不能大于分母"),
    ],
)
def test_figures_whose_parts_do_not_agree_are_refused(tree, supervisor, num, den, value, field, fragment):
    with pytest.raises(ValidationError) as exc:
        _enter(supervisor, "mediation.land_dispute_settlement_rate", num, den, value)
    assert fragment in "".join(exc.value.message_dict[field])
    assert not ReportedFigure.objects.exists()


def test_a_new_figure_supersedes_the_old_one(tree, supervisor):
    old = _enter(supervisor, "mediation.land_dispute_settlement_rate", 18, 21)
    new = _enter(supervisor, "mediation.land_dispute_settlement_rate", 19, 21, Decimal("90.5"))
    old.refresh_from_db()
    assert (old.status, new.status) == ("superseded", "active")
    assert _rows_by_code()["mediation.land_dispute_settlement_rate"].numerator == 19


def test_computed_wins_over_reported_and_the_difference_is_shown(seed000, tree, supervisor):
    # The 2022 report printed 10.0% (3/30); the records give 3/33 = 9.09%.
    _enter(supervisor, "reconsideration.correction_rate", 3, 30, Decimal("10.0"))
    services.compute_run("450206", Y2022, actor=supervisor)
    row = _rows_by_code()["reconsideration.correction_rate"]
    assert (row.source_label, row.display, row.numerator, row.denominator) == ("计算", "9.09%", 3, 33)
    assert row.reported_display == "10%"
    assert row.difference == Decimal("-0.9091")
    assert row.difference_display == "-0.91个百分点"


def test_a_run_includes_reported_figures_so_a_report_is_reproducible(tree, supervisor):
    _enter(supervisor, "mediation.land_dispute_settlement_rate", 19, 21, Decimal("90.5"))
    run = services.compute_run("450206", Y2022, actor=supervisor).run
    snap = run.snapshots.get(code="mediation.land_dispute_settlement_rate")
    assert (snap.source, snap.numerator, snap.denominator, snap.value) == (
        "reported",
        19,
        21,
        Decimal("90.5"),
    )
    # A corrected figure changes the results: the next run is a new one.
    _enter(supervisor, "mediation.land_dispute_settlement_rate", 20, 21)
    assert services.compute_run("450206", Y2022, actor=supervisor).created


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


def test_import_reported_figures_from_excel(tree, city_supervisor):
    source = "《2022年法治政府建设年度报告》"
    result = run_import(
        "reported_figures",
        _xlsx(
            [
                ["450206", "2022", "三大纠纷调结率", 19, 21, "90.5%", source],
                ["450206", "2022年", "petition.substantive_resolution_rate", 2, 6, "33.33", source],
                ["450207", "2022", "双随机抽查事项占比", 143, 284, 50.35, "《2022年双随机工作总结》"],
            ]
        ),
        actor=city_supervisor,
    )
    assert result.ok, result.messages
    rows = _rows_by_code()
    assert rows["mediation.land_dispute_settlement_rate"].display == "90.5%"
    assert rows["petition.substantive_resolution_rate"].source_label == "上报"
    assert _rows_by_code("450207")["random_inspection.item_share"].display == "50.35%"


def test_import_reports_every_bad_row_and_imports_nothing(tree, supervisor):
    result = run_import(
        "reported_figures",
        _xlsx(
            [
                ["450206", "2022Q5", "三大纠纷调结率", 19, 21, "90.5", "报告"],
                ["450206", "2022", "不存在的指标", 1, 2, "", "报告"],
                ["450206", "2022", "三大纠纷调结率", 19, 21, "95", "报告"],
                ["450100", "2022", "三大纠纷调结率", 19, 21, "", "报告"],
                ["450207", "2022", "三大纠纷调结率", 19, 21, "", "报告"],
            ]
        ),
        actor=supervisor,
    )
    assert not result.ok
    text = "\n".join(result.messages)
    assert "第2行“统计期”" in text and "无法识别" in text
    assert "第3行“指标”" in text
    assert "第4行“上报值”" in text and "不符" in text
    assert "第5行“区划代码”" in text and "没有区划代码" in text
    assert "第6行“区划代码”：该区划不在您的数据范围内" in text  # 西区 is outside 东区's scope
    assert not ReportedFigure.objects.exists()
