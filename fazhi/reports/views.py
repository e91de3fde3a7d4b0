"""Staff pages of the annual report: list and create, the report page (parts, figures, checks),
a form per part, generate the .docx (a background job whose page keeps the document for download,
fazhi.reports.tasks), sign-off.

Who: staff whose data scope is the whole region (as for 指标统计) holding the role 依法治县办
(writes, signs off) or 分管领导 (reads, downloads, signs off); anyone else gets a 404. Reports are
fetched through :mod:`fazhi.core.access`, so a county sees its own report and a city those of its
counties.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core import access
from fazhi.core.audit import services as audit
from fazhi.core.models import RoleCode
from fazhi.indicators import registry, selectors
from fazhi.reports import forms, placeholders, richtext, services
from fazhi.reports.figures import COMPUTED
from fazhi.reports.models import AnnualReport
from fazhi.reports.parts import BY_KEY, PARTS
from fazhi.web.registry import Section, register_section

WRITERS = (RoleCode.SUPERVISOR.value,)
READERS = (RoleCode.SUPERVISOR.value, RoleCode.LEADER.value)
SIGNERS = READERS


def may_read(user) -> bool:
    return selectors.may_view(user) and user.has_role(*READERS)


def may_write(user) -> bool:
    return selectors.may_view(user) and user.has_role(*WRITERS)


def may_sign(user) -> bool:
    return selectors.may_view(user) and user.has_role(*SIGNERS)


class ReportsSection(Section):
    def allowed(self, user) -> bool:
        return may_read(user)


register_section(
    ReportsSection(
        key="annual-reports", title="年度报告", url="web:annual-reports", order=710, group="统计分析"
    )
)


def _require(ok: bool) -> None:
    if not ok:
        raise Http404("页面不存在。")


def _report(request, pk) -> AnnualReport:
    return access.get_visible_or_404(
        request.user, AnnualReport.objects.select_related("organisation", "run"), pk=pk
    )


def _url(report: AnnualReport) -> str:
    return reverse("web:annual-report", args=[report.pk])


@login_required
@require_http_methods(["GET", "POST"])
def list_view(request):
    _require(may_read(request.user))
    form = None
    if may_write(request.user):
        form = forms.ReportCreateForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                report = services.report_create(
                    actor=request.user, region=d["region"], year=d["year"], title=d["title"]
                )
            except services.ReportError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, f"已创建“{report.title}”。")
                return redirect(_url(report))
    elif request.method == "POST":
        raise Http404("页面不存在。")
    reports = access.visible(request.user, AnnualReport).select_related("organisation")
    return render(
        request,
        "reports/list.html",
        {"reports": reports, "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
def detail_view(request, pk):
    _require(may_read(request.user))
    report = _report(request, pk)
    figures = services.report_figures(report)
    warnings = services.report_warnings(report, figures)
    link = _records_link(report)
    parts = [
        {"part": part, "text": text, "rendered": mark_safe(richtext.to_page_html(text, figures, link))}  # noqa: S308  (escaped by richtext)
        for part, text in report.parts()
    ]
    used = placeholders.used_codes([t for _, t in report.parts()], figures)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "parts": parts,
            "warnings": warnings,
            "unbacked": services.unbacked_numbers(report),
            "figures": list(figures.values()),
            "used": [figures[c] for c in used],
            "compared": placeholders.compared_codes([t for _, t in report.parts()], figures),
            "may_write": may_write(request.user) and not report.is_signed_off,
            "may_sign": may_sign(request.user) and not report.is_signed_off,
            "documents": _documents(request.user, report),
        },
    )


def _records_link(report: AnnualReport):
    """A figure's drill-down (指标统计 › 记录) where it is counted from records; "" otherwise."""
    from urllib.parse import urlencode

    period = services.period_of(report)

    def link(fig, ref) -> str:
        if ref.attribute == "last_year" and fig.has_last_year:
            fig, key = fig.previous, period.previous_year().key  # last year's records
        elif ref.attribute in placeholders.YEAR_ON_YEAR:
            return ""  # a change in words is no count of records
        else:
            key = period.key
        if fig.source != COMPUTED:
            return ""
        try:
            indicator = registry.get(fig.code)
        except registry.UnknownIndicator:
            return ""
        if indicator.numerator is None and not indicator.model:
            return ""
        part = "denominator" if ref.attribute == "denominator" else "numerator"
        query = urlencode({"region": report.region_code, "period": key, "part": part})
        return f"{reverse('web:indicators-records', args=[fig.code])}?{query}"

    return link


def _known(figures) -> set[str]:
    """Codes a narrative may quote: this year's figures and every declared indicator."""
    return set(figures) | {i.code for i in registry.all_indicators()}


def _picker(figures) -> list[dict]:
    """The figures of the editor's picker: each with the chips it can insert."""
    out = []
    for fig in figures.values():
        inserts = [("插入", fig.code)]
        if fig.numerator is not None and fig.denominator is not None:
            inserts += [("分子", f"{fig.code}.numerator"), ("分母", f"{fig.code}.denominator")]
        if fig.has_last_year:
            inserts += [("上年", f"{fig.code}.last_year"), ("同比", f"{fig.code}.change")]
        out.append({"fig": fig, "chips": [(label, richtext.chip(key, figures)) for label, key in inserts]})
    return out


def _documents(user, report) -> list:
    """The user's latest generations of this report (their pages keep the documents)."""
    from fazhi.core.jobs.models import JobRun
    from fazhi.reports import tasks

    return list(JobRun.objects.filter(name=tasks.GENERATE, actor=user, detail__report=report.pk)[:5])


@login_required
@require_http_methods(["GET", "POST"])
def part_view(request, pk, key):
    _require(may_write(request.user))
    report = _report(request, pk)
    part = BY_KEY.get(key)
    if part is None:
        raise Http404("没有这一部分。")
    if report.is_signed_off:
        messages.error(request, "报告已定稿，不能再修改。")
        return redirect(_url(report))
    figures = services.report_figures(report)
    form = forms.PartForm(
        request.POST or None, initial={"text": report.part_text(key)}, known=_known(figures)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.part_update(report=report, key=key, text=form.cleaned_data["text"], actor=request.user)
        except services.ReportError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存“{part.title}”。")
            return redirect(_url(report) + f"#part-{key}")
    return render(
        request,
        "reports/part_form.html",
        {
            "report": report,
            "part": part,
            "form": form,
            "figures": list(figures.values()),
            "picker": _picker(figures),
            "editor_html": richtext.to_editor_html(form.editor_text(), figures),
            "parts": PARTS,
            "last_year": _last_year_part(request, report, key),
        },
        status=400 if form.is_bound else 200,
    )


def _last_year_part(request, report, key: str) -> dict | None:
    """The same part of last year's report, as it reads (its own figures: frozen at its sign-off,
    else counted now), for the writer to compare with — only one the user may see."""
    previous = services.previous_report(report)
    if previous is None or not access.visible(request.user, AnnualReport).filter(pk=previous.pk).exists():
        return None
    text = previous.part_text(key)
    figures = services.report_figures(previous)
    return {
        "report": previous,
        "text": text,
        "rendered": mark_safe(richtext.to_page_html(text, figures, _records_link(previous))),  # noqa: S308  (escaped by richtext)
    }


@login_required
@require_POST
def draft_view(request, pk):
    """生成初稿: the empty parts are written from the period's figures (fazhi.reports.drafts)."""
    _require(may_write(request.user))
    report = _report(request, pk)
    try:
        written = services.fill_draft(report=report, actor=request.user)
    except services.ReportError as exc:
        messages.error(request, exc.message)
    else:
        if written:
            messages.success(request, f"已按统计数据写出初稿：{'、'.join(written)}。请逐段核对、补充后保存。")
        else:
            messages.info(request, "没有可写的初稿：各部分已有内容，或本期没有可引用的统计数据。")
    return redirect(_url(report))


@login_required
@require_http_methods(["GET", "POST"])
def particulars_view(request, pk):
    """公文要素: 发文机关, 主送机关, 发文字号, 成文日期 of a draft."""
    _require(may_write(request.user))
    report = _report(request, pk)
    if report.is_signed_off:
        messages.error(request, "报告已定稿，不能再修改。")
        return redirect(_url(report))
    form = forms.ParticularsForm(request.POST or None, instance=AnnualReport.objects.get(pk=report.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.particulars_update(report=report, actor=request.user, **form.cleaned_data)
        except (services.ReportError, ValidationError) as exc:
            form.add_error(None, getattr(exc, "message", None) or "；".join(exc.messages))
        else:
            messages.success(request, "已保存公文要素。")
            return redirect(_url(report) + "#particulars")
    return render(
        request,
        "reports/particulars_form.html",
        {"report": report, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def generate_view(request, pk):
    """生成 Word 文档: queued as a job (fazhi.reports.tasks); the user lands on its page, which
    offers the document for download when done. A second click while one is under way shows it."""
    from fazhi.reports import tasks

    _require(may_read(request.user))
    report = _report(request, pk)
    run, started = tasks.submit_generate(report=report, actor=request.user)
    if not started:
        messages.info(request, "这份报告的文档正在生成，下面是正在进行的任务，无需重复提交。")
    return redirect("web:annual-report-job", pk=run.pk)


def _job(request, pk):
    """A generation run of the signed-in user, for a report they still may read (else 404)."""
    from fazhi.core.jobs.models import JobRun
    from fazhi.reports import tasks

    _require(may_read(request.user))
    run = JobRun.objects.filter(pk=pk, name=tasks.GENERATE, actor=request.user).first()
    if run is None:
        raise Http404("没有这个任务。")
    report = access.visible(request.user, AnnualReport).filter(pk=run.detail.get("report")).first()
    if report is None:
        raise Http404("没有这个任务。")
    return run, report


@login_required
@require_GET
def job_view(request, pk):
    """The progress of one generation; when done, its warnings and the document to download."""
    from fazhi.core.jobs import services as jobs
    from fazhi.core.jobs.tasks import KEEP_DAYS
    from fazhi.web import htmx
    from fazhi.web.jobs import progress_context

    run, report = _job(request, pk)
    kept_until = None
    if run.finished_at:
        kept_until = timezone.localdate(run.finished_at) + dt.timedelta(days=KEEP_DAYS)
    context = {
        **progress_context(run),
        "report": report,
        "available": jobs.result_file(run) is not None,
        "kept_until": kept_until,
    }
    template = "reports/_job_status.html" if htmx.is_htmx(request) else "reports/job.html"
    return render(request, template, context)


@login_required
@require_GET
def job_download_view(request, pk):
    """The document the run generated, as kept; every download is audited."""
    from fazhi.core.jobs import services as jobs

    run, report = _job(request, pk)
    path = jobs.result_file(run)
    if path is None:
        raise Http404("文档已不存在（超过保留期限已删除），请重新生成。")
    audit.record(
        "reports.download",
        obj=report,
        user=request.user,
        detail={"job": run.pk, "status": report.status, "size": run.detail.get("size")},
    )
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=run.detail.get("filename"),
        content_type=services.DOCX_TYPE,
    )


@login_required
@require_POST
def sign_off_view(request, pk):
    _require(may_sign(request.user))
    report = _report(request, pk)
    try:
        services.sign_off(report=report, actor=request.user)
    except services.ReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "报告已定稿：所引用的数据已固定，重新生成时保持不变。")
    return redirect(_url(report))
