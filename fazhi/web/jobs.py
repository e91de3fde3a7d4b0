"""后台任务 (the system administrator's view of what ran by itself) and the progress page of an import
submitted as a job (ADR 0008).

``/staff/jobs/`` lists the latest job runs — deadline steps, indicator recomputation, audit chain
check, imports — with their trigger, times and result; only the system administrator sees it (the
runs' summaries name no personal data, and the deadline run names case numbers only).
``/staff/import/jobs/<id>/`` shows one import's progress to whoever submitted it (404 for anyone
else); while the job runs the status panel polls itself with htmx every two seconds. The progress
pages of other submitted jobs (指标计算并保存, 年度报告生成) live with their screens and share
:func:`progress_context` and ``web/jobs/_progress.html``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core.jobs import services as jobs
from fazhi.core.jobs.models import JobRun, JobStatus, JobTrigger
from fazhi.core.models import RoleCode
from fazhi.web import htmx

RECENT = 100
IDLE_AFTER = dt.timedelta(minutes=30)


@login_required
@require_GET
def jobs_view(request):
    if not request.user.has_role(RoleCode.SYSADMIN):
        raise Http404("页面不存在。")
    # What runs by itself (schedule, start-up, command line) apart from what users submitted
    # (imports, 指标计算并保存, report documents).
    own = JobRun.objects.exclude(trigger=JobTrigger.USER)
    names = own.values_list("name", flat=True).distinct()
    latest = [own.filter(name=name).order_by("-id").first() for name in sorted(set(names))]
    # Deadline checks that found nothing run every 10 minutes: only the latest one is shown.
    runs = own.exclude(detail__quiet=True)[:RECENT]
    imports = JobRun.objects.filter(trigger=JobTrigger.USER).select_related("actor")[:RECENT]
    # The schedule runs the deadline steps every 10 minutes: no run for longer means no consumer.
    last = (
        JobRun.objects.filter(name="deadlines", trigger__in=("schedule", "startup")).order_by("-id").first()
    )
    idle = last is None or last.created_at < timezone.now() - IDLE_AFTER
    context = {
        "latest": sorted(latest, key=lambda r: r.label),
        "runs": runs,
        "imports": imports,
        "idle": idle,
        "last": last,
    }
    return render(request, "web/jobs/index.html", context)


def progress_context(run: JobRun) -> dict:
    """What a job's progress page shows: queued or not, how far, for how long (seconds)."""
    elapsed = None
    if run.started_at:
        elapsed = int(((run.finished_at or timezone.now()) - run.started_at).total_seconds())
    done = jobs.live_done(run) if run.status == JobStatus.RUNNING else run.progress_done
    percent = min(100, done * 100 // run.progress_total) if run.progress_total else None
    return {
        "run": run,
        "elapsed": elapsed,
        "queued": run.status == JobStatus.QUEUED,
        "done": done,
        "percent": percent,
    }


@login_required
@require_GET
def import_job_view(request, pk: int):
    run = get_object_or_404(JobRun, pk=pk, name="import", actor=request.user)
    context = progress_context(run)
    template = "web/jobs/_import_status.html" if htmx.is_htmx(request) else "web/jobs/import.html"
    return render(request, template, context)
