"""Staff pages of 指标统计: the figures of a region and a period, and the records behind each.

- ``/staff/indicators/?region=&period=``: every indicator with numerator, denominator, value, its
  source (计算 / 上报), a reported figure beside a computed one with the difference, and links to
  the records in the numerator and the denominator. Figures come from the current run of the region
  and period; with no run yet they are computed on the fly (not saved) and a supervisor may save
  them as a run (计算并保存, a background job: ``/staff/indicators/jobs/<id>/`` shows its progress
  region by region and links back to the figures).
- ``/staff/indicators/<code>/records/?region=&period=&part=numerator|denominator``: exactly the
  records behind that part of the figure, fetched through :mod:`fazhi.core.access`, linking to their
  detail pages.
- ``/staff/indicators/reported/new/``: a supervisor (依法治县办) enters a reported figure.

Only staff whose data scope is the whole region reach these pages; anyone else gets a 404.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.indicators import periods, registry, selectors, services
from fazhi.web import registry as web_registry
from fazhi.web.registry import Section, register_section

PARTS = {"numerator": "分子", "denominator": "分母"}


class IndicatorsSection(Section):
    """The "指标统计" nav entry: shown to staff who may see region-wide figures."""

    def allowed(self, user) -> bool:
        return selectors.may_view(user)


register_section(
    IndicatorsSection(key="indicators", title="指标统计", url="web:indicators", order=700, group="统计分析")
)


def _viewer(request):
    if not selectors.may_view(request.user):
        raise Http404("页面不存在。")
    return request.user


def _region_and_period(request, user):
    region = selectors.region_for(user, request.GET.get("region") or request.POST.get("region"))
    if region is None:
        raise Http404("没有这个区划或不在您的数据范围内。")
    raw = (request.GET.get("period") or request.POST.get("period") or "").strip()
    error = ""
    if raw:
        try:
            period = periods.parse(raw)
        except periods.PeriodError as exc:
            error, period = exc.message, periods.year(_today().year)
    else:
        period = periods.year(_today().year)
    return region, period, error


def _today():
    return timezone.localdate()


def _records_url(code: str, region: str, period: str, part: str) -> str:
    query = urlencode({"region": region, "period": period, "part": part})
    return f"{reverse('web:indicators-records', args=[code])}?{query}"


@login_required
@require_http_methods(["GET"])
def dashboard_view(request):
    user = _viewer(request)
    region, period, error = _region_and_period(request, user)
    run = services.current_run(region.code, period)
    rows = services.figures(region.code, period, run=run)
    groups: dict[str, list] = {}
    for row in rows:
        if row.indicator.hidden_when_zero(row.numerator):
            continue
        if row.drillable:
            row.numerator_url = _records_url(row.code, region.code, period.key, "numerator")
            row.denominator_url = (
                _records_url(row.code, region.code, period.key, "denominator")
                if row.denominator is not None
                else ""
            )
        groups.setdefault(registry.domain_title(row.indicator.domain), []).append(row)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "region": region,
            "regions": selectors.visible_regions(user),
            "period": period,
            "period_error": error,
            "run": run,
            "groups": groups,
            "may_report": selectors.may_report(user),
            "pending": _pending(user, region, period),
        },
    )


def _pending(user, region, period):
    from fazhi.indicators import tasks

    return tasks.pending_run(region.code, period.key) if selectors.may_report(user) else None


@login_required
@require_POST
def run_view(request):
    """计算并保存: queued as a job (fazhi.indicators.tasks); the user lands on its progress page. A
    second click while one is queued or running for the same region and period shows that one."""
    from fazhi.indicators import tasks

    user = _viewer(request)
    if not selectors.may_report(user):
        raise Http404("页面不存在。")
    region, period, error = _region_and_period(request, user)
    if error:
        messages.error(request, error)
        return redirect(_dashboard_url(region.code, period.key))
    # The region and the regions directly below it, from one count, so that the side-by-side
    # view (指标对比) shows figures taken at the same moment that add up.
    children = list(selectors.visible_regions(user).filter(parent=region).order_by("code"))
    run, started = tasks.submit_region_run(region=region, children=children, period=period, actor=user)
    if not started:
        messages.info(
            request, f"{region.name}{period.label}的计算已在进行中，下面是正在运行的任务，无需重复提交。"
        )
    return redirect("web:indicators-job", pk=run.pk)


def _dashboard_url(region_code: str, period_key: str) -> str:
    return f"{reverse('web:indicators')}?{urlencode({'region': region_code, 'period': period_key})}"


@login_required
@require_http_methods(["GET"])
def job_view(request, pk):
    """The progress of a 计算并保存 job: to whoever may save figures and sees the region (a
    colleague who clicked second lands here too); the status panel refreshes itself with htmx."""
    from fazhi.core.jobs.models import JobRun
    from fazhi.indicators import tasks
    from fazhi.web import htmx
    from fazhi.web.jobs import progress_context

    user = _viewer(request)
    if not selectors.may_report(user):
        raise Http404("页面不存在。")
    run = JobRun.objects.filter(pk=pk, name=tasks.REGION_RUN).first()
    if run is None or selectors.region_for(user, run.detail.get("region")) is None:
        raise Http404("没有这个任务。")
    context = {
        **progress_context(run),
        "figures_url": _dashboard_url(run.detail["region"], run.detail["period"]),
    }
    template = "indicators/_job_status.html" if htmx.is_htmx(request) else "indicators/job.html"
    return render(request, template, context)


def _records_data(request, code) -> dict:
    """The records behind one part of a figure, as the page and its export show them."""
    user = _viewer(request)
    try:
        indicator = registry.get(code)
    except registry.UnknownIndicator:
        raise Http404("没有这个指标。") from None
    region, period, error = _region_and_period(request, user)
    part = request.GET.get("part", "numerator")
    if error or part not in PARTS:
        raise Http404("统计期或口径有误。")
    row = services.figure(region.code, period, indicator.code)
    if not row.drillable or (part == "denominator" and row.denominator is None):
        raise Http404("该指标没有可查看的记录。")
    ids = row.numerator_ids if part == "numerator" else row.denominator_ids
    records = list(selectors.records(user, row.model_label, ids))
    spec = web_registry.for_model(records[0].__class__) if records else None
    if spec is None:
        from django.apps import apps

        spec = web_registry.for_model(apps.get_model(row.model_label))
    from fazhi.web.generic import cell

    columns = list(spec.column_list) if spec else []
    table = [
        {
            "obj": obj,
            "url": spec.detail_url(obj) if spec else "",
            "cells": [cell(spec, obj, c) for c in columns],
        }
        for obj in records
    ]
    label = indicator.definition.numerator if part == "numerator" else indicator.definition.denominator
    query = urlencode({"region": region.code, "period": period.key, "part": part})
    return {
        "indicator": indicator,
        "row": row,
        "region": region,
        "period": period,
        "part": part,
        "part_label": PARTS[part],
        "part_definition": label or indicator.name,
        "columns": columns,
        "table": table,
        "expected": len(ids),
        "hidden": len(ids) - len(records),
        "other_url": _records_url(
            indicator.code, region.code, period.key, "denominator" if part == "numerator" else "numerator"
        )
        if row.denominator is not None
        else "",
        "back_url": f"{reverse('web:indicators')}?{urlencode({'region': region.code, 'period': period.key})}",
        "export_url": f"{reverse('web:indicators-records-export', args=[indicator.code])}?{query}",
    }


@login_required
@require_http_methods(["GET"])
def records_view(request, code):
    return render(request, "indicators/records.html", _records_data(request, code))


@login_required
@require_http_methods(["GET"])
def records_export_view(request, code):
    """The same records as an .xlsx: what the figure counts, for checking it line by line."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from fazhi.core.audit.services import record as audit_record
    from fazhi.core.excel.export import safe_cell, sheet_title

    data = _records_data(request, code)
    indicator, row, region, period = data["indicator"], data["row"], data["region"], data["period"]
    snapshot = row.snapshot
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(f"{data['part_label']}记录")
    lines = [
        f"指标：{indicator.name}（{indicator.code}） {row.display} = {row.numerator} ÷ "
        f"{'—' if row.denominator is None else row.denominator}",
        f"{data['part_label']}：{data['part_definition']}",
        f"区划：{safe_cell(region.name)}（{region.code}，含下级区划）；统计期：{period.label}"
        f"（{period.start.isoformat()}至{period.end.isoformat()}）",
        f"数据来源：计算批次 {snapshot.run_id}" if snapshot else "数据来源：实时计算（未保存批次）",
        f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}；本表 {len(data['table'])} 件"
        + (f"，另有 {data['hidden']} 件不在导出人数据范围内、未列出" if data["hidden"] else ""),
    ]
    for line in lines:
        ws.append([line])
    ws.append([])
    ws.append(["记录编号", *(c.label for c in data["columns"])])
    for cell_ in ws[ws.max_row]:
        cell_.font = Font(bold=True)
    for item in data["table"]:
        ws.append([item["obj"].pk, *(safe_cell(c.text) for c in item["cells"])])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    # Exports are audited (docs/security.md 12).
    audit_record(
        "export",
        object_type=row.model_label,
        object_repr=f"{indicator.name}{data['part_label']}记录",
        user=request.user,
        detail={
            "indicator": indicator.code,
            "part": data["part"],
            "region": region.code,
            "period": period.key,
            "rows": len(data["table"]),
            "hidden": data["hidden"],
            "run": snapshot.run_id if snapshot else None,
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=f"{indicator.name}-{data['part_label']}记录-{region.code}-{period.key}-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


class ReportedFigureForm(forms.Form):
    region = forms.ChoiceField(label="区划")
    period = forms.CharField(
        label="统计期", max_length=40, help_text="如 2022、2022Q3、2022-05 或 2021-12-01..2022-11-30"
    )
    code = forms.ChoiceField(label="指标")
    numerator = forms.IntegerField(
        label="分子",
        min_value=0,
        required=False,
        help_text="数量指标填该数；来源只载比率数值而未载分子分母时不填，只填上报值",
    )
    denominator = forms.IntegerField(
        label="分母", min_value=0, required=False, help_text="比率必填；数量指标不填"
    )
    value = forms.DecimalField(
        label="上报值",
        required=False,
        max_digits=18,
        decimal_places=4,
        help_text="来源文件所载数值；比率填百分数，如 90.5",
    )
    source_document = forms.CharField(
        label="来源文件", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = forms.FileField(label="来源文件附件", required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            (r.code, f"{r.name}（{r.code}）") for r in selectors.visible_regions(user)
        ]
        groups: dict[str, list] = {}
        for i in registry.all_indicators():
            groups.setdefault(registry.domain_title(i.domain), []).append((i.code, f"{i.name}（{i.unit}）"))
        self.fields["code"].choices = list(groups.items())

    def clean_period(self):
        try:
            return periods.parse(self.cleaned_data["period"])
        except periods.PeriodError as exc:
            raise ValidationError(exc.message) from None


@login_required
@require_http_methods(["GET", "POST"])
def reported_new_view(request):
    user = _viewer(request)
    if not selectors.may_report(user):
        raise Http404("页面不存在。")
    initial = {
        "region": request.GET.get("region") or user.organisation.region_id,
        "period": request.GET.get("period", ""),
        "code": request.GET.get("code", ""),
    }
    form = ReportedFigureForm(user, request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            figure = services.enter_reported_figure(
                actor=user,
                region_code=data["region"],
                period=data["period"],
                code=data["code"],
                numerator=data["numerator"],
                denominator=data["denominator"],
                value=data["value"],
                source_document=data["source_document"],
                attachment=data.get("attachment"),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errs in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errs)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, "已保存上报数据。")
            query = urlencode({"region": figure.region_code, "period": figure.period_key})
            return redirect(f"{reverse('web:indicators')}?{query}")
    status = 400 if request.method == "POST" else 200
    return render(request, "indicators/reported_form.html", {"form": form}, status=status)
