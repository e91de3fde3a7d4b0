"""指标对比: a region's figures beside those of the regions directly below it, and year on year.

- ``/staff/indicators/compare/?region=&period=&code=``: for the selected region and period
  1. 分地区 — one row per indicator, one column for the region itself (合计) and one per child
     region (a city's counties), each cell the value with its numerator and denominator, linking to
     the records behind it where the figure is computed; a bar chart of the chosen indicator
     (``code``, default 行政复议纠错率) across the children;
  2. 同比 — the same figures for the same period one year earlier (:meth:`Period.previous_year`) and
     the change: percentage points for a rate, the difference in the unit for a count;
  3. 近五年 — the chosen indicator for this period and the four before it, as a chart and a table.
  The charts (Apache ECharts, vendored under ``static/indicators/vendor/echarts``) read their data
  from a ``json_script`` block (CSP: no inline script); every number in a chart is also in a table.
- ``/staff/indicators/compare/export/?region=&period=``: the same figures as an .xlsx workbook with
  the sheets 分地区 and 同比; each export writes one audit row (SECURITY.md 12).

Access is that of the other 指标统计 pages: staff with a whole-region data scope, for their own
region and the regions below it (:mod:`fazhi.indicators.selectors`); anything else is a 404.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core.audit.services import record as audit_record
from fazhi.core.excel.export import safe_cell
from fazhi.core.models import Region
from fazhi.indicators import registry, selectors, services
from fazhi.indicators.periods import Period
from fazhi.indicators.views import _records_url, _region_and_period, _viewer

DEFAULT_CODE = "reconsideration.correction_rate"
TREND_YEARS = 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- numbers -------------------------------------------------------------------------------------


def _places(indicator: registry.Indicator) -> Decimal:
    return Decimal(1).scaleb(-indicator.decimals) if indicator.is_rate and indicator.decimals else Decimal(1)


def shown_number(indicator: registry.Indicator, value) -> float | int | None:
    """The value as the table prints it (rates to the indicator's decimals), for charts and cells."""
    if value is None:
        return None
    value = Decimal(value)
    if indicator.is_rate:
        return float(value.quantize(_places(indicator), ROUND_HALF_UP))
    return int(value) if value == value.to_integral_value() else float(value)


def change(indicator: registry.Indicator, now, before) -> Decimal | None:
    """This period minus the same period a year earlier: percentage points for a rate (rounded to
    the indicator's decimals), the difference in the unit for a count; None when either is missing."""
    if now is None or before is None:
        return None
    return (Decimal(now) - Decimal(before)).quantize(_places(indicator), ROUND_HALF_UP)


def change_display(indicator: registry.Indicator, diff: Decimal | None) -> str:
    if diff is None:
        return "—"
    unit = "个百分点" if indicator.is_rate else indicator.unit
    sign = "+" if diff > 0 else ""
    return f"{sign}{diff}{unit}"


def parts_text(row: services.FigureRow) -> str:
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


def compare(user, region: Region, period: Period) -> Comparison:
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
            url = _records_url(indicator.code, code, period.key, "numerator") if fig.drillable else ""
            cells.append(Cell(names[code], fig, url, before_by_code[code][indicator.code]))
        row = CompareRow(indicator, registry.DOMAIN_TITLES.get(indicator.domain, indicator.domain), cells)
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


def _chosen_indicator(raw: str | None) -> tuple[registry.Indicator, str]:
    raw = (raw or "").strip()
    if not raw:
        return registry.get(DEFAULT_CODE), ""
    try:
        return registry.get(raw), ""
    except registry.UnknownIndicator as exc:
        default = registry.get(DEFAULT_CODE)
        return default, f"{exc.message} 已改为显示{default.name}。"


# --- views ---------------------------------------------------------------------------------------


@login_required
@require_GET
def compare_view(request):
    user = _viewer(request)
    region, period, period_error = _region_and_period(request, user)
    indicator, code_error = _chosen_indicator(request.GET.get("code"))
    data = compare(user, region, period)
    chosen = next(r for r in data.rows if r.indicator.code == indicator.code)
    series = trend(region, period, indicator)
    unit = "%" if indicator.is_rate else indicator.unit
    chart = {
        "indicator": {
            "code": indicator.code,
            "name": indicator.name,
            "unit": unit,
            "rate": indicator.is_rate,
            "decimals": indicator.decimals if indicator.is_rate else 0,
        },
        "period": period.label,
        "region": region.name,
        "total": chosen.total.number,
        "regions": [
            {"code": c.region.code, "name": c.region.name, "value": c.number, "title": c.title}
            for c in chosen.cells[1:]
        ],
        "trend": [
            {"period": t["period"].label, "key": t["period"].key, "value": t["number"], "title": t["title"]}
            for t in series
        ],
    }
    return render(
        request,
        "indicators/compare.html",
        {
            "region": region,
            "regions": selectors.visible_regions(user),
            "period": period,
            "period_error": period_error,
            "code_error": code_error,
            "indicators": registry.all_indicators(),
            "indicator": indicator,
            "data": data,
            "chosen": chosen,
            "trend": series,
            "chart": chart,
        },
    )


def workbook(data: Comparison, generated) -> tuple[bytes, int]:
    """The 分地区 and 同比 sheets; returns the file and the number of figure rows written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    region, period = data.region, data.period
    # Region names are entered by administrators (safe_cell); everything else is computed here.
    header = [
        f"区划：{region.name}（{region.code}，含下级区划）",
        f"统计期：{period.label}（{period.start.isoformat()}至{period.end.isoformat()}）",
        f"生成时间：{generated:%Y-%m-%d %H:%M}",
    ]

    def sheet(ws, heads, rows, widths):
        for line in header:
            ws.append([line])
        ws.append([])
        ws.append(heads)
        head_row = ws.max_row
        for cell in ws[head_row]:
            cell.font, cell.fill = bold, fill
        for row in rows:
            ws.append(row)
        for letter, width in zip("ABCDEFGHIJKLMNOP", widths, strict=False):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = ws.cell(row=head_row + 1, column=1)

    def number(value):
        return None if value is None else float(value)

    wb = Workbook()
    ws = wb.active
    ws.title = "分地区"
    region_rows = [
        [
            r.indicator.name,
            r.indicator.code,
            r.indicator.unit,
            safe_cell(c.region.name) + ("（合计）" if c.region.code == region.code else ""),
            c.region.code,
            c.row.numerator,
            c.row.denominator,
            number(c.row.value),
            c.row.display,
            c.row.source_label,
            number(c.before.value) if c.before is not None else None,
            number(c.change),
            c.change_display,
        ]
        for r in data.rows
        for c in r.cells
    ]
    sheet(
        ws,
        [
            "指标",
            "指标编码",
            "单位",
            "区划",
            "区划代码",
            "分子",
            "分母",
            "值",
            "显示值",
            "来源",
            f"上年同期值（{data.previous.label}）",
            "同比变化",
            "同比变化（显示）",
        ],
        region_rows,
        [28, 36, 6, 16, 10, 8, 8, 10, 10, 8, 14, 10, 14],
    )
    ws = wb.create_sheet("同比")
    now, before = period.label, data.previous.label
    yoy_rows = [
        [
            y.indicator.name,
            y.indicator.code,
            y.indicator.unit,
            y.now.numerator,
            y.now.denominator,
            number(y.now.value),
            y.now.display,
            y.before.numerator,
            y.before.denominator,
            number(y.before.value),
            y.before.display,
            number(y.change),
            y.change_display,
        ]
        for y in data.yoy
    ]
    sheet(
        ws,
        [
            "指标",
            "指标编码",
            "单位",
            f"{now}分子",
            f"{now}分母",
            f"{now}值",
            f"{now}显示值",
            f"{before}分子",
            f"{before}分母",
            f"{before}值",
            f"{before}显示值",
            "变化",
            "变化说明",
        ],
        yoy_rows,
        [28, 36, 6, 10, 10, 10, 10, 10, 10, 10, 10, 8, 14],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), len(region_rows) + len(yoy_rows)


@login_required
@require_GET
def compare_export_view(request):
    user = _viewer(request)
    region, period, error = _region_and_period(request, user)
    if error:
        return HttpResponseBadRequest(f"{error} 未导出。", content_type="text/plain; charset=utf-8")
    data = compare(user, region, period)
    now = timezone.localtime()
    content, count = workbook(data, now)
    # Exports are audited (SECURITY.md 12): who took which figures.
    audit_record(
        "export",
        object_type="indicators.snapshot",
        object_repr=f"指标对比：{region.name}（{region.code}）{period.label}",
        user=user,
        detail={
            "list": "indicators-compare",
            "region": region.code,
            "regions": [r.code for r in data.regions],
            "period": period.key,
            "previous": data.previous.key,
            "rows": count,
        },
    )
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"指标对比-{region.name}-{period.key}-{now:%Y%m%d-%H%M}.xlsx",
        content_type=XLSX,
    )
