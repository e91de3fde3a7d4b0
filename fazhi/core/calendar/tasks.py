"""The calendar's scheduled job (ADR 0008): once a day, add the years a newer chinesecalendar
carries (:func:`fazhi.core.calendar.services.sync_from_package`), so the next year's 国务院办公厅
放假安排 reaches the deadlines as soon as the package is upgraded, without anyone remembering to."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from fazhi.core.jobs.models import JobTrigger
from fazhi.core.jobs.services import tracked

CALENDAR_SYNC = "calendar_sync"


def run_calendar_sync(*, trigger: str):
    from fazhi.core.calendar import services

    with tracked(name=CALENDAR_SYNC, label="工作日历补充年度（chinesecalendar）", trigger=trigger) as run:
        result = services.sync_from_package()
        run.summary = result.summary
        run.progress_done = len(result.added)
        run.detail = {"added": result.added, "days": result.days, "quiet": not result.added}
    return run


@db_periodic_task(crontab(hour="2", minute="40"), name="fazhi.calendar_sync")
@lock_task("fazhi.calendar_sync")
def calendar_sync_daily():
    run_calendar_sync(trigger=JobTrigger.SCHEDULE)
