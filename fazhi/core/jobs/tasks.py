"""The platform's scheduled jobs (ADR 0008): deadline steps every 10 minutes and at start, the audit
chain check nightly. Each run leaves a :class:`~fazhi.core.jobs.models.JobRun` row. Domains and
shells add theirs in their own ``tasks`` module (e.g. ``fazhi/indicators/tasks.py``)."""

from __future__ import annotations

import datetime as dt

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from fazhi.core.jobs.models import JobRun, JobTrigger
from fazhi.core.jobs.services import tracked

DEADLINES = "deadlines"
AUDIT_VERIFY = "audit_verify"


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


def on_consumer_start() -> None:
    """What a consumer does when it starts (embedded or ``fazhi worker``): catch up on deadline
    steps missed while nothing ran, without waiting for the next ten-minute mark."""
    deadlines_now(JobTrigger.STARTUP)
