"""The narrative in the rich-text editor (fazhi.reports.richtext): what staff edit as headings, lists
and figure chips is stored as the same plain text with placeholders, and nothing else gets in."""

import json
from html import escape

import pytest

from fazhi.indicators import registry
from fazhi.reports import drafts, richtext, services
from tests.reports.conftest import NARRATIVE

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(report):
    return services.report_figures(report)


def known(figures):
    return set(figures) | {i.code for i in registry.all_indicators()}


def chip(key, content="9.09%"):
    attrs = {"contentType": richtext.CONTENT_TYPE, "placeholder": key, "content": content}
    return f'<figure data-trix-attachment="{escape(json.dumps(attrs))}" class="attachment">{content}</figure>'


def test_the_report_narrative_comes_back_from_the_editor_unchanged(figures):
    for key, text in NARRATIVE.items():
        html = richtext.to_editor_html(text, figures)
        assert "{{" not in html.replace("&quot;placeholder&quot;", "")  # figures are chips
        assert richtext.to_text(html, known(figures)) == text, key


def test_drafts_come_back_from_the_editor_unchanged(figures):
    drafted = drafts.draft(figures, 2022)
    assert drafted  # seed 000 gives the measures and the shortcomings
    for key, text in drafted.items():
        assert richtext.to_text(richtext.to_editor_html(text, figures), known(figures)) == text, key


def test_headings_lists_and_chips_as_the_editor_shows_them(figures):
    text = (
        "（一）依法全面履行政府职能\n"
        "纠错率{{reconsideration.correction_rate|1}}。\n"
        "1. 加强复议\n2. 规范应诉\n"
        "- 一项\n- 二项\n"
        "（二）行政复议和行政应诉\n"
        "3. 不从1起的编号是普通段落"
    )
    html = richtext.to_editor_html(text, figures)
    assert "<h1>依法全面履行政府职能</h1>" in html  # the editor numbers headings itself
    assert "<ol><li>加强复议</li><li>规范应诉</li></ol><ul><li>一项</li><li>二项</li></ul>" in html
    assert "<div>3. 不从1起的编号是普通段落</div>" in html
    # The chip shows the printed value at the report's precision, and where it comes from.
    assert "9.1%</span>" in html and "行政复议纠错率" in html and "来源：按记录计算" in html
    assert richtext.to_text(html, known(figures)) == text


def test_headings_are_renumbered_in_order_and_lists_become_lines(figures):
    html = (
        "<h1>（三）第一个</h1><div>正文 " + chip("reconsideration.correction_rate") + " 完。</div>"
        "<h1>第二个</h1><ol><li>甲</li><li>乙</li></ol><ul><li>丙</li></ul>"
        "<div>第一行<br>第二行</div>"
    )
    assert richtext.to_text(html, known(figures)) == (
        "（一）第一个\n正文 {{reconsideration.correction_rate}} 完。\n（二）第二个\n1. 甲\n2. 乙\n- 丙\n"
        "第一行\n第二行"
    )


def test_hostile_html_leaves_no_markup_in_the_text(figures):
    html = (
        '<script>alert("x")</script><style>p{}</style>'
        '<div onclick="alert(1)">你好<b onmouseover="alert(2)">世界</b>'
        '<img src="x" onerror="alert(3)"><iframe src="https://example.com">框</iframe></div>'
        '<figure data-trix-attachment="{&quot;contentType&quot;:&quot;image/png&quot;,&quot;url&quot;:'
        '&quot;javascript:alert(4)&quot;}"><img src="javascript:alert(4)"></figure>'
        "<svg><script>alert(5)</script></svg><p>结束</p>"
    )
    text = richtext.to_text(html, known(figures))
    assert text == "你好世界\n结束"


def test_a_chip_with_an_unknown_code_is_refused_naming_it(figures):
    html = "<div>数据" + chip("nosuch.figure") + "</div>"
    with pytest.raises(richtext.UnknownFigure) as exc:
        richtext.to_text(html, known(figures))
    assert "{{nosuch.figure}}" in exc.value.message and "没有这项统计数据" in exc.value.message
    # A chip smuggling markup in its placeholder is refused too, and so is a typed placeholder.
    with pytest.raises(richtext.UnknownFigure):
        richtext.to_text("<div>" + chip("x}}<script>alert(1)</script>{{y") + "</div>", known(figures))
    with pytest.raises(richtext.UnknownFigure, match="nope"):
        richtext.to_text("<div>{{nope}}</div>", known(figures))


def test_the_report_page_shows_each_figure_with_its_source_and_records(figures):
    html = richtext.to_page_html(
        NARRATIVE["measures"], figures, link=lambda fig, ref: f"/records/{fig.code}/"
    )
    assert "<h3>（一）依法全面履行政府职能</h3>" in html
    assert '<a class="fig" title="行政复议纠错率；来源：按记录计算；统计期：2022年；保留1位小数"' in html
    assert 'href="/records/reconsideration.correction_rate/">9.1%</a>' in html
    assert "{{" not in html


def test_the_report_page_prints_sub_headings_as_written_like_the_document(figures):
    # Written in the textarea out of order: the page, like the .docx, prints what is stored.
    html = richtext.to_page_html("（二）后写的\n正文。\n（一）先写的", figures)
    assert html == "<h3>（二）后写的</h3><p>正文。</p><h3>（一）先写的</h3>"
