"""The catalogue of reported figures (issue 12 item 2): every figure seeds 000–003 print for work
Fazhi does not record yet has a stable code with name, unit, definition, basis and parts; each is
entered through the project's own Excel template (tests/data/seed_figures.csv lists them, copied
from the seeds' text) and printed as the seed prints it; an unknown name gets the closest codes; a
county adds a figure of its own on a screen."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from fazhi.core import excel, regions
from fazhi.indicators import periods, registry, services
from fazhi.indicators.imports import KIND
from fazhi.indicators.models import CountyFigure, ReportedFigure

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "seed_figures.csv"
SOURCE = "《2022年度法治政府建设工作报告》"


def _seed_rows() -> list[dict]:
    lines = [line for line in DATA.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _upload(rows: list[list]) -> io.BytesIO:
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes(KIND)))
    ws = wb.worksheets[0]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            ws.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_every_figure_the_seeds_print_is_entered_under_a_catalogue_code_and_printed_as_they_print_it():
    rows = _seed_rows()
    assert len(rows) > 200 and {r["seed"] for r in rows} == {"000", "001", "002", "003"}
    for code in {r["region"] for r in rows}:
        regions.install(code, towns=False)
    computed = [r for r in rows if r["numerator"] == "computed"]
    for r in computed:  # work Fazhi records case by case: computed, not entered
        assert registry.get(r["code"]).computed, r["code"]
    reported = [r for r in rows if r["numerator"] != "computed"]
    result = excel.run_import(
        KIND,
        _upload(
            [
                [r["region"], r["period"], r["code"], r["numerator"] or None, r["denominator"] or None]
                + [r["value"] or None, f"{SOURCE}（seed {r['seed']}）：{r['quote']}"]
                for r in reported
            ]
        ),
    )
    assert result.ok, result.messages[:10]
    assert result.created == len(reported) == ReportedFigure.objects.count()

    shown = {}
    for region, period in {(r["region"], r["period"]) for r in reported}:
        for row in services.figures(region, periods.parse(period)):
            shown[(region, period, row.code)] = row
    wrong = []
    for r in reported:
        row = shown[(r["region"], r["period"], r["code"])]
        if (row.display, row.source_label) != (r["printed"], "上报"):
            wrong.append((r["seed"], r["code"], row.display, r["printed"]))
        indicator = registry.get(r["code"])
        # Reported, or computed by a domain app that took the code over (行政执法's registers) and
        # has no records here: the 上报 figure stands (services._Recording).
        assert indicator.definition.numerator and indicator.definition.source, r["code"]
        if indicator.is_rate:
            assert indicator.definition.denominator and indicator.definition.basis, r["code"]
    assert not wrong, wrong


def test_the_catalogue_declares_parts_totals_with_components_and_rates_with_their_counts():
    aid = registry.get("legal_aid.cases")
    assert {p.code for p in aid.parts} == {
        "legal_aid.cases.civil",
        "legal_aid.cases.criminal",
        "legal_aid.cases.administrative",
    }
    success = registry.get("mediation.success_rate")
    assert (success.numerator_code, success.denominator_code) == (
        "mediation.mediated_success",
        "mediation.mediated",
    )
    assert {p.code for p in success.parts} == {"mediation.mediated_success", "mediation.mediated"}
    acts = {p.code for p in registry.get("enforcement.acts").parts}
    assert {"enforcement.acts.penalty", "enforcement.acts.licence", "enforcement.acts.coercion"} <= acts
    # Every part named anywhere is itself in the catalogue.
    for ind in registry.all_indicators():
        for code in (ind.part_of, ind.numerator_code, ind.denominator_code):
            assert not code or registry.get(code), (ind.code, code)
    for unit, code in [
        ("万元", "legal_aid.recovered"),
        ("%", "hotline.on_time_rate"),
        ("人次", "legal_adviser.consultations"),
    ]:
        assert registry.get(code).unit == unit


def test_the_template_lists_every_code_with_its_name_and_unit_on_a_sheet():
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes(KIND)))
    assert wb.sheetnames[0] == "上报指标数据" and "指标目录" in wb.sheetnames
    sheet = list(wb["指标目录"].iter_rows(values_only=True))
    assert sheet[0][:3] == ("指标编码", "指标名称", "单位")
    listed = {row[0]: row[1:3] for row in sheet[1:]}
    assert listed == {i.code: (i.name, i.unit) for i in registry.all_indicators()}
    assert listed["hotline.on_time_rate"] == ("12345热线按期办结率", "%")


def test_an_unknown_name_gets_the_closest_codes_and_a_printed_name_is_recognised():
    regions.install("450206", towns=False)
    result = excel.run_import(
        KIND, _upload([["450206", "2022", "调解成功比例", "1715", "1724", None, SOURCE]])
    )
    assert not result.ok
    message = result.messages[0]
    assert "没有名为或编码为“调解成功比例”的指标" in message
    assert "调解成功率（mediation.success_rate，%）" in message and "指标目录" in message
    # The names the reports print a figure under are recognised (网办比率 → 网办率).
    ok = excel.run_import(KIND, _upload([["450206", "2022", "网办比率", None, None, "93.06", SOURCE]]))
    assert ok.ok, ok.messages
    assert ReportedFigure.objects.get().code == "government_service.online_rate"


def test_a_rate_with_known_parts_must_carry_them_and_a_stated_value_must_agree():
    regions.install("450206", towns=False)
    result = excel.run_import(
        KIND,
        _upload(
            [
                ["450206", "2022", "信访事项实体性化解率", None, None, "33.33", SOURCE],
                ["450206", "2022", "调解成功率", "1715", "1724", "99.4", SOURCE],
                ["450206", "2022", "排查纠纷件数", None, None, None, SOURCE],
            ]
        ),
    )
    text = "\n".join(result.messages)
    assert "“信访事项实体性化解率”是比率，必须同时填写分子和分母" in text
    assert "第3行“上报值”：99.4%与分子分母不符（1715÷1724=99.48%）" in text
    assert "“排查纠纷件数”是数量指标，请填写分子" in text
    assert not ReportedFigure.objects.exists()


def test_a_county_adds_its_own_figure_on_a_screen_and_enters_it(client, tree, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("web:indicators-catalogue"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="figure-hotline.on_time_rate"' in html and "12345热线按期办结率" in html
    response = client.post(
        reverse("web:indicators-catalogue-new"),
        {
            "name": "农村宅基地执法案件数",
            "kind": "count",
            "unit": "件",
            "definition": "乡镇综合行政执法队查处的农村宅基地违法案件数",
            "source": "市依法治市办2022年统计表",
            "part_of": "enforcement.acts",
        },
    )
    assert response.status_code == 302
    figure = CountyFigure.objects.get()
    assert figure.code == "local.450206_001" and registry.get(figure.code).part_of == "enforcement.acts"
    assert "local.450206_001" in client.get(reverse("web:indicators-catalogue")).content.decode()
    assert figure.code in {p.code for p in registry.get("enforcement.acts").parts}
    # Entered by its name like any catalogue figure, and printed with its unit.
    result = excel.run_import(
        KIND,
        _upload([["450206", "2022", "农村宅基地执法案件数", "12", None, None, SOURCE]]),
        actor=supervisor,
    )
    assert result.ok, result.messages
    row = services.figure("450206", periods.parse("2022"), figure.code)
    assert (row.display, row.source_label) == ("12件", "上报")
    # A name already in the catalogue is refused, and a rate needs its denominator.
    again = client.post(
        reverse("web:indicators-catalogue-new"),
        {"name": "调解成功率", "kind": "rate", "definition": "成功件数"},
    )
    html = again.content.decode()
    assert again.status_code == 400
    assert "目录中已有“调解成功率”（mediation.success_rate）" in html and "比率须写明分母统计什么" in html


def test_the_reported_form_offers_every_catalogue_figure_and_takes_a_stated_value(client, tree, supervisor):
    client.force_login(supervisor)
    form = client.get(reverse("web:indicators-reported-new")).content.decode()
    assert re.search(r'<optgroup label="12345政务服务便民热线">', form)
    assert 'value="hotline.satisfaction_rate"' in form
    response = client.post(
        reverse("web:indicators-reported-new"),
        {
            "region": "450206",
            "period": "2022",
            "code": "hotline.satisfaction_rate",
            "value": "95.75",
            "source_document": SOURCE,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = services.figure("450206", periods.parse("2022"), "hotline.satisfaction_rate")
    assert (row.numerator, row.denominator, row.display) == (None, None, "95.75%")
