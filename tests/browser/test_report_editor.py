"""The annual report's part editor in Chromium (vendored Trix, reports/editor.js): the 依法治区办
types a sentence, inserts 纠错率 from the picker as a figure chip, adds a sub-heading and saves; the
report page prints the figure's value, and the stored text holds the placeholder. Offline, no
console errors (the CSP allows no inline script)."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from fazhi.core.models import DataScope
from fazhi.reports import services
from fazhi.reports.models import AnnualReport
from tests import factories
from tests.fixtures_seed000 import seed000  # noqa: F401  (the shared fixture)
from tests.reports.conftest import NARRATIVE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTENCE = "全年依法办理行政复议案件，纠错率为"
# Trix renders a new block and moves its caret after a frame or two: wait before typing on.
SETTLE = (
    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 250))))"
)


@pytest.fixture
def report(seed000, tree):  # noqa: F811  (requests the imported fixture)
    supervisor = factories.user(
        tree["east_gov"],
        roles=("supervisor",),
        scope=DataScope.REGION,
        username="fazhiban",
        full_name="依法治区办",
    )
    r = services.report_create(actor=supervisor, region=tree["east"], year=2022)
    for key, text in NARRATIVE.items():
        r = services.part_update(report=r, key=key, text=text, actor=supervisor)
    return r


def test_supervisor_writes_a_part_with_a_figure_from_the_picker(live_server, page, artifacts, report):
    base = live_server.url
    errors, foreign, failed = [], [], []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if r.url.startswith("http") and urlparse(r.url).hostname not in ("localhost", "127.0.0.1")
            else None
        ),
    )

    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", "fazhiban")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff/")

    page.goto(f"{base}/staff/annual-reports/{report.pk}/parts/other/")
    editor = page.locator("trix-editor#part-editor")
    editor.wait_for()
    assert not page.locator("textarea[name=text]").is_visible()  # the editor took over
    toolbar = page.locator(".editor-toolbar button")
    assert toolbar.all_inner_texts() == [
        "小标题",
        "项目列表",
        "编号列表",
        "减少缩进",
        "插入数据",
        "撤销",
        "重做",
    ]

    # The measures part opens with its figures as chips, not {{…}}.
    page.goto(f"{base}/staff/annual-reports/{report.pk}/parts/measures/")
    editor.wait_for()
    assert "{{" not in editor.inner_text()
    assert page.locator("trix-editor .fig-chip", has_text="9.1%").count() == 1
    assert editor.locator("h1").first.inner_text() == "依法全面履行政府职能"
    page.screenshot(path=str(artifacts / "report-editor-measures.png"), full_page=True)

    page.goto(f"{base}/staff/annual-reports/{report.pk}/parts/other/")
    editor.wait_for()
    editor.click()
    page.keyboard.press("ControlOrMeta+End")
    page.keyboard.press("Enter")
    page.evaluate(SETTLE)
    page.keyboard.type(SENTENCE)
    page.evaluate(SETTLE)
    # The picker: search by name, insert at the cursor.
    page.fill("#figure-search", "纠错率")
    item = page.locator('.picker-item[data-code="reconsideration.correction_rate"]')
    expect(page.locator('.picker-item[data-code="reconsideration.received"]')).to_be_hidden()
    expect(item).to_be_visible()
    item.get_by_role("button", name="插入", exact=True).click()
    page.keyboard.type("。")
    # A numbered list after it.
    page.keyboard.press("Enter")
    page.evaluate(SETTLE)
    page.locator(".editor-toolbar button", has_text="编号列表").click()
    page.keyboard.type("加强复议")
    page.keyboard.press("Enter")
    page.evaluate(SETTLE)
    page.keyboard.type("规范应诉")
    assert editor.locator("ol li").all_inner_texts() == ["加强复议", "规范应诉"]
    chip = editor.locator(".fig-chip")
    assert chip.inner_text() == "9.09%"
    tip = chip.get_attribute("data-trix-fazhi-tip")  # shown on hover and when selected (editor.css)
    assert "行政复议纠错率" in tip and "来源：按记录计算" in tip and "统计期：2022年" in tip
    # A sub-heading at the top.
    editor.click()
    page.keyboard.press("ControlOrMeta+Home")
    page.keyboard.type("其他有关情况")
    page.keyboard.press("Enter")
    page.evaluate(SETTLE)
    page.keyboard.press("ArrowUp")
    page.evaluate(SETTLE)
    page.locator(".editor-toolbar button", has_text="小标题").click()
    assert editor.locator("h1").inner_text() == "其他有关情况"
    chip.hover()  # the tooltip: name, source, period
    tooltip = "el => getComputedStyle(el, '::after').content"
    assert "行政复议纠错率；来源：按记录计算" in chip.evaluate(tooltip)
    chip.click()  # selected: the tooltip stays, with the editor's own 删除 button
    assert editor.locator(".attachment__toolbar button").first.get_attribute("title") == "删除"
    page.screenshot(path=str(artifacts / "report-editor.png"), full_page=True)

    page.locator("#part-form button[type=submit]").click()
    page.wait_for_url(f"{base}/staff/annual-reports/{report.pk}/#part-other")
    stored = AnnualReport.objects.get(pk=report.pk).other
    assert stored == (
        f"（一）其他有关情况\n{NARRATIVE['other']}\n{SENTENCE}{{{{reconsideration.correction_rate}}}}。\n"
        "1. 加强复议\n2. 规范应诉"
    )
    part = page.locator("#part-other .narrative")
    assert part.locator("h3").inner_text() == "（一）其他有关情况"
    assert SENTENCE + "9.09%。" in part.inner_text()
    assert part.locator("ol li").all_inner_texts() == ["加强复议", "规范应诉"]
    figure = part.locator("a.fig")
    assert "来源：按记录计算" in figure.get_attribute("title")
    assert "/staff/indicators/reconsideration.correction_rate/records/" in figure.get_attribute("href")
    page.locator("#part-other").screenshot(path=str(artifacts / "report-detail-part.png"))
    page.locator("#part-measures").screenshot(path=str(artifacts / "report-detail-measures.png"))
    page.screenshot(path=str(artifacts / "report-detail.png"), full_page=True)

    # The figure's link opens the records it counts.
    figure.click()
    page.wait_for_load_state()
    assert "行政复议纠错率" in page.content()

    failed = [url for url in failed if urlparse(url).path != "/favicon.ico"]
    assert not failed, failed
    errors = [e for e in errors if not e.startswith("Failed to load resource")]  # the favicon, above
    assert not errors, errors
    assert not foreign, foreign


def test_without_javascript_the_part_is_a_textarea_that_saves(live_server, browser, report):
    base = live_server.url
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", "fazhiban")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{base}/staff/annual-reports/{report.pk}/parts/other/")
    textarea = page.locator("textarea[name=text]")
    assert textarea.is_visible() and textarea.input_value() == NARRATIVE["other"]
    assert page.locator("trix-editor").count() == 0
    assert not page.locator(".picker-insert").first.is_visible()  # the picker lists codes to type
    textarea.fill("纠错{{reconsideration.correction_rate.numerator}}件。")
    page.locator("#part-form button[type=submit]").click()
    page.wait_for_url(f"{base}/staff/annual-reports/{report.pk}/#part-other")
    assert "纠错3件。" in page.locator("#part-other .narrative").inner_text()
    assert (
        AnnualReport.objects.get(pk=report.pk).other
        == "纠错{{reconsideration.correction_rate.numerator}}件。"
    )
    context.close()
