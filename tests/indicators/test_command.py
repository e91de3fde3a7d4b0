import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from fazhi.indicators.models import IndicatorRun

pytestmark = pytest.mark.django_db


def test_cli_prints_every_indicator_with_its_parts(seed000):
    out = io.StringIO()
    call_command("indicators", "--region", "450206", "--period", "2022", stdout=out)
    text = out.getvalue()
    line = next(row for row in text.splitlines() if row.startswith("reconsideration.correction_rate\t"))
    assert line.split("\t")[3:7] == ["3", "33", "9.09%", "计算"]
    assert "mediation.land_dispute_settlement_rate" in text and "无数据" in text
    assert IndicatorRun.objects.count() == 1
    call_command("indicators", "--region", "450206", "--period", "2022", stdout=io.StringIO())
    assert IndicatorRun.objects.count() == 1  # identical results: no second run


def test_cli_json_and_xlsx(seed000, tmp_path):
    out = io.StringIO()
    call_command("indicators", "--region", "450206", "--period", "2022", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    figures = {f["code"]: f for f in data["figures"]}
    rate = figures["reconsideration.correction_rate"]
    assert (rate["numerator"], rate["denominator"], rate["value"], rate["source"]) == (
        3,
        33,
        "9.0909",
        "computed",
    )
    assert rate["definition"]["basis"] == "审结" and data["period"]["label"] == "2022年"

    target = tmp_path / "figures.xlsx"
    call_command(
        "indicators",
        "--region",
        "450206",
        "--period",
        "2022",
        "--format",
        "xlsx",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    ws = load_workbook(target).active
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["reconsideration.correction_rate"][3:6] == (3, 33, "9.09%")


def test_cli_refuses_bad_input_in_chinese(db):
    with pytest.raises(CommandError, match="无法识别统计期"):
        call_command("indicators", "--region", "450206", "--period", "last year")
    with pytest.raises(CommandError, match="没有区划代码"):
        call_command("indicators", "--region", "999999", "--period", "2022")
