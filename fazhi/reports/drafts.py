"""The report's first draft, written from the period's figures (issue 12 item 5).

A domain declares, in its ``report.py`` (discovered like ``workflow.py``), the paragraphs it
contributes to the five parts of the report (:mod:`fazhi.reports.parts`)::

    from fazhi.reports import drafts

    drafts.declare(
        drafts.Paragraph(
            name="reconsideration.cases",
            part="measures",
            heading="行政复议和行政应诉",
            build=lambda f: f"{f.year}年共收到行政复议申请{{{{reconsideration.received}}}}……",
        ),
    )

``build`` receives the figures of the report's period (:class:`Figures`) and returns the paragraph
*with placeholders* — ``{{reconsideration.received}}``, not “46件” — so that the draft, like any
narrative, prints the figure of the run the report uses and lists it in the appendix: every number
the draft writes is a figure with its source. ``build`` returns ``None`` to leave the paragraph out
(e.g. a 败诉 paragraph when nothing was lost). Paragraphs of a part are grouped under their
``heading`` as “（一）…”, “（二）…”, in ``order``.

:func:`unbacked_numbers` finds what a writer typed instead: a sentence with a number that is no
figure (years, dates, 第N and （一） numbering aside), which the report page flags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from fazhi.core.documents.chinese import item_number
from fazhi.core.registry import Registry
from fazhi.reports.figures import Fig
from fazhi.reports.parts import BY_KEY, PARTS
from fazhi.reports.placeholders import PATTERN


class Figures:
    """The period's figures as a paragraph builder reads them."""

    def __init__(self, figures: Mapping[str, Fig], year: int):
        self._figures = figures
        self.year = year

    def __contains__(self, code: str) -> bool:
        return code in self._figures

    def count(self, code: str) -> int:
        """The figure's count (a rate's numerator); 0 when it is not there."""
        fig = self._figures.get(code)
        return int(fig.numerator or 0) if fig is not None else 0

    def denominator(self, code: str) -> int:
        fig = self._figures.get(code)
        return int(fig.denominator or 0) if fig is not None else 0

    def has(self, code: str) -> bool:
        """The figure is there and not zero (a rate: its denominator is not zero)."""
        fig = self._figures.get(code)
        if fig is None:
            return False
        return bool(fig.denominator) if fig.is_rate else bool(fig.numerator)

    def name(self, code: str) -> str:
        return self._figures[code].name

    def has_last_year(self, code: str) -> bool:
        """Last year's figure is known (``Fig.previous``), so the text may compare with it."""
        fig = self._figures.get(code)
        return fig is not None and fig.has_last_year

    def beside_last_year(self, code: str) -> str:
        """“（2021年为{{code.last_year}}，同比{{code.change}}）” when last year has the figure, else ""."""
        if not self.has_last_year(code):
            return ""
        return f"（{self.year - 1}年为{{{{{code}.last_year}}}}，同比{{{{{code}.change}}}}）"

    def parts(self, code: str) -> list[str]:
        """The codes of the non-zero figures that break ``code`` down, in the registry's order."""
        from fazhi.indicators import registry

        return [i.code for i in registry.all_indicators() if i.part_of == code and self.has(i.code)]


@dataclass(frozen=True)
class Paragraph:
    name: str  # "<domain>.<what>", unique
    part: str  # a key of fazhi.reports.parts: measures, shortcomings, leaders_duty, next_year_plan, other
    build: Callable[[Figures], str | None]
    heading: str = ""  # the sub-heading it goes under, without its number: "行政复议和行政应诉"
    order: float = 100

    def __post_init__(self) -> None:
        if self.part not in BY_KEY:
            raise ValueError(f"paragraph {self.name!r}: unknown part {self.part!r}")


PARAGRAPHS: Registry[Paragraph] = Registry("年度报告初稿段落", key=lambda p: p.name)


def declare(*paragraphs: Paragraph) -> None:
    for paragraph in paragraphs:
        PARAGRAPHS.register(paragraph)


def draft(figures: Mapping[str, Fig], year: int) -> dict[str, str]:
    """Part key → the drafted text (with placeholders) of every part some paragraph writes."""
    seen = Figures(figures, year)
    out: dict[str, str] = {}
    for part in PARTS:
        chosen = sorted(
            (p for p in PARAGRAPHS.values() if p.part == part.key), key=lambda p: (p.order, p.name)
        )
        headings: dict[str, list[str]] = {}
        for paragraph in chosen:
            text = paragraph.build(seen)
            if text:
                headings.setdefault(paragraph.heading, []).append(text.strip())
        lines: list[str] = []
        numbered = [h for h in headings if h]
        for heading, texts in headings.items():
            if heading:
                lines.append(f"（{item_number(numbered.index(heading) + 1).rstrip('、')}）{heading}")
            lines.extend(texts)
        if lines:
            out[part.key] = "\n".join(lines)
    return out


# --- numbers that are no figure ------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?|[〇一二三四五六七八九十百千万]+(?=[件人次个项家条%％])")
# Numbers that are not figures: years and dates, 第N / （一）/ 一、 numbering, document numbers.
_NOT_A_FIGURE = re.compile(
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|第[\d〇一二三四五六七八九十百]+|"
    r"（[一二三四五六七八九十]+）|^[一二三四五六七八九十]+、|〔\d{4}〕\d*号?|\d+号"
)


def unbacked_numbers(text: str) -> list[str]:
    """Sentences of ``text`` holding a number typed by hand rather than quoted as a figure."""
    found = []
    for sentence in _SENTENCE.findall(text or ""):
        bare = _NOT_A_FIGURE.sub("", PATTERN.sub("", sentence.strip()))
        if _NUMBER.search(bare):
            found.append(sentence.strip())
    return found
