"""指标对比 in Chromium: the vendored ECharts draws the counties and the five-year trend with the
numbers the tables carry, offline (no request leaves the test server), without console errors (the
CSP allows no inline script and no eval)."""

from urllib.parse import urlparse

import pytest

from fazhi.core.models import DataScope
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories
from tests.fixtures_seed000 import seed000_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHART_DATA = """sel => {
  const chart = echarts.getInstanceByDom(document.querySelector(sel));
  if (!chart) return null;
  const option = chart.getOption();
  return {
    title: option.title[0].text,
    categories: option.xAxis[0].data,
    data: option.series[0].data,
    type: option.series[0].type,
  };
}"""

TABLE_VALUES = """code => Array.from(
  document.querySelectorAll(`tr[data-code="${code}"] td[data-region]`)
).map(td => [td.dataset.region, td.dataset.value === "" ? null : Number(td.dataset.value)])"""

# How many pixels of the chart's canvas are neither transparent nor white: a drawn chart has many.
INKED = """sel => {
  const canvas = document.querySelector(sel + " canvas");
  if (!canvas) return 0;
  const ctx = canvas.getContext("2d");
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) n++;
  }
  return n;
}"""


@pytest.fixture
def city_data(tree):
    east, west = tree["east_justice"], tree["west_justice"]
    # 2022: 东区 3 / 10 = 30%, 西区 1 / 4 = 25%, 示范市 4 / 14 = 28.57%; 2021: 东区 1 / 5 = 20%.
    plans = [
        (east, 2022, [("archived", "uphold", 7), ("archived", "revoke", 3)]),
        (west, 2022, [("archived", "uphold", 3), ("archived", "revoke", 1)]),
        (east, 2021, [("archived", "uphold", 4), ("archived", "revoke", 1)]),
    ]
    for org, year, plan in plans:
        engine.bulk_import(ReconsiderationCase, seed000_rows(org, year, plan), source="测试")
    city_gov = factories.organisation("示范市人民政府", tree["city"], kind="government")
    return factories.user(
        city_gov, roles=("supervisor",), scope=DataScope.REGION, username="shifazhi", full_name="依法治市办"
    )


def test_city_charts_draw_the_table_numbers_offline(live_server, page, artifacts, city_data):
    base = live_server.url
    errors, foreign, failed = [], [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A failed load is also a console error; the browser's own favicon probe is not the page's.
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)

    def watch(request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in (
            "localhost",
            "127.0.0.1",
        ):
            foreign.append(request.url)

    page.on("request", watch)

    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", "shifazhi")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff/")

    page.goto(f"{base}/staff/indicators/?region=450200&period=2022")
    page.click("#compare-link")
    page.wait_for_selector('#chart-regions[data-rendered="1"]', timeout=15_000)
    page.wait_for_selector('#chart-trend[data-rendered="1"]', timeout=15_000)

    regions = page.evaluate(CHART_DATA, "#chart-regions")
    assert regions is not None, "ECharts instance missing"
    assert regions["type"] == "bar" and regions["title"].startswith("行政复议纠错率（%）")
    table = page.evaluate(TABLE_VALUES, "reconsideration.correction_rate")
    assert table == [["450200", 28.57], ["450206", 30.0], ["450207", 25.0]]  # 4 / 14, 3 / 10, 1 / 4
    assert regions["categories"] == ["东区", "西区"]
    assert regions["data"] == [v for _, v in table[1:]]
    assert page.evaluate(INKED, "#chart-regions") > 2000

    trend = page.evaluate(CHART_DATA, "#chart-trend")
    assert trend["categories"] == ["2018年", "2019年", "2020年", "2021年", "2022年"]
    cells = page.eval_on_selector_all(
        "#trend-table td[data-value]",
        "tds => tds.map(td => td.dataset.value === '' ? null : Number(td.dataset.value))",
    )
    assert trend["data"] == cells == [None, None, None, 20.0, 28.57]
    assert page.evaluate(INKED, "#chart-trend") > 2000
    page.screenshot(path=str(artifacts / "indicator-charts.png"), full_page=True)

    # Choosing another indicator redraws with its numbers (a count, in 件).
    with page.expect_navigation():
        page.select_option("#f-code", "reconsideration.concluded")
    page.wait_for_selector('#chart-regions[data-rendered="1"]', timeout=15_000)
    counts = page.evaluate(CHART_DATA, "#chart-regions")
    assert counts["title"].startswith("审结行政复议案件（件）")
    assert counts["data"] == [10, 4]
    assert page.evaluate(TABLE_VALUES, "reconsideration.concluded") == [
        ["450200", 14],
        ["450206", 10],
        ["450207", 4],
    ]

    failed = [url for url in failed if urlparse(url).path != "/favicon.ico"]
    assert not failed, failed
    errors = [e for e in errors if not e.startswith("Failed to load resource")]  # the favicon, above
    assert not errors, errors
    assert not foreign, foreign
