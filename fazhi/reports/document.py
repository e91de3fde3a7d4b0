"""The annual report as a .docx, laid out per GB/T 9704-2012 by :mod:`fazhi.core.documents.builder`.

The builder gives the page (A4, margins 37/35/28/26 mm), the title (2号小标宋), the body (3号仿宋_GB2312,
exact line pitch 28.95 pt), the 黑体 first-level headings, the signature and the page numbers. This
module adds what a report needs beyond a 决定书: the five parts as 一、二、三、四、五 headings, the
document grid of 22 lines × 28 characters (§5.2.2) and the appendix table 附表：指标定义与口径 of every
figure the narrative quotes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fazhi.core.documents import builder
from fazhi.core.documents.builder import Content, Para
from fazhi.indicators import registry
from fazhi.reports.figures import Fig
from fazhi.reports.parts import Part

APPENDIX_LABEL = "附表"
APPENDIX_TITLE = "指标定义与口径"
TABLE_SIZE = Pt(10.5)  # 5号
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH_TWIPS = round(builder.LINE_PITCH.pt * 20)  # 579
CHARACTER_CONDENSE_TWIPS = -5  # −0.25 pt: 28 × 15.75 pt fit the 156 mm (442 pt) line
# The appendix is a landscape section (A4 across, the same margins turned: a 243 mm wide type
# area) so that a definition reads as sentences, not one character per line. Column widths (mm)
# add up to those 243 mm.
APPENDIX_WIDTH_MM = 297 - 28 - 26
COLUMNS = (
    ("序号", 13),
    ("指标", 34),
    ("数值", 18),
    ("分子", 16),
    ("分母", 16),
    ("分母口径", 30),
    ("统计期", 26),
    ("来源", 22),
    ("定义", 68),
)
_SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")


@dataclass
class ReportContent:
    title: str
    signer: str
    date: dt.date
    parts: list[tuple[Part, str]]  # narrative with the figures already filled in
    figures: list[Fig] = field(default_factory=list)  # the appendix rows
    number: str = ""  # 发文字号 (optional)
    addressee: str = ""  # 主送机关 (optional)
    # 各部门被申请行政复议、被提起行政诉讼情况 (fazhi.indicators.by_organisation.printable); printed as
    # a second 附表 when any department has a case.
    departments: dict = field(default_factory=dict)
    # Codes the narrative quotes with .last_year / .change: their appendix row shows last year's
    # value and the change under this year's.
    compared: set[str] = field(default_factory=set)


def _paragraphs(parts: list[tuple[Part, str]]) -> list[Para]:
    out: list[Para] = []
    for part, text in parts:
        out.append(Para(part.heading, "heading1"))
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        for line in lines or ["（未填写）"]:
            out.append(Para(line, "heading2" if _SUBHEADING.match(line) and len(line) <= 40 else "body"))
    return out


def _doc_grid(doc) -> None:
    """22 lines × 28 characters in the 225 × 156 mm type area (§5.2.2).

    Lines: a line grid of 579 twips (28.95 pt = 225 mm ÷ 22) on top of the builder's exact line
    spacing. Characters: 28 characters of 3号 (16 pt) need 448 pt but the type area is 442 pt, so the
    body is condensed by 0.25 pt per character (w:spacing −5 twips on the Normal style: 15.75 pt ×
    28 = 441 pt). A ``linesAndChars`` grid would do the same in Word, but LibreOffice lays every
    character wider than a grid cell over two cells (14 characters a line), so it is not used.
    """
    sect = doc.sections[0]._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.append(spacing)
    spacing.set(qn("w:val"), str(CHARACTER_CONDENSE_TWIPS))


def _no_grid(paragraph) -> None:
    """Table text keeps its own line height instead of snapping to the body's 28.95 pt grid."""
    ppr = paragraph._element.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    ppr.insert(0, snap)


def _cell_text(cell, text: str, *, font=builder.BODY_FONT, align=None, bold=None) -> None:
    p = cell.paragraphs[0]
    _no_grid(p)
    p.paragraph_format.first_line_indent = None
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(14)
    if align is not None:
        p.alignment = align
    builder.set_font(p.add_run(text), font, TABLE_SIZE, bold=bold)


def _count(n) -> str:
    return "—" if n is None else str(n)


def _landscape_section(doc) -> None:
    """A new page in landscape: A4 turned, the portrait margins turned with it."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = builder.PAGE_HEIGHT, builder.PAGE_WIDTH
    section.left_margin, section.right_margin = builder.MARGINS["left"], builder.MARGINS["right"]
    section.top_margin, section.bottom_margin = Mm(28), Mm(26)


def _appendix_heading(doc, label_text: str, title_text: str) -> None:
    label = doc.add_paragraph()
    label.paragraph_format.first_line_indent = None
    label.paragraph_format.keep_with_next = True
    builder.set_font(label.add_run(label_text), builder.HEADING1_FONT, builder.BODY_SIZE)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(35)
    title.paragraph_format.keep_with_next = True
    builder.set_font(title.add_run(title_text), builder.TITLE_FONT, builder.TITLE_SIZE)


def _grid_table(doc, widths_mm: list[float]):
    """A fixed-layout bordered table of those column widths, its header row repeated on each page."""
    table = doc.add_table(rows=1, cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    return table


def _value_text(fig: Fig, compared: set[str]) -> str:
    """“120件”, or with last year's beside it: “120件\n上年167件\n减少47件，下降28.1%”."""
    if fig.code not in compared:
        return fig.shown
    if not fig.has_last_year:
        return f"{fig.shown}\n{fig.last_year_shown}"
    return f"{fig.shown}\n上年{fig.last_year_shown}\n{fig.change_shown}"


def _appendix(doc, figures: list[Fig], label: str = APPENDIX_LABEL, compared: set[str] = frozenset()) -> None:
    _landscape_section(doc)
    _appendix_heading(doc, label, APPENDIX_TITLE)
    if not figures:
        p = doc.add_paragraph()
        builder.set_font(p.add_run("正文未引用系统统计的指标。"), builder.BODY_FONT, builder.BODY_SIZE)
        return
    table = _grid_table(doc, [width for _, width in COLUMNS])
    for cell, (name, width) in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.width = Mm(width)
        _cell_text(cell, name, font=builder.HEADING1_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    for i, fig in enumerate(figures, start=1):
        source = fig.source_label
        if fig.reported_value is not None and fig.source == "computed":
            source += f"（另有上报数{registry.display(fig.reported_value, fig.unit, fig.decimals)}）"
        values = (
            str(i),
            fig.name,
            _value_text(fig, compared),
            _count(fig.numerator),
            _count(fig.denominator),
            fig.basis or ("—" if fig.denominator is None else ""),
            fig.period_label,
            source,
            fig.definition_text(),
        )
        cells = table.add_row().cells
        for cell, value, (_, width) in zip(cells, values, COLUMNS, strict=True):
            cell.width = Mm(width)
            centred = value in (str(i), values[2], _count(fig.numerator), _count(fig.denominator))
            _cell_text(cell, value, align=WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT)


def _departments_appendix(doc, departments: dict, label: str) -> None:
    """附表 各部门被申请行政复议、被提起行政诉讼情况: a row per department with a case in the year,
    a column per declared figure under its block's title (行政复议（作为被申请人）…)."""
    from fazhi.indicators.by_organisation import PRINTED_TITLE

    _appendix_heading(doc, label, PRINTED_TITLE)
    names = [name for _, figures in departments["blocks"] for name in figures]
    first = 13 + 55
    widths = [13, 55] + [round((APPENDIX_WIDTH_MM - first) / len(names), 1)] * len(names)
    table = _grid_table(doc, widths)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    # Two header rows: 序号 and 单位 spanning both, each block's title over its figures.
    second = table.add_row()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    second._tr.get_or_add_trPr().append(repeat)
    top, below = table.rows[0].cells, second.cells
    for cell, width in zip([*top, *below], widths * 2, strict=True):
        cell.width = Mm(width)
    for i, text in enumerate(("序号", "单位")):
        _cell_text(top[i].merge(below[i]), text, font=builder.HEADING1_FONT, align=centre)
    column = 2
    for title, figures in departments["blocks"]:
        span = top[column].merge(top[column + len(figures) - 1]) if len(figures) > 1 else top[column]
        _cell_text(span, title, font=builder.HEADING1_FONT, align=centre)
        for name in figures:
            _cell_text(below[column], name, font=builder.HEADING1_FONT, align=centre)
            column += 1
    for i, (organisation, values) in enumerate(departments["rows"], start=1):
        cells = table.add_row().cells
        for j, (cell, text, width) in enumerate(
            zip(cells, [str(i), organisation, *values], widths, strict=True)
        ):
            cell.width = Mm(width)
            _cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.LEFT if j == 1 else centre)
    note = doc.add_paragraph()
    note.paragraph_format.first_line_indent = None
    builder.set_font(
        note.add_run("注：按本系统记录统计；比率后括号内为分子/分母；“—”表示无审结案件。"),
        builder.BODY_FONT,
        TABLE_SIZE,
    )


def build(content: ReportContent) -> bytes:
    """The .docx bytes of the report."""
    data = builder.build(
        title=content.title,
        number=content.number,
        content=Content(paragraphs=_paragraphs(content.parts), addressee=content.addressee),
        signer=content.signer,
        date=content.date,
    )
    doc = Document(io.BytesIO(data))
    _doc_grid(doc)
    departments = content.departments if (content.departments or {}).get("rows") else None
    _appendix(
        doc,
        content.figures,
        label=f"{APPENDIX_LABEL}1" if departments else APPENDIX_LABEL,
        compared=content.compared,
    )
    if departments:
        _departments_appendix(doc, departments, f"{APPENDIX_LABEL}2")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
