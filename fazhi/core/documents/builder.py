"""A small .docx builder following GB/T 9704-2012 《党政机关公文格式》.

- A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (§5.2.1: 版心 156 mm × 225 mm);
- title 2号 (22 pt) 方正小标宋简体, centred (§7.3.1);
- body 3号 (16 pt) 仿宋_GB2312, 22 lines of 28 characters (§5.2.2), first-line indent of two
  characters; first-level headings 黑体, second-level 楷体_GB2312 (§7.3.3);
- 发文字号, 主送机关 at the left margin with a full-width colon (§7.3.2);
- 署名 and 成文日期 at the right, the date in Chinese numerals (§7.3.5);
- page numbers 4号 (14 pt) 宋体 “— 1 —”, odd pages right, even pages left, one character in (§7.5).

Chinese font names go on ``w:eastAsia`` as well as ``w:ascii``/``w:hAnsi``: Word picks the font of a
CJK character from ``w:eastAsia`` only, so setting ``run.font.name`` alone would leave Chinese text
in the template's default font.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fazhi.core.documents.chinese import chinese_date

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINE_PITCH = Pt(28.95)  # 225 mm ÷ 22 lines
INDENT = Pt(32)  # two characters of 3号

# Where a machine lacks a GB/T 9704 font, Word takes ``w:altName`` from the font table and
# LibreOffice its own replacement table; both need the text tagged zh-CN (not the ja-JP that
# python-docx's template carries), or they pick Japanese glyph variants.
FALLBACKS = {
    TITLE_FONT: "华文中宋",
    BODY_FONT: "仿宋",
    HEADING1_FONT: "SimHei",
    HEADING2_FONT: "楷体",
    PAGE_NUMBER_FONT: "SimSun",
}
LANGUAGE = "zh-CN"

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}


@dataclass(frozen=True)
class Para:
    """One paragraph of the body. ``style``: body (indented), heading1, heading2, plain (flush left),
    right, centre."""

    text: str
    style: str = "body"


@dataclass
class Content:
    """What a document says. The builder adds the title, 文号, signature and page numbers."""

    paragraphs: list[Para | str]
    addressee: str = ""  # 主送: without the colon
    parties: list[str] = field(default_factory=list)  # 当事人 lines of a 决定书, flush left
    attachments: list[str] = field(default_factory=list)  # 附件说明 (§7.3.4)
    copy_to: str = ""  # 抄送 (§7.4.2)


def set_font(run, name: str, size=None, *, bold: bool | None = None) -> None:
    """Set ``name`` on every script slot of the run, ``w:eastAsia`` included."""
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:hint"), "eastAsia")
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold


def _style_defaults(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), BODY_FONT)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE_PITCH
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.widow_control = False


def _chinese_package(doc) -> None:
    """Tag the text zh-CN and name the 公文 fonts with their fallbacks.

    - ``w:docDefaults/w:rPrDefault/w:lang``: the language of every run (East Asian text zh-CN);
    - ``w:themeFontLang`` in settings: the language the theme's fonts are chosen for;
    - the font table: each GB/T 9704 font with ``w:charset`` 86 (GB2312) and its ``w:altName``.
    """
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = OxmlElement("w:themeFontLang")
        doc.settings.element.append(theme_lang)
    theme_lang.set(qn("w:val"), LANGUAGE)
    theme_lang.set(qn("w:eastAsia"), LANGUAGE)
    _font_table(doc)


def _font_table(doc) -> None:
    from lxml import etree

    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for font in root.findall(qn("w:font")):
        if font.get(qn("w:name")) in FALLBACKS or font.find(qn("w:charset")).get(qn("w:val")) == "80":
            root.remove(font)  # python-docx's template lists Japanese fonts (charset 80, ＭＳ 明朝)
    for name, alternative in FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), alternative)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "modern" if name == HEADING1_FONT else "roman")
        pitch = etree.SubElement(font, qn("w:pitch"))
        pitch.set(qn("w:val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    section.header_distance = Mm(15)
    section.footer_distance = Mm(28) - Mm(7)  # 页码一字线上距版心下边缘 7 mm (§7.5)


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE) as fldChar begin / instrText / separate / result / end runs."""

    def fld(kind: str):
        run = paragraph.add_run()
        set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._element.append(el)
        return run

    fld("begin")
    run = paragraph.add_run()
    set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._element.append(instr)
    fld("separate")
    result = paragraph.add_run(placeholder)
    set_font(result, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    fld("end")


def _page_number(footer, align) -> None:
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = align
    p.paragraph_format.first_line_indent = None
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(14)  # 单页码居右空一字
    else:
        p.paragraph_format.left_indent = Pt(14)  # 双页码居左空一字
    for text in ("— ",):
        set_font(p.add_run(text), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _field(p, "PAGE", "1")
    set_font(p.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _paragraph(doc, text: str, *, font=BODY_FONT, size=BODY_SIZE, align=None, indent=False, bold=None):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = INDENT
        ind = p._element.get_or_add_pPr().find(qn("w:ind"))
        if ind is not None:
            ind.set(qn("w:firstLineChars"), "200")
    if text:
        set_font(p.add_run(text), font, size, bold=bold)
    return p


def build(*, title: str, number: str, content: Content, signer: str, date: dt.date) -> bytes:
    """The .docx bytes of one document."""
    doc = Document()
    _style_defaults(doc)
    _chinese_package(doc)
    _page_setup(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    # The default template opens with one empty paragraph; use it for the title.
    first = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first.paragraph_format.line_spacing = Pt(35)
    set_font(first.add_run(title), TITLE_FONT, TITLE_SIZE)
    if number:
        _paragraph(doc, number, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, "")  # 空一行
    for line in content.parties:
        _paragraph(doc, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    if content.addressee:
        _paragraph(doc, f"{content.addressee}：", align=WD_ALIGN_PARAGRAPH.LEFT)
    for item in content.paragraphs:
        para = Para(item) if isinstance(item, str) else item
        if para.style in ("heading1", "heading2"):
            font = HEADING1_FONT if para.style == "heading1" else HEADING2_FONT
            heading = _paragraph(doc, para.text, font=font, indent=True)
            heading.paragraph_format.keep_with_next = True  # never alone at the foot of a page
        elif para.style == "plain":
            _paragraph(doc, para.text, align=WD_ALIGN_PARAGRAPH.LEFT)
        elif para.style == "right":
            _paragraph(doc, para.text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        elif para.style == "centre":
            _paragraph(doc, para.text, align=WD_ALIGN_PARAGRAPH.CENTER)
        else:
            _paragraph(doc, para.text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    if content.attachments:
        _paragraph(doc, "")
        for i, name in enumerate(content.attachments, start=1):
            label = "附件：" if i == 1 else "　　　"
            suffix = f"{i}. {name}" if len(content.attachments) > 1 else name
            _paragraph(doc, f"{label}{suffix}", indent=True)

    # 署名 and 成文日期 (§7.3.5.2): the date right-aligned two characters in, the name centred over it.
    # The signature and the date stay together on one page (§7.3.5: 署名 and 成文日期 are one block),
    # with at least the last paragraph of the text: never a page holding the signature alone.
    if len(doc.paragraphs) > 1:
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    for _ in range(2):
        _paragraph(doc, "").paragraph_format.keep_with_next = True
    sign = _paragraph(doc, signer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    sign.paragraph_format.right_indent = INDENT * 2
    sign.paragraph_format.keep_with_next = True
    dated = _paragraph(doc, chinese_date(date), align=WD_ALIGN_PARAGRAPH.RIGHT)
    dated.paragraph_format.right_indent = INDENT
    if content.copy_to:
        _paragraph(doc, "")
        _paragraph(doc, f"抄送：{content.copy_to}。", indent=False)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
