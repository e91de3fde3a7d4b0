"""The records behind a figure, exported as .xlsx from the drill-down page."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.audit.models import AuditEvent
from fazhi.indicators import periods, services
from fazhi.reconsideration.models import CORRECTIVE, ReconsiderationCase

pytestmark = pytest.mark.django_db

RATE = "reconsideration.correction_rate"


def _export(client, part, region="450206"):
    url = reverse("web:indicators-records-export", args=[RATE])
    return client.get(url, {"region": region, "period": "2022", "part": part})


def _rows(response):
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(wb.active.iter_rows(values_only=True))


def test_the_3_corrected_cases_are_exported_with_the_figure_and_its_run(seed000, client, supervisor):
    client.force_login(supervisor)
    run = services.compute_run("450206", periods.parse("2022")).run
    page = client.get(
        reverse("web:indicators-records", args=[RATE]),
        {"region": "450206", "period": "2022", "part": "numerator"},
    ).content.decode()
    assert "导出Excel" in page and reverse("web:indicators-records-export", args=[RATE]) in page

    before = AuditEvent.objects.filter(action="export").count()
    rows = _rows(_export(client, "numerator"))
    assert rows[0][0].startswith("指标：行政复议纠错率") and "9.09% = 3 ÷ 33" in rows[0][0]
    assert rows[3][0] == f"数据来源：计算批次 {run.pk}"
    head = rows[6]
    assert head[0] == "记录编号"
    exported = sorted(r[0] for r in rows[7:])
    corrected = ReconsiderationCase.objects.filter(
        region_code="450206", decision_type__in=CORRECTIVE, decided_on__year=2022
    )
    assert exported == sorted(corrected.values_list("pk", flat=True))
    number_column = next(i for i, label in enumerate(head) if label and "案号" in label)
    assert {r[number_column] for r in rows[7:]} == set(corrected.values_list("case_number", flat=True))
    assert len(_rows(_export(client, "denominator"))) - 7 == 33

    events = AuditEvent.objects.filter(action="export").order_by("-pk")
    assert events.count() == before + 2
    first = events[1]
    assert first.detail["indicator"] == RATE and first.detail["rows"] == 3 and first.detail["run"] == run.pk


def test_other_regions_and_bad_parts_export_nothing(seed000, client, supervisor):
    client.force_login(supervisor)  # 东区
    before = AuditEvent.objects.filter(action="export").count()
    assert _export(client, "numerator", region="450207").status_code == 404
    assert _export(client, "everything").status_code == 404
    assert AuditEvent.objects.filter(action="export").count() == before
