"""指标对比: a city sees its counties side by side and year on year, and exports both as .xlsx.

Data (行政复议纠错率 = 纠错 ÷ 审结):
- 2022: 东区 3 / 33 = 9.09% (seed 000), 西区 5 / 5 = 100%, 示范市 8 / 38 = 21.05%;
- 2021: 东区 2 / 10 = 20%, 西区 1 / 4 = 25%, 示范市 3 / 14 = 21.43%;
so the city's printed rate moved 21.05 − 21.43 = −0.38 个百分点 and 东区's 9.09 − 20 = −10.91 个百分点
(the change is the difference of the printed numbers, never “-0”).
收到申请 (a count): 东区 46 in 2022 and 10 in 2021 → +36件.
"""

import io
import json
import re
from decimal import Decimal
from html import unescape
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.audit.models import AuditEvent
from fazhi.core.models import DataScope
from fazhi.core.workflow import engine
from fazhi.indicators import periods, services
from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories
from tests.fixtures_seed000 import seed000_rows

pytestmark = pytest.mark.django_db

RATE = "reconsideration.correction_rate"
COMPARE = reverse("web:indicators-compare")
EXPORT = reverse("web:indicators-compare-export")


@pytest.fixture
def two_years(seed000, tree):
    """seed000 (2022) plus 2021 cases in both counties."""
    engine.bulk_import(
        ReconsiderationCase,
        seed000_rows(tree["east_justice"], 2021, [("archived", "uphold", 8), ("archived", "revoke", 2)]),
        source="测试",
    )
    engine.bulk_import(
        ReconsiderationCase,
        seed000_rows(tree["west_justice"], 2021, [("archived", "uphold", 3), ("archived", "revoke", 1)]),
        source="测试",
    )
    return seed000


def _page(client, **params):
    response = client.get(COMPARE, {"region": "450200", "period": "2022", **params})
    assert response.status_code == 200
    return response.content.decode()


def _cell(html, code, region):
    row = re.search(rf'<tr id="compare-{re.escape(code)}".*?</tr>', html, re.S).group(0)
    return re.search(rf'<td class="num" data-region="{region}".*?</td>', row, re.S).group(0)


def _yoy(html, code):
    row = re.search(rf'<tr id="yoy-{re.escape(code)}".*?</tr>', html, re.S).group(0)
    return {
        part: re.sub(r"<[^>]+>", " ", m).split()[0]
        for part, m in re.findall(r'data-part="(\w+)"[^>]*>(.*?)</td>', row, re.S)
    }


def _chart(html):
    raw = re.search(r'<script id="compare-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    return json.loads(raw)


def test_the_city_sees_each_county_and_its_total_side_by_side(two_years, client, city_supervisor):
    client.force_login(city_supervisor)
    html = _page(client)
    # Columns: the city (合计) first, then its two counties.
    heads = re.findall(r'<th scope="col" class="num" data-region="(\d+)">([^<]+)</th>', html)
    assert heads == [("450200", "示范市（合计）"), ("450206", "东区"), ("450207", "西区")]

    city, east, west = (_cell(html, RATE, code) for code in ("450200", "450206", "450207"))
    assert ">9.09%<" in east and 'data-numerator="3"' in east and 'data-denominator="33"' in east
    assert 'title="分子 3 / 分母 33；来源：计算"' in east
    assert ">100%<" in west and "5/5" in west
    assert ">21.05%<" in city and "8/38" in city
    received = _cell(html, "reconsideration.received", "450206")
    assert ">46件<" in received

    # Each county's value links to the records behind it, in that county.
    link = unescape(re.search(r'href="([^"]+)"', west).group(1))
    assert link.startswith(reverse("web:indicators-records", args=[RATE]))
    assert "region=450207" in link and "period=2022" in link
    records = client.get(link)
    assert records.status_code == 200
    assert len(re.findall(r'data-pk="\d+"', records.content.decode())) == 5

    # The bar chart draws the counties with the numbers the table shows.
    chart = _chart(html)
    assert chart["indicator"]["code"] == RATE and chart["indicator"]["name"] == "行政复议纠错率"
    assert [(r["name"], r["value"]) for r in chart["regions"]] == [("东区", 9.09), ("西区", 100)]
    assert chart["total"] == 21.05


def test_each_county_shows_its_own_change_on_a_year_earlier(two_years, client, city_supervisor):
    client.force_login(city_supervisor)
    html = _page(client)
    east, west, city = (_cell(html, RATE, code) for code in ("450206", "450207", "450200"))
    assert "同比-10.91个百分点" in east  # 9.09% (3/33) against 20% (2/10)
    assert "同比+75个百分点" in west  # 100% (5/5) against 25% (1/4)
    assert "同比-0.38个百分点" in city
    assert "同比+36件" in _cell(html, "reconsideration.received", "450206")
    # A figure with no value (nothing reported) shows no change rather than a made-up one.
    assert "同比" not in _cell(html, "mediation.land_dispute_settlement_rate", "450207")


def test_year_on_year_change_in_points_for_a_rate_and_in_units_for_a_count(
    two_years, client, city_supervisor
):
    client.force_login(city_supervisor)
    html = _page(client)
    assert "同比：2022年与2021年" in html
    assert _yoy(html, RATE) == {"now": "21.05%", "before": "21.43%", "change": "-0.38个百分点"}
    assert _yoy(html, "reconsideration.received")["change"] == "+37件"  # 46 + 5 (西区) − (10 + 4)

    east = _page(client, region="450206")
    assert _yoy(east, RATE) == {"now": "9.09%", "before": "20%", "change": "-10.91个百分点"}
    assert _yoy(east, "reconsideration.received") == {"now": "46件", "before": "10件", "change": "+36件"}
    # A county has no counties below it: no side-by-side table, a clear note instead.
    assert 'id="compare-table"' not in east and "没有下级区划" in east
    assert _chart(east)["regions"] == []


def test_five_year_trend_of_the_chosen_indicator(two_years, client, city_supervisor):
    client.force_login(city_supervisor)
    html = _page(client, region="450206", period="2023")
    trend = _chart(html)["trend"]
    assert [t["key"] for t in trend] == ["2019", "2020", "2021", "2022", "2023"]
    assert [t["value"] for t in trend] == [None, None, 20, 9.09, 100]
    rows = re.findall(r'<tr data-period="(\d+)">.*?data-value="([^"]*)"', html, re.S)
    assert rows == [("2019", ""), ("2020", ""), ("2021", "20"), ("2022", "9.09"), ("2023", "100")]

    counts = _chart(_page(client, region="450206", code="reconsideration.received"))
    assert counts["indicator"]["unit"] == "件"
    assert [t["value"] for t in counts["trend"]][-2:] == [10, 46]


def test_a_saved_run_and_a_reported_figure_are_shown_as_such(two_years, client, city_supervisor):
    period = periods.parse("2022")
    services.compute_run("450206", period, actor=city_supervisor)
    services.enter_reported_figure(
        actor=city_supervisor,
        region_code="450207",
        period=period,
        code="mediation.land_dispute_settlement_rate",
        numerator=19,
        denominator=21,
        value=Decimal("90.5"),
        source_document="西区年度报告",
    )
    client.force_login(city_supervisor)
    html = _page(client)
    assert ">9.09%<" in _cell(html, RATE, "450206")
    reported = _cell(html, "mediation.land_dispute_settlement_rate", "450207")
    assert ">90.5%" in reported and "上报" in reported and "href=" not in reported
    assert "无数据" in _cell(html, "mediation.land_dispute_settlement_rate", "450206")


def test_unknown_indicator_and_bad_period_give_a_chinese_message(two_years, client, city_supervisor):
    client.force_login(city_supervisor)
    html = _page(client, code="no.such")
    assert "没有编码为“no.such”的指标" in html and _chart(html)["indicator"]["code"] == RATE
    html = _page(client, period="2022Q9")
    assert "已改为显示" in html
    bad = client.get(EXPORT, {"region": "450200", "period": "2022Q9"})
    assert bad.status_code == 400 and "未导出" in bad.content.decode()


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_xlsx_export_has_the_region_sheet_and_the_yoy_sheet(two_years, client, city_supervisor):
    client.force_login(city_supervisor)
    before = AuditEvent.objects.filter(action="export").count()
    response = client.get(EXPORT, {"region": "450200", "period": "2022"})
    wb = _workbook(response)

    disposition = response["Content-Disposition"]
    assert "attachment" in disposition and "filename*=utf-8''" in disposition
    name = unquote(disposition.split("filename*=utf-8''")[1])
    assert name.startswith("指标对比-示范市-2022-") and name.endswith(".xlsx")

    assert wb.sheetnames == ["分地区", "同比"]
    rows = list(wb["分地区"].iter_rows(values_only=True))
    assert rows[0][0] == "区划：示范市（450200，含下级区划）"
    assert rows[1][0] == "统计期：2022年（2022-01-01至2022-12-31）"
    assert rows[2][0].startswith("生成时间：20")
    head = list(rows[4])
    assert head == [
        "指标",
        "指标编码",
        "单位",
        "区划",
        "区划代码",
        "分子",
        "分母",
        "值",
        "显示值",
        "来源",
        "上年同期值（2021年）",
        "同比变化",
        "同比变化（显示）",
    ]
    by = {(r[1], r[4]): dict(zip(head, r, strict=True)) for r in rows[5:]}
    assert by[(RATE, "450207")]["上年同期值（2021年）"] == pytest.approx(25.0)
    assert by[(RATE, "450207")]["同比变化（显示）"] == "+75个百分点"
    assert by[(RATE, "450206")]["分子"] == 3 and by[(RATE, "450206")]["分母"] == 33
    assert by[(RATE, "450206")]["值"] == pytest.approx(9.0909)
    assert by[(RATE, "450207")]["显示值"] == "100%"
    city = by[(RATE, "450200")]
    assert (city["区划"], city["分子"], city["分母"], city["显示值"], city["来源"]) == (
        "示范市（合计）",
        8,
        38,
        "21.05%",
        "计算",
    )

    yoy = list(wb["同比"].iter_rows(values_only=True))
    assert yoy[0][0] == rows[0][0]
    head = list(yoy[4])
    assert head[3] == "2022年分子" and head[7] == "2021年分子" and head[-2:] == ["变化", "变化说明"]
    line = {r[1]: dict(zip(head, r, strict=True)) for r in yoy[5:]}[RATE]
    assert (line["2022年分子"], line["2022年分母"], line["2021年分子"], line["2021年分母"]) == (8, 38, 3, 14)
    assert line["变化"] == pytest.approx(-0.38) and line["变化说明"] == "-0.38个百分点"

    events = AuditEvent.objects.filter(action="export")
    assert events.count() == before + 1
    event = events.order_by("-pk").first()
    assert event.username == city_supervisor.username
    assert event.detail["region"] == "450200" and event.detail["period"] == "2022"
    assert event.detail["regions"] == ["450200", "450206", "450207"]


def test_a_county_user_cannot_compare_the_city_or_the_other_county(two_years, client, supervisor):
    client.force_login(supervisor)  # 依法治县办, 东区
    for url in (COMPARE, EXPORT):
        assert client.get(url, {"region": "450200", "period": "2022"}).status_code == 404
        assert client.get(url, {"region": "450207", "period": "2022"}).status_code == 404
    html = _page(client, region="450206")
    # The region selector offers only what the user may see.
    assert re.findall(r'<option value="(\d+)"', html) == ["450206"]
    assert client.get(EXPORT, {"region": "450206", "period": "2022"}).status_code == 200


def test_staff_without_region_scope_get_404_and_anonymous_go_to_login(two_years, client, tree):
    officer = factories.user(tree["east_justice"], roles=("officer",), scope=DataScope.SUBTREE)
    client.force_login(officer)
    assert client.get(COMPARE).status_code == 404
    assert client.get(EXPORT).status_code == 404
    client.logout()
    assert client.get(COMPARE)["Location"].startswith(reverse("web:login"))
    assert AuditEvent.objects.filter(action="export").count() == 0


def test_the_dashboard_links_to_the_comparison(two_years, client, city_supervisor):
    client.force_login(city_supervisor)
    html = client.get(reverse("web:indicators"), {"region": "450200", "period": "2022"}).content.decode()
    link = unescape(re.search(r'id="compare-link" href="([^"]+)"', html).group(1))
    assert link == f"{COMPARE}?region=450200&period=2022"


def test_empty_outcome_rows_are_left_out_on_screen_but_kept_in_the_export(two_years, client, city_supervisor):
    client.force_login(city_supervisor)
    html = _page(client)
    assert 'id="compare-reconsideration.concluded.uphold"' in html  # 维持: 11 + 3 in 2022
    assert 'id="compare-reconsideration.concluded.change"' not in html  # 变更: none in either year
    assert 'id="yoy-reconsideration.concluded.change"' not in html
    dashboard = client.get(reverse("web:indicators"), {"region": "450200", "period": "2022"}).content.decode()
    assert 'id="figure-reconsideration.concluded.uphold"' in dashboard
    assert 'id="figure-reconsideration.concluded.change"' not in dashboard
    codes = {
        r[1]
        for r in _workbook(client.get(EXPORT, {"region": "450200", "period": "2022"}))["分地区"].iter_rows(
            values_only=True
        )
    }
    assert "reconsideration.concluded.change" in codes
