"""Recording job runs (:class:`~fazhi.core.jobs.models.JobRun`): queued, running with progress,
done with a summary, or failed with the reason. Every job of the platform runs inside
:func:`tracked`, so an administrator sees what ran, when, and with what result."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.utils import timezone

from fazhi.core.jobs.models import JobRun, JobStatus

logger = logging.getLogger("fazhi.jobs")


def submit(*, name: str, label: str, trigger: str, actor=None, detail: dict | None = None) -> JobRun:
    """A run waiting in the queue (its task gets the row's id)."""
    return JobRun.objects.create(
        name=name, label=label, trigger=trigger, actor=actor, detail=detail or {}, status=JobStatus.QUEUED
    )


def progress(run: JobRun, *, done: int, total: int | None = None, text: str = "") -> None:
    run.progress_done, run.progress_total, run.progress_text = done, total, text[:200]
    JobRun.objects.filter(pk=run.pk).update(
        progress_done=done, progress_total=total, progress_text=text[:200]
    )


@contextmanager
def tracked(*, name: str, label: str, trigger: str, run: JobRun | None = None, actor=None):
    """Run the body as job ``name``: the row says 进行中 while it runs, 已完成 with the body's
    ``run.summary`` after, or 失败 with the error (which is re-raised for the queue's log)."""
    if run is None:
        run = JobRun(name=name, label=label, trigger=trigger, actor=actor)
    run.status, run.started_at = JobStatus.RUNNING, timezone.now()
    run.save()
    try:
        yield run
    except Exception as exc:
        logger.exception("job %s (#%s) failed", name, run.pk)
        run.status, run.finished_at = JobStatus.FAILED, timezone.now()
        run.summary = f"运行出错：{exc}"[:2000]
        run.save()
        raise
    run.status, run.finished_at = JobStatus.DONE, timezone.now()
    run.save()


# Progress made inside a long transaction (an import saves all rows or none) is invisible to other
# database connections until it commits — and on SQLite its lock would block a progress UPDATE from
# another connection. Such jobs report progress to the queue's own storage instead.


def _live_key(run_id: int) -> str:
    return f"fazhi.jobrun.{run_id}.done"


def report_live(run: JobRun, done: int) -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.put(_live_key(run.pk), done)


def live_done(run: JobRun) -> int:
    """How far a running job has got: its live report if any, else what the row says."""
    from huey.contrib.djhuey import HUEY

    value = HUEY.get(_live_key(run.pk), peek=True)
    return run.progress_done if value is None else int(value)


def clear_live(run: JobRun) -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.delete(_live_key(run.pk))
