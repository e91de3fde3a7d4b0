"""Nightly recomputation of the indicators (ADR 0008): every top region with the regions directly
under it (a city and its counties, in one count so their figures add up), for the current year.
A run whose figures equal the current run's only confirms it (fazhi.indicators.services)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from fazhi.core.jobs.models import JobTrigger
from fazhi.core.jobs.services import tracked

INDICATORS = "indicators"


def recompute(*, trigger: str, year: int | None = None):
    from fazhi.core.models import Region
    from fazhi.indicators import periods, services

    year = year or timezone.localdate().year
    period = periods.year(year)
    with tracked(name=INDICATORS, label=f"指标重新计算（{year}年）", trigger=trigger) as run:
        roots = list(Region.objects.filter(parent__isnull=True).order_by("code"))
        computed, changed = [], 0
        for root in roots:
            regions = [root, *Region.objects.filter(parent=root).order_by("code")]
            for outcome in services.compute_runs(regions, period):
                computed.append(outcome.run.region_code)
                changed += outcome.created
        run.progress_done = run.progress_total = len(computed)
        run.summary = f"{year}年：计算{len(computed)}个地区，其中{changed}个结果有变化。"
        run.detail = {"year": year, "regions": computed, "changed": changed}
    return run


@db_periodic_task(crontab(hour="1", minute="15"), name="fazhi.indicators")
@lock_task("fazhi.indicators")
def indicators_nightly():
    recompute(trigger=JobTrigger.SCHEDULE)
