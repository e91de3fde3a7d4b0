"""The part page with the rich-text editor: what the editor posts is stored as plain text with
placeholders; a figure the platform does not know is refused with nothing saved; without
JavaScript the textarea still saves; the report page shows figures with their source and records."""

import json
from html import escape

import pytest

from fazhi.reports import richtext
from tests.reports.conftest import NARRATIVE

pytestmark = pytest.mark.django_db


def chip(key):
    attrs = {"contentType": richtext.CONTENT_TYPE, "placeholder": key, "content": "<span>9.09%</span>"}
    return f'<figure data-trix-attachment="{escape(json.dumps(attrs))}"><span>9.09%</span></figure>'


def test_the_editor_page_offers_the_narrative_as_chips_and_the_picker(client, report, supervisor):
    client.force_login(supervisor)
    page = client.get(f"/staff/annual-reports/{report.pk}/parts/measures/").content.decode()
    assert "vendor/trix/trix.umd.min.js" in page and "reports/editor.js" in page
    # The textarea is still the form field (no JavaScript); the editor's HTML waits, disabled.
    assert '<textarea name="text"' in page
    assert 'id="editor-html" value="&lt;h1&gt;依法全面履行政府职能&lt;/h1&gt;' in page
    assert "reconsideration.correction_rate|1" in page and "9.1%" in page
    # The picker lists the year's figures with value, parts and source.
    assert 'data-code="reconsideration.correction_rate"' in page
    assert "分子 3 / 分母 33" in page and "来源：计算" in page
    # Only the part page loads the editor.
    detail = client.get(f"/staff/annual-reports/{report.pk}/").content.decode()
    assert "trix" not in detail


def test_posting_editor_html_stores_the_text(client, report, supervisor):
    client.force_login(supervisor)
    html = (
        "<h1>依法行政</h1><div>全年纠错率" + chip("reconsideration.correction_rate") + "。</div>"
        "<ol><li>加强复议</li><li>规范应诉</li></ol>"
        '<div onclick="alert(1)"><script>alert(2)</script>完毕</div>'
    )
    response = client.post(f"/staff/annual-reports/{report.pk}/parts/other/", {"html": html})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.other == (
        "（一）依法行政\n全年纠错率{{reconsideration.correction_rate}}。\n1. 加强复议\n2. 规范应诉\n完毕"
    )
    detail = client.get(f"/staff/annual-reports/{report.pk}/").content.decode()
    assert "<h3>（一）依法行政</h3>" in detail
    # The figure: its value, a title naming its source, a link to the records it counts.
    assert (
        '<a class="fig" title="行政复议纠错率；来源：按记录计算；统计期：2022年" '
        'data-code="reconsideration.correction_rate" '
        'href="/staff/indicators/reconsideration.correction_rate/records/?region=450206&amp;period=2022'
        '&amp;part=numerator">9.09%</a>'
    ) in detail
    assert "alert(" not in detail


def test_an_unknown_figure_is_refused_and_nothing_saved(client, report, supervisor):
    client.force_login(supervisor)
    html = "<div>改写" + chip("reconsideration.no_such_rate") + "</div>"
    response = client.post(f"/staff/annual-reports/{report.pk}/parts/other/", {"html": html})
    page = response.content.decode()
    assert response.status_code == 400
    assert "没有这项统计数据：{{reconsideration.no_such_rate}}" in page
    report.refresh_from_db()
    assert report.other == NARRATIVE["other"]
    # The editor opens again with what was written, the unknown figure marked.
    assert "改写" in page and "fig-chip-unknown" in page


def test_without_javascript_the_textarea_still_saves(client, report, supervisor):
    client.force_login(supervisor)
    text = "（一）小标题\n纠错{{reconsideration.correction_rate.numerator}}件。"
    response = client.post(f"/staff/annual-reports/{report.pk}/parts/other/", {"text": text})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.other == text


def test_last_years_figure_is_offered_and_links_to_last_years_records(client, seed000, tree, supervisor):
    from fazhi.reports import services

    report = services.report_create(actor=supervisor, region=tree["east"], year=2023)
    client.force_login(supervisor)
    page = client.get(f"/staff/annual-reports/{report.pk}/parts/other/").content.decode()
    assert 'data-placeholder="reconsideration.correction_rate.last_year"' in page  # 上年 in the picker
    html = "<div>上年纠错率" + chip("reconsideration.correction_rate.last_year") + "</div>"
    assert client.post(f"/staff/annual-reports/{report.pk}/parts/other/", {"html": html}).status_code == 302
    report.refresh_from_db()
    assert report.other == "上年纠错率{{reconsideration.correction_rate.last_year}}"
    detail = client.get(f"/staff/annual-reports/{report.pk}/").content.decode()
    assert (
        'title="行政复议纠错率（上年同期）；来源：按记录计算；统计期：2022年" '
        'data-code="reconsideration.correction_rate" '
        'href="/staff/indicators/reconsideration.correction_rate/records/?region=450206&amp;period=2022'
        '&amp;part=numerator">9.09%</a>'
    ) in detail


def test_the_part_page_shows_the_same_part_of_last_years_report_to_compare(client, report, supervisor, tree):
    """Writing 2022's 主要举措和成效 beside 2021's, as it read with 2021's figures."""
    from fazhi.reports import services

    client.force_login(supervisor)
    page = client.get(f"/staff/annual-reports/{report.pk}/parts/measures/").content.decode()
    assert 'id="last-year-part"' not in page  # no 2021 report yet
    last = services.report_create(actor=supervisor, region=tree["east"], year=2021)
    services.part_update(
        report=last,
        key="measures",
        text="2021年收到行政复议申请{{reconsideration.received}}。",
        actor=supervisor,
    )
    page = client.get(f"/staff/annual-reports/{report.pk}/parts/measures/").content.decode()
    assert 'id="last-year-part"' in page and "东区2021年度法治政府建设工作报告" in page
    compared = page.split('id="last-year-part"')[1].split("</details>")[0]
    assert "2021年收到行政复议申请" in compared and "{{reconsideration.received}}" not in compared
