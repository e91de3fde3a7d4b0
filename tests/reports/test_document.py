"""The generated .docx: GB/T 9704-2012 page and fonts, the five parts, figures where the narrative
puts them, the appendix table (issue #4 acceptance)."""

import io

import pytest
from django.core.management import call_command
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fazhi.reports.parts import PARTS

pytestmark = pytest.mark.django_db

HEADINGS = [
    "一、主要举措和成效",
    "二、存在的不足和原因",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "四、下一年度工作计划",
    "五、其他",
]


def _generate(tmp_path, region="450206", year=2022):
    out = tmp_path / "report.docx"
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("report", region=region, year=year, output=str(out), stdout=stdout, stderr=stderr)
    return Document(str(out)), stdout.getvalue(), stderr.getvalue()


def _east_asian(run) -> str | None:
    fonts = run._element.rPr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


TOLERANCE = Mm(0.1)


def _close(a, b, tolerance=TOLERANCE) -> bool:
    return abs(int(a) - int(b)) <= tolerance


def test_page_is_a4_with_gbt9704_margins_and_grid(report, tmp_path):
    doc, _, _ = _generate(tmp_path)
    section = doc.sections[0]
    assert _close(section.page_width, Mm(210)) and _close(section.page_height, Mm(297))
    assert _close(section.top_margin, Mm(37)) and _close(section.bottom_margin, Mm(35))
    assert _close(section.left_margin, Mm(28)) and _close(section.right_margin, Mm(26))
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY and normal.line_spacing == Pt(28.95)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 225 mm ÷ 22 lines
    # 28 characters of 3号 (16 pt, condensed 0.25 pt each) fit the 156 mm line.
    condense = int(doc.styles["Normal"].element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * (16 + condense) <= Mm(156).pt < 29 * (16 + condense)
    # Page numbers: a PAGE field in the footers.
    footer_xml = section.footer._element.xml + section.even_page_footer._element.xml
    assert "PAGE" in footer_xml


def test_title_and_body_fonts_are_set_for_east_asian_text(report, tmp_path):
    doc, _, _ = _generate(tmp_path)
    title = doc.paragraphs[0]
    assert title.text == "东区2022年度法治政府建设工作报告"
    assert {_east_asian(r) for r in title.runs} == {"方正小标宋简体"}
    assert {r.font.size for r in title.runs} == {Pt(22)}  # 2号
    body = next(p for p in doc.paragraphs if p.text.startswith("持续深化"))
    assert {_east_asian(r) for r in body.runs} == {"仿宋_GB2312"}
    assert {r.font.size for r in body.runs} == {Pt(16)}  # 3号
    assert doc.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_five_parts_in_order_with_heiti_headings(report, tmp_path):
    doc, _, _ = _generate(tmp_path)
    texts = [p.text for p in doc.paragraphs]
    positions = [texts.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    for h in HEADINGS:
        para = doc.paragraphs[texts.index(h)]
        assert {_east_asian(r) for r in para.runs} == {"黑体"}
    assert [p.heading for p in PARTS] == HEADINGS


def test_correction_rate_appears_where_the_narrative_puts_it(report, tmp_path):
    doc, _, stderr = _generate(tmp_path)
    texts = [p.text for p in doc.paragraphs]
    first, second = texts.index(HEADINGS[0]), texts.index(HEADINGS[1])
    measures = texts[first + 1 : second]
    # Seed 000's own sentence, every figure from the records.
    seed = "2022年共收到行政复议申请46件，受理40件，审结33件（其中维持11件、驳回6件、撤销2件、确认违法1件、终止13件），纠错率9.1%"
    assert seed + "（纠错3件）。" in measures, measures
    assert not any("{{" in t or "未知指标" in t for t in texts)
    assert "（二）行政复议和行政应诉" in measures  # a sub-heading in 楷体
    sub = doc.paragraphs[texts.index("（二）行政复议和行政应诉")]
    assert {_east_asian(r) for r in sub.runs} == {"楷体_GB2312"}
    assert "警告" not in stderr  # all five parts, consistent figures


def test_appendix_lists_every_quoted_figure_with_its_definition(report, tmp_path):
    doc, _, _ = _generate(tmp_path)
    texts = [p.text for p in doc.paragraphs]
    assert "附表" in texts and "指标定义与口径" in texts
    table = doc.tables[-1]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["序号", "指标", "数值", "分子", "分母", "分母口径", "统计期", "来源", "定义"]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    outcomes = {f"审结：{t}" for t in ("维持", "驳回行政复议申请", "撤销", "确认违法", "终止")}
    assert set(rows) == {
        "收到行政复议申请",
        "受理行政复议案件",
        "审结行政复议案件",
        "行政复议纠错率",
        *outcomes,
    }
    rate = rows["行政复议纠错率"]
    # The appendix prints the figure at its own precision (the narrative chose one decimal).
    assert rate[2:8] == ["9.09%", "3", "33", "审结", "2022年", "计算"]
    assert "分母：" in rate[8] and "终止" in rate[8]
    assert rows["收到行政复议申请"][2:5] == ["46件", "46", "—"]


def test_report_for_region_without_a_written_report_is_the_first_draft_with_warnings(seed000, tree, tmp_path):
    """Nobody wrote 东区's 2022 report: the document is the draft the domains write from the
    figures (seed 000's 行政复议 sentence, every number a figure listed in the appendix), the parts
    no domain writes flagged as missing."""
    doc, stdout, stderr = _generate(tmp_path)
    texts = [p.text for p in doc.paragraphs]
    assert all(h in texts for h in HEADINGS)
    assert any(t.startswith("2022年共收到行政复议申请46件") and "纠错率9.09%" in t for t in texts)
    assert "尚未在系统中编写" in stderr and "初稿" in stderr
    assert stderr.count("警告：缺少第") == 3  # 第一责任人, 下一年度工作计划, 其他
    assert "已生成" in stdout


def test_the_document_is_chinese_with_gbt9704_fonts_and_their_fallbacks(report, tmp_path):
    """Tagged zh-CN (python-docx's template says ja-JP, and LibreOffice then picks Japanese glyphs),
    the 公文 fonts named in the font table with the font Word takes where one is missing."""
    doc, _, _ = _generate(tmp_path)
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = lang.find(qn("w:lang"))
    assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == ("zh-CN", "zh-CN")
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    assert theme.get(qn("w:eastAsia")) == "zh-CN"
    table = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    xml = table.blob.decode()
    for font, fallback in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "华文中宋")):
        assert f'w:name="{font}"><w:altName w:val="{fallback}"/><w:charset w:val="86"/>' in xml
    assert "ＭＳ 明朝" not in xml


def test_headings_keep_with_the_next_paragraph_and_the_signature_with_its_date(report, tmp_path):
    doc, _, _ = _generate(tmp_path)
    texts = [p.text for p in doc.paragraphs]
    for heading in (*HEADINGS, "（一）依法全面履行政府职能", "附表", "指标定义与口径"):
        assert doc.paragraphs[texts.index(heading)].paragraph_format.keep_with_next, heading
    signer = texts.index("东区人民政府")
    assert doc.paragraphs[signer].paragraph_format.keep_with_next
    assert all(
        doc.paragraphs[i].paragraph_format.keep_with_next for i in (signer - 3, signer - 2, signer - 1)
    )
    assert doc.paragraphs[signer - 3].text == "无。"  # the last paragraph of the text goes with them


def test_the_appendix_is_a_landscape_section_with_columns_across_its_width(report, tmp_path):
    doc, _, _ = _generate(tmp_path)
    portrait, landscape = doc.sections[0], doc.sections[-1]
    assert portrait.page_width < portrait.page_height
    assert landscape.page_width > landscape.page_height and _close(landscape.page_width, Mm(297))
    type_area = landscape.page_width - landscape.left_margin - landscape.right_margin
    widths = [c.width for c in doc.tables[-1].rows[0].cells]
    assert _close(sum(widths), type_area, Mm(1))
    assert widths[-1] >= Mm(60)  # the definition column reads as sentences


def test_particulars_are_printed_where_gbt9704_puts_them(report, supervisor, tmp_path):
    import datetime as dt

    from fazhi.reports import services

    services.particulars_update(
        report=report,
        actor=supervisor,
        issuer="东区人民政府办公室",
        addressee="中共示范市委、示范市人民政府",
        document_number="东政〔2023〕5号",
        written_on=dt.date(2023, 1, 20),
    )
    doc, _, _ = _generate(tmp_path)
    texts = [p.text for p in doc.paragraphs]
    assert texts[1] == "东政〔2023〕5号"  # 发文字号 under the title
    assert "中共示范市委、示范市人民政府：" in texts  # 主送 before the text
    assert texts.index("中共示范市委、示范市人民政府：") < texts.index(HEADINGS[0])
    assert "东区人民政府办公室" in texts and "二〇二三年一月二十日" in texts
