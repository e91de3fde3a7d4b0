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
  the sheets 分地区 and 同比; each export writes one audit row (docs/security.md 12).

Access is that of the other 指标统计 pages: staff with a whole-region data scope, for their own
region and the regions below it (:mod:`fazhi.indicators.selectors`); anything else is a 404.
"""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core.audit.services import record as audit_record
from fazhi.core.excel.export import safe_cell
from fazhi.indicators import registry, selectors
from fazhi.indicators.comparison import (
    Comparison,
    compare,
    trend,
)
from fazhi.indicators.views import _records_url, _region_and_period, _viewer


def default_indicator() -> registry.Indicator:
    """The figure the charts show first: the first computed rate declared (the first domain's
    headline rate — 纠错率 while 行政复议 is the first domain app)."""
    found = registry.all_indicators()
    return next((i for i in found if i.computed and i.is_rate and not i.part_of), found[0])


def _numerator_url(code: str, region_code: str, period_key: str) -> str:
    return _records_url(code, region_code, period_key, "numerator")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen_indicator(raw: str | None) -> tuple[registry.Indicator, str]:
    raw = (raw or "").strip()
    if not raw:
        return default_indicator(), ""
    try:
        return registry.get(raw), ""
    except registry.UnknownIndicator as exc:
        default = default_indicator()
        return default, f"{exc.message} 已改为显示{default.name}。"


# --- views ---------------------------------------------------------------------------------------


@login_required
@require_GET
def compare_view(request):
    user = _viewer(request)
    region, period, period_error = _region_and_period(request, user)
    indicator, code_error = _chosen_indicator(request.GET.get("code"))
    data = compare(user, region, period, _numerator_url)
    chosen = next(r for r in data.rows if r.indicator.code == indicator.code)
    series = trend(region, period, indicator)
    unit = "%" if indicator.is_rate else indicator.unit
    chart = {
        "indicator": {
            "code": indicator.code,
            "name": indicator.name,
            "unit": unit,
            "rate": indicator.is_rate,
            "decimals": indicator.decimals,
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
    data = compare(user, region, period, _numerator_url)
    now = timezone.localtime()
    content, count = workbook(data, now)
    # Exports are audited (docs/security.md 12): who took which figures.
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
