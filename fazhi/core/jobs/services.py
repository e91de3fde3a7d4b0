"""Recording job runs (:class:`~fazhi.core.jobs.models.JobRun`): queued, running with progress,
done with a summary, or failed with the reason. Every job of the platform runs inside
:func:`tracked`, so an administrator sees what ran, when, and with what result."""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from fazhi.core.jobs.models import JobRun, JobStatus

logger = logging.getLogger("fazhi.jobs")


class JobError(Exception):
    """A job that cannot do its work for a reason the user can act on; ``message`` (in Chinese) is
    the run's summary as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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
    except JobError as exc:
        logger.warning("job %s (#%s) refused: %s", name, run.pk, exc.message)
        run.status, run.finished_at = JobStatus.FAILED, timezone.now()
        run.summary = exc.message[:2000]
        run.save()
        raise
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


# --- files a job leaves for its user (a generated report) ---------------------------------------
# Kept in <data dir>/jobs/, readable by the server's account only, and deleted with the run that
# names them (fazhi.core.jobs.tasks.run_prune).


def result_path(run: JobRun, suffix: str) -> Path:
    return Path(settings.DATA_DIR) / "jobs" / f"result-{run.pk}{suffix}"


def keep_result(run: JobRun, data: bytes, *, suffix: str, filename: str) -> Path:
    """Write ``data`` as the run's result file (mode 0600) and name it in ``run.detail``."""
    path = result_path(run, suffix)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(path, 0o600)  # an existing file keeps its mode through O_CREAT
    run.detail = {**run.detail, "file": path.name, "filename": filename, "size": len(data)}
    return path


def result_file(run: JobRun) -> Path | None:
    """The run's kept file, if it names one that still exists."""
    name = (run.detail or {}).get("file")
    if not name or "/" in name or name.startswith("."):
        return None
    path = Path(settings.DATA_DIR) / "jobs" / name
    return path if path.is_file() else None


def delete_results(runs) -> int:
    """Delete the files the given runs kept; returns how many were removed."""
    removed = 0
    for run in runs:
        path = result_file(run)
        if path is not None:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
