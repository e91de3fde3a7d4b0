"""The report's narrative in the rich-text editor (Trix, fazhi/web/static/vendor/trix/) and back.

What is stored stays plain text (the .docx builder, drafts, checks and sign-off read it): one
paragraph a line, a short line opening with “（一）” a sub-heading (as fazhi.reports.document lays
it out), a run of lines “1. …”, “2. …” a numbered list, lines “- …” a bulleted list, and figures as
placeholders ``{{code}}`` / ``{{code|1}}`` / ``{{code.numerator}}`` (fazhi.reports.placeholders).

- :func:`to_editor_html` turns the text into the HTML Trix loads: a sub-heading is Trix's heading
  block (``<h1>``, its number left out: the editor numbers headings itself, as the text will), a
  list its ``<ul>`` / ``<ol>``, every placeholder a *content attachment* — a chip that cannot be
  edited, carrying the placeholder and showing the figure's printed value, with its name, source and
  period as a tooltip (``data-trix-fazhi-tip``: Trix's sanitizer keeps only ``data-trix-*``
  attributes, not ``title``).
- :func:`to_text` reads what the editor posts back with :mod:`html.parser`: a chip becomes its
  placeholder again exactly, a heading “（N）…” with N regenerated in order, list items lines, any
  other element only its text (scripts and styles not even that): the text never holds markup. A
  placeholder whose figure the platform does not know is refused (:class:`UnknownFigure`).
- :func:`to_page_html` renders the text for the report page: each figure its value, with a title
  naming its source and, where the figure is counted from records, a link to them.

Round trip: ``to_text(to_editor_html(t)) == t`` for a text whose lines are stripped and non-empty,
whose sub-headings are numbered （一）, （二）… in order and whose numbered lists count from 1.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from html import escape
from html.parser import HTMLParser

from fazhi.core.documents.chinese import chinese_number
from fazhi.reports import placeholders
from fazhi.reports.figures import COMPUTED, Fig

CONTENT_TYPE = "application/vnd.fazhi.figure"
# The rule of fazhi.reports.document: a line opening with （一） is a sub-heading when short.
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")
SUBHEADING_MAX = 40
NUMBERED = re.compile(r"^(\d+)\. (.*)$")
BULLET = re.compile(r"^- (.*)$")
SOURCE_TITLES = {COMPUTED: "按记录计算", "reported": "上报数据"}
ATTRIBUTE_LABELS = {
    "numerator": "分子",
    "denominator": "分母",
    "name": "名称",
    "basis": "分母口径",
    "last_year": "上年同期",
    "change": "同比变化",
}


class UnknownFigure(ValueError):
    """A placeholder (typed, or a chip) whose figure the platform does not know."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        shown = "、".join("{{" + t + "}}" for t in texts)
        super().__init__(f"没有这项统计数据：{shown}。请从“可引用的数据”中插入，未保存。")

    @property
    def message(self) -> str:
        return str(self)


# --- text → lines of kinds -----------------------------------------------------------------------


def is_subheading(line: str) -> bool:
    return bool(SUBHEADING.match(line)) and len(line) <= SUBHEADING_MAX


def subheading_number(n: int) -> str:
    return f"（{chinese_number(n)}）"


def _blocks(text: str) -> list[tuple[str, str]]:
    """(kind, content) per non-empty line: heading (number stripped), number, bullet or paragraph.
    Lines “1. ”, “2. ” … are a numbered list only as a run counting from 1 (else paragraphs)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if is_subheading(line):
            out.append(("heading", SUBHEADING.sub("", line, count=1)))
            i += 1
            continue
        m = NUMBERED.match(line)
        if m and m.group(1) == "1":
            n = 1
            while i < len(lines) and (m := NUMBERED.match(lines[i])) and m.group(1) == str(n):
                out.append(("number", m.group(2)))
                i, n = i + 1, n + 1
            continue
        m = BULLET.match(line)
        out.append(("bullet", m.group(1)) if m else ("paragraph", line))
        i += 1
    return out


# --- text → editor HTML --------------------------------------------------------------------------


def _chip_facts(ref: placeholders.Reference, figures: Mapping[str, Fig]) -> tuple[str, str, bool]:
    """(shown value, tooltip, known) of a placeholder."""
    fig = figures.get(ref.code)
    value = placeholders.resolve(ref, figures)
    if fig is None or value is None:
        return placeholders.unknown_text(ref), f"本年度没有这项数据：{ref.text}", False
    what = fig.name + (f"（{ATTRIBUTE_LABELS[ref.attribute]}）" if ref.attribute in ATTRIBUTE_LABELS else "")
    of = fig.previous if ref.attribute == "last_year" and fig.has_last_year else fig
    bits = [what, f"来源：{SOURCE_TITLES.get(of.source, of.source_label)}"]
    if of.period_label:
        bits.append(f"统计期：{of.period_label}")
    if ref.decimals is not None:
        bits.append(f"保留{ref.decimals}位小数")
    return value, "；".join(bits), True


def chip(key: str, figures: Mapping[str, Fig]) -> dict:
    """What the picker and the editor need to show the placeholder ``{{key}}`` as a chip."""
    ref = _ref(key, figures)
    value, tip, known = _chip_facts(ref, figures)
    content = (
        f'<span class="fig-chip{"" if known else " fig-chip-unknown"}" data-trix-fazhi-tip="{escape(tip)}">'
        f"{escape(value)}</span>"
    )
    return {"placeholder": key, "value": value, "tip": tip, "content": content, "contentType": CONTENT_TYPE}


def _attachment(key: str, figures: Mapping[str, Fig]) -> str:
    data = chip(key, figures)
    attrs = {"content": data["content"], "contentType": CONTENT_TYPE, "placeholder": key}
    return (
        f'<figure data-trix-attachment="{escape(json.dumps(attrs, ensure_ascii=False))}" '
        f'data-trix-content-type="{CONTENT_TYPE}" class="attachment attachment--content">'
        f"{data['content']}</figure>"
    )


def _inline(line: str, figure: Callable[[str], str]) -> str:
    out, at = [], 0
    for m in placeholders.PATTERN.finditer(line):
        out.append(escape(line[at : m.start()], quote=False))
        out.append(figure(_key(m)))
        at = m.end()
    out.append(escape(line[at:], quote=False))
    return "".join(out)


def _ref(key: str, figures: Mapping[str, Fig]) -> placeholders.Reference:
    m = placeholders.PATTERN.fullmatch("{{" + key + "}}")
    return placeholders.parse(m.group(1), figures, None if m.group(2) is None else int(m.group(2)))


def _key(m: re.Match) -> str:
    return m.group(1) + (f"|{m.group(2)}" if m.group(2) is not None else "")


def _layout(blocks: list[tuple[str, str]], figure: Callable[[str], str], heading_tag: str, para: str) -> str:
    out: list[str] = []
    open_list = ""
    for kind, content in blocks:
        want = {"number": "ol", "bullet": "ul"}.get(kind, "")
        if open_list and open_list != want:
            out.append(f"</{open_list}>")
            open_list = ""
        if want and not open_list:
            out.append(f"<{want}>")
            open_list = want
        inner = _inline(content, figure)
        if kind == "heading":
            out.append(f"<{heading_tag}>{inner}</{heading_tag}>")
        elif want:
            out.append(f"<li>{inner}</li>")
        else:
            out.append(f"<{para}>{inner}</{para}>")
    if open_list:
        out.append(f"</{open_list}>")
    return "".join(out)


def to_editor_html(text: str, figures: Mapping[str, Fig]) -> str:
    """The HTML Trix loads for ``text``."""
    return _layout(_blocks(text), lambda key: _attachment(key, figures), "h1", "div")


# --- the report page -----------------------------------------------------------------------------


def to_page_html(
    text: str, figures: Mapping[str, Fig], link: Callable[[Fig, placeholders.Reference], str] | None = None
) -> str:
    """The narrative as the report page shows it (safe HTML): sub-headings as written, every figure
    its printed value with its source as title and, where ``link`` gives one, a link to its records."""
    # Sub-headings keep the number they were written with, as the .docx prints them.
    written = iter(line.strip() for line in (text or "").splitlines() if is_subheading(line.strip()))
    numbered = [(kind, next(written) if kind == "heading" else content) for kind, content in _blocks(text)]

    def figure(key: str) -> str:
        ref = _ref(key, figures)
        value, tip, known = _chip_facts(ref, figures)
        if not known:
            return f'<mark class="fig fig-unknown" title="{escape(tip)}">{escape(value)}</mark>'
        href = link(figures[ref.code], ref) if link else ""
        attrs = f'class="fig" title="{escape(tip)}" data-code="{escape(ref.code)}"'
        if href:
            return f'<a {attrs} href="{escape(href)}">{escape(value)}</a>'
        return f"<span {attrs}>{escape(value)}</span>"

    return _layout(numbered, figure, "h3", "p")


# --- editor HTML → text --------------------------------------------------------------------------

_BLOCKS = {
    "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre",
    "figure", "figcaption", "table", "tr", "section", "article", "header", "footer", "address",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIPPED = {"script", "style", "template", "title", "head", "noscript", "iframe", "object", "svg", "math"}
_VOID = {"br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, str]] = []  # (kind, text)
        self.pieces: list[str] = []
        self.kind = "paragraph"
        self.lists: list[list] = []  # a stack of [tag, count]
        self.headings = 0
        self.skip = 0  # depth inside an element whose content is not text (script, a chip …)
        self.skip_tag = ""
        self.bad: list[str] = []

    def flush(self) -> None:
        line = "".join(self.pieces).replace("\xa0", " ").strip()
        self.pieces = []
        if not line:
            return
        kind = self.kind
        if kind == "heading" or (kind == "paragraph" and is_subheading(line)):
            line = SUBHEADING.sub("", line, count=1).strip()
            if not line:
                return
            self.headings += 1
            line = subheading_number(self.headings) + line
            kind = "heading"
        elif kind == "li" and self.lists:
            top = self.lists[-1]
            if top[0] == "ol":
                top[1] += 1
                line = f"{top[1]}. {line}"
            else:
                line = f"- {line}"
        self.lines.append((kind, line))

    def handle_starttag(self, tag, attrs):
        if self.skip:
            if tag == self.skip_tag and tag not in _VOID:
                self.skip += 1
            return
        if tag in _SKIPPED:
            self.skip, self.skip_tag = 1, tag
            return
        attributes = dict(attrs)
        if "data-trix-attachment" in attributes:
            self.attachment(attributes["data-trix-attachment"] or "")
            if tag not in _VOID:
                self.skip, self.skip_tag = 1, tag
            return
        if tag == "br":
            self.flush()
            return
        if tag in _BLOCKS:
            self.flush()
            if tag in ("ul", "ol"):
                self.lists.append([tag, 0])
            elif tag == "li":
                self.kind = "li"
            elif tag in _HEADINGS:
                self.kind = "heading"

    def handle_endtag(self, tag):
        if self.skip:
            if tag == self.skip_tag:
                self.skip -= 1
            return
        if tag in _BLOCKS:
            self.flush()
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
            self.kind = "li" if self.lists else "paragraph"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.skip and self.skip_tag == tag:
            self.skip = 0

    def handle_data(self, data):
        if not self.skip:
            self.pieces.append(re.sub(r"[\r\n\t]+", " ", data))

    def attachment(self, raw: str) -> None:
        try:
            attrs = json.loads(raw)
        except ValueError:
            attrs = None
        if not isinstance(attrs, dict) or attrs.get("contentType") != CONTENT_TYPE:
            return  # a picture or file pasted in: not part of the text
        key = str(attrs.get("placeholder", ""))
        text = "{{" + key + "}}"
        if not placeholders.PATTERN.fullmatch(text):
            self.bad.append(key)
            return
        self.pieces.append(text)


def _read(html: str) -> tuple[str, list[str]]:
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    reader.flush()
    return "\n".join(line for _, line in reader.lines), reader.bad


def to_text_lenient(html: str) -> str:
    """The text of posted editor HTML, unknown placeholders kept (to show the form again)."""
    return _read(html)[0]


def to_text(html: str, known: Iterable[str] | Mapping[str, Fig]) -> str:
    """The stored text of what the editor posted; :class:`UnknownFigure` names any placeholder
    (chip or typed) whose figure is not in ``known`` (codes, or the figures by code)."""
    text, bad = _read(html)
    known_codes = set(known)
    figures = known if isinstance(known, Mapping) else dict.fromkeys(known_codes)
    unknown = list(bad)
    for ref in placeholders.references(text, figures):
        if ref.code not in known_codes:
            unknown.append(ref.text)
    if unknown:
        raise UnknownFigure(list(dict.fromkeys(unknown)))
    return text
