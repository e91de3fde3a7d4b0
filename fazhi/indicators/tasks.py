"""Nightly recomputation of the indicators (ADR 0008): every top region with the regions directly
under it (a city and its counties, in one count so their figures add up), for the current year.
A run whose figures equal the current run's only confirms it (fazhi.indicators.services).

The indicators screen's 计算并保存 runs here too (:func:`submit_region_run`): one job per region and
period at a time, its progress shown region by region on ``/staff/indicators/jobs/<id>/``."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from fazhi.core.jobs import services as jobs
from fazhi.core.jobs.models import JobRun, JobStatus, JobTrigger
from fazhi.core.jobs.services import JobError, tracked

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


# --- 计算并保存 from the indicators screen, as a job ----------------------------------------------

REGION_RUN = "indicators_region"
# A run queued or running for longer than this is taken as lost (its consumer stopped mid-way):
# a new click starts another instead of waiting on it forever.
STALE_AFTER = dt.timedelta(hours=1)


def pending_run(region_code: str, period_key: str) -> JobRun | None:
    """The run of 计算并保存 already queued or running for this region and period, if any."""
    return (
        JobRun.objects.filter(
            name=REGION_RUN,
            status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
            detail__region=region_code,
            detail__period=period_key,
            created_at__gte=timezone.now() - STALE_AFTER,
        )
        .order_by("id")
        .first()
    )


def submit_region_run(*, region, children, period, actor) -> tuple[JobRun, bool]:
    """Queue the computation of ``region`` and ``children`` (saved as runs, from one count) for
    ``period``; returns (run, started). A second click while one is queued or running for the same
    region and period returns that one (``started`` False) instead of starting another."""
    with transaction.atomic():
        existing = pending_run(region.code, period.key)
        if existing is not None:
            return existing, False
        run = jobs.submit(
            name=REGION_RUN,
            label=f"指标计算并保存：{region.name}{period.label}",
            trigger=JobTrigger.USER,
            actor=actor,
            detail={
                "region": region.code,
                "region_name": region.name,
                "period": period.key,
                "children": [c.code for c in children],
            },
        )
    compute_region(run.pk)
    return run, True


@db_task(name="fazhi.indicators.region")
def compute_region(run_id: int) -> None:
    run_region(run_id)


def run_region(run_id: int) -> JobRun:
    """The job's body: count once, save each region's run, report progress region by region."""
    from fazhi.core.models import Region
    from fazhi.indicators import periods, services

    run = JobRun.objects.select_related("actor").get(pk=run_id)
    codes = [run.detail["region"], *run.detail.get("children", [])]
    with jobs.tracked(name=REGION_RUN, label=run.label, trigger=run.trigger, run=run):
        period = periods.parse(run.detail["period"])
        found = {r.code: r for r in Region.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise JobError(f"区划 {'、'.join(missing)} 已不存在，未计算。")
        regions = [found[c] for c in codes]
        jobs.progress(run, done=0, total=len(regions), text=f"正在统计{len(regions)}个区划的数据")

        def saved(outcome, done, total):
            jobs.progress(
                run, done=done, total=total, text=f"已保存{found[outcome.run.region_code].name}的结果"
            )

        outcomes = services.compute_runs(regions, period, actor=run.actor, on_region=saved)
        outcome, created = outcomes[0], sum(o.created for o in outcomes)
        children = len(regions) - 1
        below = f"，下级区划{children}个一并计算" if children else ""
        if outcome.created:
            run.summary = f"已完成计算（批次 {outcome.run.pk}{below}，新建批次{created}个）。"
        elif created:
            run.summary = f"本级结果与当前批次 {outcome.run.pk} 相同；下级区划新建批次{created}个。"
        else:
            run.summary = f"计算结果与当前批次 {outcome.run.pk} 相同，未新建批次{below}。"
        run.progress_done = run.progress_total = len(regions)
        run.progress_text = "已完成"
        run.detail = {
            **run.detail,
            "runs": [
                {
                    "region": o.run.region_code,
                    "name": found[o.run.region_code].name,
                    "run": o.run.pk,
                    "created": o.created,
                }
                for o in outcomes
            ],
            "created": created,
        }
    return run
