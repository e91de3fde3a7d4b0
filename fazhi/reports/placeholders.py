"""Figures in the narrative: ``{{reconsideration.correction_rate}}`` → “9.1%”.

Staff write the narrative with placeholders; the report prints the figure from the indicator run the
report uses. Forms:

- ``{{code}}`` — the value as reports print it (at the indicator's precision: a rate with two
  decimals and “%” by default, “100%” not “100.00%”, a count as an integer);
- ``{{code|1}}`` — the same at another precision chosen by this report (here one decimal: “9.1%”);
- ``{{code.numerator}}`` / ``{{code.denominator}}`` — the parts of a rate;
- ``{{code.name}}`` — the indicator's Chinese name;
- ``{{code.basis}}`` — the basis of a rate's denominator (审结 / 受理 …), so the text states it;
- ``{{code.last_year}}`` — the same figure for the same period a year earlier (“上年无数据” when
  there is none);
- ``{{code.change}}`` — 同比 in words: “上升3.2个百分点” for a rate, “减少47件，下降28.1%” for a
  count, “持平”, “上年无数据” (:func:`fazhi.reports.figures.change_text`).

The report's appendix and page show last year's value beside this year's for the figures quoted
with ``.last_year`` or ``.change`` (:func:`compared_codes`).

Indicator codes contain dots themselves (``reconsideration.concluded.revoke``), so a trailing
``.numerator`` etc. is read as an attribute only when the whole text is not itself a known code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from fazhi.indicators import registry
from fazhi.reports.figures import NO_LAST_YEAR, Fig, change_text, display

PATTERN = re.compile(r"\{\{\s*([A-Za-z0-9_.\-]+)\s*(?:\|\s*(\d)\s*)?\}\}")
ATTRIBUTES = {"value", "numerator", "denominator", "name", "basis", "last_year", "change"}
YEAR_ON_YEAR = {"last_year", "change"}


@dataclass(frozen=True)
class Reference:
    text: str  # what the narrative says, e.g. "reconsideration.correction_rate.numerator"
    code: str
    attribute: str  # value | numerator | denominator | name | basis | last_year | change
    decimals: int | None = None  # the report's own precision for this value (``{{code|1}}``)


def parse(key: str, known: Mapping[str, Fig], decimals: int | None = None) -> Reference:
    if key in known:
        return Reference(key, key, "value", decimals)
    code, _, attr = key.rpartition(".")
    if attr in ATTRIBUTES and code:
        return Reference(key, code, attr, decimals)
    return Reference(key, key, "value", decimals)


def _parse_match(match: re.Match, known: Mapping[str, Fig]) -> Reference:
    places = match.group(2)
    return parse(match.group(1), known, None if places is None else int(places))


def references(text: str, known: Mapping[str, Fig]) -> list[Reference]:
    return [_parse_match(m, known) for m in PATTERN.finditer(text or "")]


def resolve(ref: Reference, figures: Mapping[str, Fig]) -> str | None:
    fig = figures.get(ref.code)
    if fig is None:
        return None
    if ref.attribute == "name":
        return fig.name
    if ref.attribute == "basis":
        return fig.basis or "未注明"
    if ref.attribute == "numerator":
        return _count(fig.numerator)
    if ref.attribute == "denominator":
        return _count(fig.denominator)
    if ref.attribute == "last_year":
        if not fig.has_last_year:
            return NO_LAST_YEAR
        return registry.display(
            fig.previous.value, fig.unit, fig.decimals if ref.decimals is None else ref.decimals
        )
    if ref.attribute == "change":
        return change_text(fig, ref.decimals)
    if ref.decimals is not None:
        return registry.display(fig.value, fig.unit, ref.decimals)
    return display(fig)


def _count(n) -> str | None:
    return None if n is None else str(n)


def unknown_text(ref: Reference) -> str:
    return f"【未知指标：{ref.text}】"


def render(text: str, figures: Mapping[str, Fig]) -> str:
    """The narrative with every placeholder replaced; unknown ones are left visibly marked."""

    def sub(match: re.Match) -> str:
        ref = _parse_match(match, figures)
        value = resolve(ref, figures)
        return unknown_text(ref) if value is None else value

    return PATTERN.sub(sub, text or "")


def used_codes(texts, figures: Mapping[str, Fig]) -> list[str]:
    """Codes the narrative quotes, in order of first use (the appendix lists exactly these)."""
    seen: dict[str, None] = {}
    for text in texts:
        for ref in references(text, figures):
            if ref.code in figures:
                seen.setdefault(ref.code, None)
    return list(seen)


def compared_codes(texts, figures: Mapping[str, Fig]) -> set[str]:
    """Codes the narrative quotes with ``.last_year`` or ``.change`` (shown beside last year's)."""
    return {
        ref.code
        for text in texts
        for ref in references(text, figures)
        if ref.attribute in YEAR_ON_YEAR and ref.code in figures
    }
