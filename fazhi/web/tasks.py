"""Jobs of the staff shell (ADR 0008): imports submitted as a background job, and the daily 待办
reminders.

**Imports.** Imports submitted as a background job (ADR 0008): a large file is saved in the data directory,
imported by the job runner with :func:`fazhi.core.excel.run_import` (all rows or none, unchanged), and
its result — rows imported, or every row error — kept on the job's :class:`JobRun` for the progress
page (fazhi.web.jobs). The file is deleted when the job ends.

**待办 reminders** (fazhi.web.reminders): every day at 08:30 (Asia/Shanghai), and when a consumer
starts after that time on a day whose run has not happened yet."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from fazhi.core import excel
from fazhi.core.excel import permissions
from fazhi.core.excel.reader import read_rows
from fazhi.core.jobs import services as jobs
from fazhi.core.jobs.models import JobRun, JobStatus, JobTrigger
from fazhi.core.jobs.tasks import at_startup

IMPORT = "import"
REPORT_EVERY = 0.5  # seconds between progress reports of a running import


def upload_path(run: JobRun) -> Path:
    return Path(settings.DATA_DIR) / "jobs" / f"import-{run.pk}.xlsx"


def submit_import(*, kind, upload, filename: str, actor) -> JobRun:
    """Keep the uploaded file and queue its import; returns the run whose page shows progress."""
    run = jobs.submit(
        name=IMPORT,
        label=f"导入{kind.title}",
        trigger="user",
        actor=actor,
        detail={"kind": kind.name, "filename": filename},
    )
    path = upload_path(run)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    import_file(run.pk)
    return run


@db_task(name="fazhi.import")
def import_file(run_id: int) -> None:
    run = JobRun.objects.select_related("actor").get(pk=run_id)
    path = upload_path(run)
    try:
        with jobs.tracked(name=IMPORT, label=run.label, trigger=run.trigger, run=run):
            kind = permissions.kind_for(run.actor, run.detail["kind"])
            if kind is None:  # the account lost the role while the job waited
                run.summary = "导入失败：您已无权导入这类数据，未导入任何数据。"
                run.detail = {**run.detail, "ok": False, "errors": []}
                return
            jobs.progress(run, done=0, text="正在读取文件")
            with path.open("rb") as fileobj:
                total = len(read_rows(kind, fileobj).rows)
                jobs.progress(run, done=0, total=total, text=f"共{total}行数据，正在逐行校验并保存")
                fileobj.seek(0)
                result = excel.run_import(_reporting(kind, run), fileobj, actor=run.actor)
            run.progress_done = run.progress_total = result.rows
            run.summary = result.summary
            run.detail = {
                **run.detail,
                "ok": result.ok,
                "rows": result.rows,
                "created": result.created,
                "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors],
            }
    finally:
        path.unlink(missing_ok=True)
        jobs.clear_live(run)


def _reporting(kind, run: JobRun):
    """``kind`` whose ``save_row`` also reports, at most every ``every`` seconds, how many rows of
    the sheet have been reached (``session.row`` is the spreadsheet row; row 1 is the header)."""
    every = REPORT_EVERY
    save_row, last = kind.save_row, [0.0]

    def reporting_save_row(values, session):
        obj = save_row(values, session)
        now = time.monotonic()
        if now - last[0] >= every:
            last[0] = now
            jobs.report_live(run, max(session.row - 1, 0))
        return obj

    return dataclasses.replace(kind, save_row=reporting_save_row)


# --- 待办 reminders ------------------------------------------------------------------------------

REMINDERS = "reminders"
REMINDERS_AT = dt.time(8, 30)


def run_reminders(*, trigger: str, today: dt.date | None = None) -> JobRun:
    """Today's reminders for every staff member, as one job run (counts only: no names, no text)."""
    from fazhi.web import reminders

    today = today or timezone.localdate()
    with jobs.tracked(name=REMINDERS, label="待办提醒（每日）", trigger=trigger) as run:

        def step(done, total):
            jobs.progress(run, done=done, total=total, text="正在为工作人员生成提醒")

        result = reminders.remind(today, on_user=step)
        run.summary = result.summary
        run.progress_done = run.progress_total = len(reminders.recipients())
        run.detail = {
            "date": today.isoformat(),
            "users": result.users,
            "created": result.created,
            "overdue": result.overdue,
            "pruned": result.pruned,
        }
    return run


@db_periodic_task(crontab(hour="8", minute="30"), name="fazhi.reminders")
@lock_task("fazhi.reminders")
def reminders_daily():
    run_reminders(trigger=JobTrigger.SCHEDULE)


@db_task(name="fazhi.reminders.now")
@lock_task("fazhi.reminders")
def reminders_now(trigger: str = JobTrigger.STARTUP):
    run_reminders(trigger=trigger)


def reminders_generated(day: dt.date) -> bool:
    """Whether ``day``'s reminder run has completed."""
    return JobRun.objects.filter(name=REMINDERS, status=JobStatus.DONE, detail__date=day.isoformat()).exists()


def reminders_due(now: dt.datetime | None = None) -> bool:
    """True when today's reminder run is missing although its time has passed (the runner was
    down at 08:30): a consumer starting now catches up. Before 08:30 the schedule will run it."""
    now = timezone.localtime(now)
    if now.time() < REMINDERS_AT:
        return False
    return not reminders_generated(now.date())


@at_startup
def reminders_catch_up() -> None:
    if reminders_due():
        reminders_now(JobTrigger.STARTUP)
