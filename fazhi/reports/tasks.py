"""Generating an annual report's document as a background job (ADR 0008).

生成 Word 文档 on the report page queues :func:`generate_report`; the user lands on the run's page
(``/staff/annual-reports/jobs/<id>/``), which shows the stages while it runs and, when done, the
warnings and a download link. The document is kept in ``<data dir>/jobs/`` (mode 0600) until the
run is pruned with every other run (fazhi.core.jobs.tasks.run_prune, 180 days). Generating is
audited as before ("reports.generate", naming the run), and so is each download of the kept file
("reports.download"). The CLI (``fazhi report``) still generates at once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from fazhi.core import access
from fazhi.core.jobs import services as jobs
from fazhi.core.jobs.models import JobRun, JobStatus, JobTrigger

GENERATE = "report"
STALE_AFTER = dt.timedelta(hours=1)


def pending_run(report, actor) -> JobRun | None:
    """This user's generation of this report still queued or running, if any."""
    return (
        JobRun.objects.filter(
            name=GENERATE,
            actor=actor,
            status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
            detail__report=report.pk,
            created_at__gte=timezone.now() - STALE_AFTER,
        )
        .order_by("id")
        .first()
    )


def submit_generate(*, report, actor) -> tuple[JobRun, bool]:
    """Queue the generation of ``report``'s document for ``actor``; returns (run, started). A second
    click while the first is queued or running returns the first."""
    with transaction.atomic():
        existing = pending_run(report, actor)
        if existing is not None:
            return existing, False
        run = jobs.submit(
            name=GENERATE,
            label=f"生成年度报告：{report.title}",
            trigger=JobTrigger.USER,
            actor=actor,
            detail={"report": report.pk},
        )
    generate_report(run.pk)
    return run, True


@db_task(name="fazhi.reports.generate")
def generate_report(run_id: int) -> None:
    run_generate(run_id)


def run_generate(run_id: int) -> JobRun:
    from fazhi.reports import services, views
    from fazhi.reports.models import AnnualReport

    run = JobRun.objects.select_related("actor").get(pk=run_id)
    with jobs.tracked(name=GENERATE, label=run.label, trigger=run.trigger, run=run):
        actor = run.actor
        # The account may have lost its role or its scope while the job waited.
        report = None
        if actor is not None and actor.is_active and views.may_read(actor):
            report = (
                access.visible(actor, AnnualReport)
                .select_related("organisation", "run")
                .filter(pk=run.detail["report"])
                .first()
            )
        if report is None:
            raise jobs.JobError("生成失败：报告已不存在，或您已无权查看这份报告。")

        def step(done, total, text):
            jobs.progress(run, done=done, total=total + 1, text=text)

        try:
            data, warnings = services.generate(report, actor=actor, on_step=step, job=run.pk)
        except services.ReportError as exc:
            raise jobs.JobError(f"生成失败：{exc.message}") from None
        jobs.progress(run, done=3, total=4, text="正在保存文档")
        jobs.keep_result(run, data, suffix=".docx", filename=services.filename(report))
        run.progress_done = run.progress_total = 4
        run.progress_text = "已完成"
        state = "已定稿" if report.is_signed_off else "草稿"
        run.summary = (
            f"已生成“{report.title}”（{state}，{len(data) // 1024 + 1} KB，{len(warnings)}条提示）。"
        )
        run.detail = {
            **run.detail,
            "warnings": [w.message for w in warnings],
            "signed_off": report.is_signed_off,
        }
    return run
