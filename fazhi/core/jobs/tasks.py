"""The platform's scheduled jobs (ADR 0008): deadline steps every 10 minutes and at start, the audit
chain check nightly, a signed audit head checkpoint hourly, old run records pruned nightly. Each run leaves a :class:`~fazhi.core.jobs.models.JobRun` row. Domains and
shells add theirs in their own ``tasks`` module (e.g. ``fazhi/indicators/tasks.py``)."""

from __future__ import annotations

import datetime as dt

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from fazhi.core.jobs.models import JobRun, JobStatus, JobTrigger
from fazhi.core.jobs.services import delete_results, tracked

DEADLINES = "deadlines"
AUDIT_VERIFY = "audit_verify"
AUDIT_CHECKPOINT = "audit_checkpoint"


def run_deadlines(*, trigger: str, today: dt.date | None = None):
    """Every declared deadline step that is due (fazhi.core.workflow.deadlines), as one job run."""
    from fazhi.core.workflow import deadlines

    with tracked(name=DEADLINES, label="法定期限自动办理（视为受理等）", trigger=trigger) as run:
        result = deadlines.run(today=today)
        run.summary = result.summary
        run.progress_done = len(result.done)
        run.detail = {
            "date": result.today.isoformat(),
            "done": [str(d) for d in result.done],
            "provisional": result.provisional,
            "errors": result.errors,
            # A run that found nothing: listed only as the latest run, pruned after a week.
            "quiet": not (result.done or result.provisional or result.errors),
        }
    return result


@db_periodic_task(crontab(minute="*/10"), name="fazhi.deadlines")
@lock_task("fazhi.deadlines")
def deadlines_every_ten_minutes():
    run_deadlines(trigger=JobTrigger.SCHEDULE)


@db_task(name="fazhi.deadlines.now")
@lock_task("fazhi.deadlines")
def deadlines_now(trigger: str = JobTrigger.STARTUP):
    run_deadlines(trigger=trigger)


def run_audit_verify(*, trigger: str) -> JobRun:
    from fazhi.core.audit import services as audit

    with tracked(name=AUDIT_VERIFY, label="审计日志链校验", trigger=trigger) as run:
        result = audit.verify_chain()
        run.progress_done = result.checked
        if result.ok:
            run.summary = f"审计日志链完整：共校验{result.checked}条。"
        else:
            run.summary = f"审计日志链校验未通过：第{result.first_bad_id}条记录{result.reason}。"
        run.detail = {"ok": result.ok, "checked": result.checked, "first_bad_id": result.first_bad_id}
    return run


@db_periodic_task(crontab(hour="2", minute="30"), name="fazhi.audit_verify")
@lock_task("fazhi.audit_verify")
def audit_verify_nightly():
    run_audit_verify(trigger=JobTrigger.SCHEDULE)


def run_audit_checkpoint(*, trigger: str) -> JobRun:
    """A signed checkpoint of the audit chain's head, written to a file outside the database
    (fazhi.core.audit.checkpoints); refused — the run fails — when the tail was cut since the last."""
    from fazhi.core.audit import checkpoints

    with tracked(name=AUDIT_CHECKPOINT, label="审计链头检查点", trigger=trigger) as run:
        checkpoint = checkpoints.write()
        run.progress_done = 1
        run.summary = f"已写入审计链头检查点：记录 id={checkpoint.last_id}。"
        run.detail = {
            "at": checkpoint.at,
            "last_id": checkpoint.last_id,
            "last_digest": checkpoint.last_digest,
        }
    return run


@db_periodic_task(crontab(minute="5"), name="fazhi.audit_checkpoint")
@lock_task("fazhi.audit_checkpoint")
def audit_checkpoint_hourly():
    run_audit_checkpoint(trigger=JobTrigger.SCHEDULE)


def run_orphan_sweep(*, trigger: str) -> JobRun:
    """Uploaded files no row refers to (a process killed mid-upload) leave the upload folder, so
    backups stop carrying them (fazhi.core.ops.orphans)."""
    from fazhi.core.ops import orphans

    with tracked(name="orphan_files", label="清理孤立的上传文件", trigger=trigger) as run:
        report, _ = orphans.sweep()
        run.progress_done = len(report.orphans)
        run.summary = f"移出孤立文件{len(report.orphans)}个；文件缺失的记录{len(report.missing)}条。"
        run.detail = {"moved": len(report.orphans), "missing": report.missing[:100]}
    return run


@db_periodic_task(crontab(hour="3", minute="20"), name="fazhi.orphan_files")
@lock_task("fazhi.orphan_files")
def orphan_sweep_nightly():
    run_orphan_sweep(trigger=JobTrigger.SCHEDULE)


QUIET_KEEP_DAYS = 7
KEEP_DAYS = 180


def run_prune(*, trigger: str) -> JobRun:
    """Forget runs nobody needs: quiet deadline runs after a week, every finished run after 180 days
    — with the file it kept (a generated report), if any."""
    from django.utils import timezone

    now = timezone.now()
    with tracked(name="prune", label="清理后台任务运行记录", trigger=trigger) as run:
        finished = JobRun.objects.filter(status__in=(JobStatus.DONE, JobStatus.FAILED))
        quiet, _ = finished.filter(
            name=DEADLINES, detail__quiet=True, finished_at__lt=now - dt.timedelta(days=QUIET_KEEP_DAYS)
        ).delete()
        expired = finished.filter(finished_at__lt=now - dt.timedelta(days=KEEP_DAYS))
        delete_results(expired.filter(detail__has_key="file").only("id", "detail"))
        old, _ = expired.delete()
        run.progress_done = quiet + old
        run.summary = f"删除{quiet}条无事可办的期限检查记录、{old}条{KEEP_DAYS}天前的运行记录。"
    return run


@db_periodic_task(crontab(hour="3", minute="0"), name="fazhi.jobs_prune")
@lock_task("fazhi.jobs_prune")
def prune_nightly():
    run_prune(trigger=JobTrigger.SCHEDULE)


STARTUP: list = []


def at_startup(fn):
    """Register ``fn()`` to run when a consumer starts, after the deadline catch-up (an app's
    ``tasks`` module catching up on a daily job missed while nothing ran: 待办 reminders)."""
    if fn not in STARTUP:
        STARTUP.append(fn)
    return fn


def on_consumer_start() -> None:
    """What a consumer does when it starts (embedded or ``fazhi worker``): catch up on deadline
    steps missed while nothing ran, without waiting for the next ten-minute mark; then what the
    apps registered with :func:`at_startup`."""
    deadlines_now(JobTrigger.STARTUP)
    for fn in STARTUP:
        fn()
