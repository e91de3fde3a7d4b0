"""指标对比 as data: a region's figures beside those of the regions directly below it, the same
figures a year earlier and the change, and one indicator over five years. The staff page and its
export (:mod:`fazhi.indicators.views_compare`) only present what is built here.

Changes: the difference of the printed numbers — percentage points for a rate, the unit otherwise;
none when either side has no value (:mod:`fazhi.indicators.formatting`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from fazhi.core.models import Region
from fazhi.indicators import formatting, registry, selectors, services
from fazhi.indicators.periods import Period

TREND_YEARS = 5


# --- numbers -------------------------------------------------------------------------------------


def shown_number(indicator: registry.Indicator, value) -> float | int | None:
    """The value as the table prints it (to the indicator's precision), for charts and cells."""
    if value is None:
        return None
    shown = formatting.rounded(value, indicator.decimals)
    return int(shown) if shown == shown.to_integral_value() else float(shown)


def change(indicator: registry.Indicator, now, before) -> Decimal | None:
    """This period minus the same period a year earlier, as the difference of the two printed
    numbers: percentage points for a rate, the difference in the unit otherwise; None when either
    is missing."""
    return formatting.change(now, before, indicator.decimals)


def change_display(indicator: registry.Indicator, diff: Decimal | None) -> str:
    return formatting.change_display(diff, indicator.unit, indicator.decimals)


def parts_text(row: services.FigureRow) -> str:
    if row.numerator is None and row.value is not None:
        return f"来源只载数值，未载分子、分母；来源：{row.source_label}"
    if row.numerator is None:
        return "无数据"
    text = f"分子 {row.numerator}"
    if row.denominator is not None:
        text += f" / 分母 {row.denominator}"
    return f"{text}；来源：{row.source_label}"


# --- the page's data -----------------------------------------------------------------------------


@dataclass
class Cell:
    region: Region
    row: services.FigureRow
    url: str = ""
    before: services.FigureRow | None = None  # the same region, the same period a year earlier

    @property
    def number(self):
        return shown_number(self.row.indicator, self.row.value)

    @property
    def change(self) -> Decimal | None:
        if self.before is None:
            return None
        return change(self.row.indicator, self.row.value, self.before.value)

    @property
    def change_display(self) -> str:
        return change_display(self.row.indicator, self.change)

    @property
    def title(self) -> str:
        return parts_text(self.row)


@dataclass
class CompareRow:
    indicator: registry.Indicator
    domain: str
    cells: list[Cell]  # the region itself first, then its children

    @property
    def total(self) -> Cell:
        return self.cells[0]


@dataclass
class YoyRow:
    indicator: registry.Indicator
    now: services.FigureRow
    before: services.FigureRow

    @property
    def change(self) -> Decimal | None:
        return change(self.indicator, self.now.value, self.before.value)

    @property
    def change_display(self) -> str:
        return change_display(self.indicator, self.change)


@dataclass
class Comparison:
    region: Region
    period: Period
    previous: Period
    children: list[Region]
    rows: list[CompareRow]
    yoy: list[YoyRow]
    groups: dict[str, list[CompareRow]] = field(default_factory=dict)

    @property
    def yoy_shown(self) -> list[YoyRow]:
        """The 同比 rows on screen: empty breakdown rows left out (the export keeps them)."""
        return [y for y in self.yoy if not y.indicator.hidden_when_zero(y.now.numerator, y.before.numerator)]

    @property
    def regions(self) -> list[Region]:
        return [self.region, *self.children]


def children_of(user, region: Region) -> list[Region]:
    return list(selectors.visible_regions(user).filter(parent=region).order_by("code"))


def compare(user, region: Region, period: Period, records_url=None) -> Comparison:
    """The region and the regions directly below it that ``user`` may see, this period and a year
    earlier. ``records_url(code, region_code, period_key)`` gives the drill-down link of a cell."""
    children = children_of(user, region)
    codes = [region.code] + [c.code for c in children]
    by_region = services.figures_for_regions(codes, period)
    previous = period.previous_year()
    by_region_before = services.figures_for_regions(codes, previous)
    before_by_code = {code: {fig.code: fig for fig in figs} for code, figs in by_region_before.items()}
    before = before_by_code[region.code]
    names = {r.code: r for r in [region, *children]}
    rows, yoy, groups = [], [], {}
    by_code = {code: {fig.code: fig for fig in figs} for code, figs in by_region.items()}
    for indicator in registry.all_indicators():
        cells = []
        for code in codes:
            fig = by_code[code][indicator.code]
            url = records_url(indicator.code, code, period.key) if fig.drillable and records_url else ""
            cells.append(Cell(names[code], fig, url, before_by_code[code][indicator.code]))
        row = CompareRow(indicator, registry.domain_title(indicator.domain), cells)
        rows.append(row)
        yoy.append(YoyRow(indicator, cells[0].row, before[indicator.code]))
        shown = [c.row.numerator for c in cells] + [c.before.numerator for c in cells if c.before]
        if not indicator.hidden_when_zero(*shown):
            groups.setdefault(row.domain, []).append(row)
    return Comparison(region, period, previous, children, rows, yoy, groups)


def trend(region: Region, period: Period, indicator: registry.Indicator) -> list[dict]:
    """The chosen indicator for ``period`` and the same period in each of the four years before."""
    spans = [period]
    for _ in range(TREND_YEARS - 1):
        spans.append(spans[-1].previous_year())
    out = []
    for span in reversed(spans):
        fig = services.figure(region.code, span, indicator.code)
        out.append(
            {
                "period": span,
                "row": fig,
                "number": shown_number(indicator, fig.value),
                "title": parts_text(fig),
            }
        )
    return out
