"""Checks run before a report goes out (shown on the report page, printed by ``fazhi report``).

1. **Missing part.** Each of the five parts of 《法治政府建设与责任落实督察工作规定》第二十三条 must be
   written (docs/indicators.md §年度报告: seed 003 omits the 第一责任人 part).
2. **Unknown figure.** A placeholder naming no indicator of the report's run.
3. **Parts of a whole.** Figures that must add up (docs/indicators.md §设计要求 2): implied by the
   indicators' declarations (:func:`catalogue_rules`: 审结 = the sum of its ``part_of`` breakdown by
   outcome; a rate's denominator = the count of the same tally), or declared by a domain where
   nothing implies them (:func:`declare`, e.g. 败诉 ≤ 一审审结). Every rate's numerator must not exceed its denominator. Only figures
   the narrative quotes, or the wholes and parts of the declarations they appear in, are checked.
   The catalogue of reported figures adds its own (:func:`catalogue_rules`): a total is the sum of
   its components (at least that sum while some are missing, or when they are only 其中), a part is
   never larger than its whole, and a rate's numerator and denominator are the count figures it
   names. A rate stated without its parts must be reachable over its denominator figure at the
   precision it is printed (:func:`unreachable_rates`: seed 002's 网办率96.34% is no whole number of
   its 1463 items).
4. **Denominator basis.** A quoted rate whose denominator basis (审结 / 受理 / 开庭 …) or definition
   version differs from last year's: the year-on-year comparison would not compare like with like
   (seed 000's 纠错率 over 审结 vs 受理 differ: 9.1% vs 7.5%).
5. **Year-on-year bound.** A quoted figure moving from last year's more than its indicator's bound
   (``Indicator.yoy_bound``: by default 20 percentage points for a rate, 50% of last year's for
   anything else, counts under 10 on both sides aside) is named with both values and the bound
   (:func:`year_on_year`): a typo or a changed basis more often than a real change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from fazhi.core.documents.chinese import chinese_number
from fazhi.core.registry import Registry
from fazhi.reports import placeholders
from fazhi.reports.figures import Fig
from fazhi.reports.parts import RULE

MISSING_PART, UNKNOWN_FIGURE, PARTS_WHOLE, BASIS_CHANGED, YEAR_ON_YEAR = (
    "missing_part",
    "unknown_figure",
    "parts_whole",
    "basis",
    "year_on_year",
)


@dataclass(frozen=True)
class Warning:
    kind: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class PartsOfWhole:
    """``whole`` = Σ ``parts`` (or ≤ with ``at_most``). Terms are placeholder keys: an indicator
    code (its value), ``code.numerator`` or ``code.denominator``; a part ending in ``.*`` stands for
    every figure whose code starts with what precedes it (absent ones count as 0)."""

    whole: str
    parts: tuple[str, ...]
    label: str
    at_most: bool = False  # the parts may fall short of the whole (a subset, not a partition)


#: Declarations: each domain declares, in its ``indicators.py``, the figures that must add up.
RULES: Registry[PartsOfWhole] = Registry(
    "一致性规则", key=lambda r: f"{r.whole}{'≥' if r.at_most else '='}{'+'.join(r.parts)}"
)


def declare(*rules: PartsOfWhole) -> None:
    for rule in rules:
        RULES.register(rule)


def _number(key: str, figures: Mapping[str, Fig]) -> int | Decimal | None:
    ref = placeholders.parse(key, figures)
    fig = figures.get(ref.code)
    if fig is None:
        return None
    if ref.attribute == "numerator":
        return fig.numerator
    if ref.attribute == "denominator":
        return fig.denominator
    if fig.is_rate:
        return None  # a percentage never adds up with counts
    return fig.value if fig.value is not None else fig.numerator


def _codes(key: str, figures: Mapping[str, Fig]) -> list[str]:
    if key.endswith(".*"):
        prefix = key[:-1]
        return sorted(c for c in figures if c.startswith(prefix))
    return [placeholders.parse(key, figures).code]


def _show(n) -> str:
    if isinstance(n, Decimal) and n == n.to_integral_value():
        n = int(n)
    return str(n)


def catalogue_rules(figures: Mapping[str, Fig]) -> list[PartsOfWhole]:
    """The consistency rules the indicators' declared parts imply, for the figures at hand, computed
    and reported alike: a total = Σ its components (``part_of``; ≥ while reported ones are missing,
    or for 其中 components; a computed component not at hand counts 0), a rate's numerator and
    denominator = the count figures it names (``numerator_code`` / ``denominator_code``) or, for a
    computed rate, the computed counts of the very same tally (纠错率's denominator = 审结)."""
    from fazhi.indicators import registry

    # Counties' own figures (a database read) only when the report has any.
    indicators = registry.all_indicators(county=any(c.startswith(registry.LOCAL_PREFIX) for c in figures))
    names = {i.code: i.name for i in indicators}
    by_whole: dict[str, list] = {}
    counts = {}  # a computed count's tally → its code (a rate over that tally divides that count)
    for ind in indicators:
        if ind.part_of:
            by_whole.setdefault(ind.part_of, []).append(ind)
        if ind.numerator is not None and ind.denominator is None and not ind.has_denominator:
            counts.setdefault(ind.numerator.key, ind.code)
    out = []
    for whole, parts in by_whole.items():
        if whole not in figures:
            continue
        partition = [p for p in parts if not p.partial]
        present = [p.code for p in partition if p.code in figures]
        if present:
            complete = all(p.code in figures or p.computed for p in partition)
            label = f"{names.get(whole, whole)}应{'等于' if complete else '不小于'}其组成部分之和"
            out.append(PartsOfWhole(whole, tuple(present), label, at_most=not complete))
        for p in parts:
            if p.partial and p.code in figures:
                out.append(
                    PartsOfWhole(whole, (p.code,), f"{p.name}是{names.get(whole, whole)}的一部分", True)
                )
    for ind in indicators:
        if ind.code not in figures or not ind.has_denominator:
            continue
        for attribute, code, word in (
            ("numerator", ind.numerator_code or _count_of(ind.numerator, counts), "分子"),
            ("denominator", ind.denominator_code or _count_of(ind.denominator, counts), "分母"),
        ):
            if code and code in figures and getattr(figures[ind.code], attribute) is not None:
                label = f"{ind.name}的{word}应等于{names.get(code, code)}"
                out.append(PartsOfWhole(f"{ind.code}.{attribute}", (code,), label))
    return out


def _count_of(tally, counts: dict) -> str:
    return counts.get(tally.key, "") if tally is not None else ""


def _denominator_code(ind) -> str:
    """The count figure that is a rate's denominator: the one it names (``denominator_code``), else
    the computed count of the very same tally (败诉率's 一审审结 = ``litigation.concluded``)."""
    from fazhi.indicators import registry

    if ind.denominator_code or ind.denominator is None:
        return ind.denominator_code
    for other in registry.all_indicators(county=False):
        if (
            other.numerator is not None
            and other.denominator is None
            and not other.has_denominator
            and other.numerator.key == ind.denominator.key
        ):
            return other.code
    return ""


def unreachable_rates(figures: Mapping[str, Fig], quoted: set[str] | None = None) -> list[Warning]:
    """A rate stated without its parts whose denominator figure is known must be some whole number
    over that denominator, rounded to the places it is stated with: seed 002's 网办率96.34% of 1463
    事项, or seed 000's 败诉率4.1% if its 120 cases are the 一审审结 (no n ÷ 120 rounds to 4.1%:
    4 ÷ 120 = 3.33%, 5 ÷ 120 = 4.17%)."""
    from fazhi.indicators import registry
    from fazhi.indicators.models import agrees

    out = []
    for code, fig in figures.items():
        if (quoted is not None and code not in quoted) or not fig.is_rate or fig.numerator is not None:
            continue
        if fig.value is None:
            continue
        try:
            den_code = _denominator_code(registry.get(code))
        except registry.UnknownIndicator:
            continue
        base = figures.get(den_code) if den_code else None
        stated = base is not None and _count_in(base)
        if not stated:  # the real base is not stated: a count the reader may take for it (read_over)
            base = next(
                (figures[c] for c in registry.get(code).read_over if c in figures and _count_in(figures[c])),
                None,
            )
        if base is None:
            continue
        count = _count_in(base)
        value = Decimal(fig.value)
        guess = int((value * count / 100).to_integral_value())
        near = [k for k in (guess - 1, guess, guess + 1) if 0 <= k <= count]
        if any(agrees(value, registry.percent(k, count)) for k in near):
            continue
        tried = "，".join(f"{k}÷{count}={registry.display(registry.percent(k, count), '%')}" for k in near)
        if stated:
            message = (
                f"数据不一致：“{fig.name}”为{fig.shown}，但以“{base.name}”{count}为分母，任何整数都得不到这个比率"
                f"（{tried}）；请核对分母口径。"
            )
        else:
            real = figures.get(den_code).name if den_code in figures else _indicator_name(den_code)
            message = (
                f"数据待核：“{fig.name}”为{fig.shown}，正文未写明其分母“{real}”；读者会以“{base.name}”{count}"
                f"核对，而任何整数除以{count}都得不到这个比率（{tried}）；请写明分母。"
            )
        out.append(Warning(PARTS_WHOLE, message))
    return out


def _count_in(fig) -> int:
    count = fig.value if fig.value is not None else fig.numerator
    return int(count) if count else 0


def _indicator_name(code: str) -> str:
    from fazhi.indicators import registry

    try:
        return registry.get(code).name
    except registry.UnknownIndicator:
        return "分母"


def parts_of_whole(
    figures: Mapping[str, Fig], quoted: set[str] | None = None, declarations=None
) -> list[Warning]:
    out = []
    rules = [*RULES.values(), *catalogue_rules(figures)] if declarations is None else declarations
    for decl in rules:
        whole = _number(decl.whole, figures)
        part_keys = [c for key in decl.parts for c in (_codes(key, figures) if key.endswith(".*") else [key])]
        values = [(k, _number(k, figures)) for k in part_keys]
        values = [(k, v) for k, v in values if v is not None]
        if whole is None or not values:
            continue
        involved = {placeholders.parse(decl.whole, figures).code} | {
            placeholders.parse(k, figures).code for k, _ in values
        }
        if quoted is not None and not involved & quoted:
            continue
        total = sum(Decimal(v) for _, v in values)
        ok = total <= Decimal(whole) if decl.at_most else total == Decimal(whole)
        if ok:
            continue
        whole_name = _term_name(decl.whole, figures)
        if len(values) == 1:
            k, v = values[0]
            detail = f"{_term_name(k, figures)}为{_show(v)}"
        else:
            detail = (
                "、".join(f"{_term_name(k, figures)}{_show(v)}" for k, v in values) + f"，合计{_show(total)}"
            )
        out.append(
            Warning(PARTS_WHOLE, f"数据不一致：{decl.label}，但{whole_name}为{_show(whole)}，{detail}。")
        )
    for code, fig in figures.items():
        if quoted is not None and code not in quoted:
            continue
        if (
            fig.is_rate
            and fig.numerator is not None
            and fig.denominator is not None
            and fig.numerator > fig.denominator
        ):
            out.append(
                Warning(
                    PARTS_WHOLE,
                    f"数据不一致：“{fig.name}”的分子（{fig.numerator}）大于分母（{fig.denominator}）。",
                )
            )
    return out


def _term_name(key: str, figures: Mapping[str, Fig]) -> str:
    ref = placeholders.parse(key, figures)
    fig = figures.get(ref.code)
    name = fig.name if fig else ref.code
    if ref.attribute == "numerator":
        return f"“{name}”的分子"
    if ref.attribute == "denominator":
        return f"“{name}”的分母"
    return f"“{name}”"


def missing_parts(report) -> list[Warning]:
    return [
        Warning(MISSING_PART, f"缺少第{chinese_number(part.number)}部分“{part.title}”（{RULE}）。")
        for part, text in report.parts()
        if not (text or "").strip()
    ]


def unknown_figures(report, figures: Mapping[str, Fig]) -> list[Warning]:
    out, seen = [], set()
    for part, text in report.parts():
        for ref in placeholders.references(text, figures):
            if ref.code not in figures and ref.text not in seen:
                seen.add(ref.text)
                out.append(
                    Warning(
                        UNKNOWN_FIGURE,
                        f"“{part.title}”引用的指标{{{{{ref.text}}}}}不存在或本年度没有数据，生成时显示为“"
                        f"{placeholders.unknown_text(ref)}”。",
                    )
                )
    return out


@dataclass(frozen=True)
class Basis:
    basis: str | None  # None: not known (only the definition version was kept)
    version: int | None
    where: str  # e.g. "2021年度报告（已定稿）"


def last_year_bases(report, previous) -> dict[str, Basis]:
    """The denominator bases of last year's figures: from last year's signed-off report (its frozen
    definitions), else from last year's current indicator run (definition versions only)."""
    out: dict[str, Basis] = {}
    if previous is not None and previous.is_signed_off and previous.frozen_definitions:
        where = f"{previous.year}年度报告"
        for code, d in previous.frozen_definitions.items():
            out[code] = Basis((d.get("definition") or {}).get("basis", ""), d.get("version"), where)
    from fazhi.indicators import periods
    from fazhi.indicators import services as indicators

    run = indicators.current_run(report.region_code, periods.year(report.year - 1))
    if run is not None:
        for code, version in (run.definitions or {}).items():
            out.setdefault(code, Basis(None, version, f"{report.year - 1}年指标计算"))
    return out


def basis_changes(
    report, figures: Mapping[str, Fig], last_year: Mapping[str, Basis], quoted: set[str]
) -> list[Warning]:
    from fazhi.indicators import registry

    frozen = getattr(report, "frozen_definitions", None) or {}
    out = []
    for code in sorted(quoted):
        fig = figures.get(code)
        # Last year's figure, or the same figure over another basis (纠错率 over 受理 / over 审结,
        # ``variant_of``): the first whose basis is known.
        found = [last_year[c] for c in dict.fromkeys([code, *registry.variants(code)]) if c in last_year]
        prev = next((b for b in found if b.basis is not None), found[0] if found else None)
        if fig is None or prev is None or not fig.is_rate:
            continue
        version = frozen.get(code, {}).get("version") if code in frozen else _current_version(code)
        if prev.basis is not None and prev.basis != fig.basis:
            out.append(
                Warning(
                    BASIS_CHANGED,
                    f"“{fig.name}”的分母口径与上年不同：{prev.where}为“{prev.basis or '未注明'}”，本年为“"
                    f"{fig.basis or '未注明'}”，同比时请在正文中说明。",
                )
            )
        elif prev.version is not None and version is not None and prev.version != version:
            out.append(
                Warning(
                    BASIS_CHANGED,
                    f"“{fig.name}”的统计口径版本与上年不同（{prev.where}为第{prev.version}版，本年为第{version}版），"
                    "分母口径可能已变化，同比时请核对。",
                )
            )
    return out


def _current_version(code: str) -> int | None:
    from fazhi.indicators import registry

    try:
        return registry.get(code).version
    except registry.UnknownIndicator:
        return None


def year_on_year(figures: Mapping[str, Fig], quoted: set[str] | None = None) -> list[Warning]:
    """Quoted figures that moved from last year's (``Fig.previous``) beyond their bound."""
    from fazhi.indicators import registry
    from fazhi.reports.figures import change_text

    out = []
    for code, fig in figures.items():
        if (quoted is not None and code not in quoted) or fig.value is None or not fig.has_last_year:
            continue
        try:
            limit = registry.get(code).yoy_limit
        except registry.UnknownIndicator:
            limit = registry.YOY_BOUND_POINTS if fig.is_rate else registry.YOY_BOUND_PERCENT
        now, before = Decimal(fig.value), Decimal(fig.previous.value)
        if fig.is_rate:
            moved, bound = abs(now - before), f"{_show(limit)}个百分点"
        else:
            if not before or max(now, before) < registry.YOY_MIN_COUNT:
                continue
            moved, bound = abs(now - before) * 100 / before, f"{_show(limit)}%"
        if moved <= limit:
            continue
        out.append(
            Warning(
                YEAR_ON_YEAR,
                f"同比变化异常：“{fig.name}”本年{fig.shown}，上年{fig.last_year_shown}，{change_text(fig)}，"
                f"超过同比变动范围±{bound}；请核对数据，确有变化的请在正文中说明原因。",
            )
        )
    return out


def run_all(
    report, figures: Mapping[str, Fig], *, last_year: Mapping[str, Basis] | None = None
) -> list[Warning]:
    quoted = set(placeholders.used_codes([t for _, t in report.parts()], figures))
    return [
        *missing_parts(report),
        *unknown_figures(report, figures),
        *parts_of_whole(figures, quoted),
        *unreachable_rates(figures, quoted),
        *basis_changes(report, figures, last_year or {}, quoted),
        *year_on_year(figures, quoted),
    ]
