"""The job runner (ADR 0008): the periodic schedule, the traces runs leave, and test mode."""

from __future__ import annotations

import datetime as dt

import pytest
from huey.contrib.djhuey import HUEY

from fazhi.core.jobs import services as jobs
from fazhi.core.jobs import tasks
from fazhi.core.jobs.models import JobRun, JobStatus, JobTrigger
from fazhi.indicators import tasks as indicator_tasks

pytestmark = pytest.mark.django_db


def test_tests_run_jobs_immediately_and_never_need_a_consumer():
    assert HUEY.immediate


def _schedule():
    return {t.name: t for t in HUEY._registry.periodic_tasks}


def test_deadline_steps_run_every_ten_minutes():
    deadlines = _schedule()["fazhi.deadlines"]
    assert [m for m in range(60) if deadlines.validate_datetime(dt.datetime(2026, 12, 2, 9, m))] == [
        0,
        10,
        20,
        30,
        40,
        50,
    ]


def test_indicators_and_the_audit_chain_run_nightly():
    schedule = _schedule()
    nightly = {
        name: [
            (h, m)
            for h in range(24)
            for m in range(60)
            if schedule[name].validate_datetime(dt.datetime(2026, 12, 2, h, m))
        ]
        for name in ("fazhi.indicators", "fazhi.audit_verify")
    }
    assert nightly == {"fazhi.indicators": [(1, 15)], "fazhi.audit_verify": [(2, 30)]}


def test_audit_verify_leaves_a_trace(tree):
    run = tasks.run_audit_verify(trigger=JobTrigger.SCHEDULE)
    run.refresh_from_db()
    assert run.status == JobStatus.DONE and run.summary.startswith("审计日志链完整：共校验")
    assert run.detail["ok"] is True


def test_indicator_recomputation_covers_every_top_region_and_its_children(tree):
    run = indicator_tasks.recompute(trigger=JobTrigger.SCHEDULE, year=2026)
    run.refresh_from_db()
    assert run.status == JobStatus.DONE
    assert run.detail["regions"] == [tree["city"].code, tree["east"].code, tree["west"].code]
    assert run.summary == "2026年：计算3个地区，其中3个结果有变化。"
    # Nothing changed since: the runs are confirmed, not duplicated.
    again = indicator_tasks.recompute(trigger=JobTrigger.SCHEDULE, year=2026)
    assert again.summary == "2026年：计算3个地区，其中0个结果有变化。"


def test_a_failing_job_is_recorded_as_failed_with_its_reason():
    with pytest.raises(RuntimeError), jobs.tracked(name="x", label="测试任务", trigger=JobTrigger.COMMAND):
        raise RuntimeError("磁盘已满")
    run = JobRun.objects.get(name="x")
    assert run.status == JobStatus.FAILED and run.summary == "运行出错：磁盘已满" and run.finished_at


def test_quiet_deadline_runs_are_pruned_after_a_week_and_everything_after_half_a_year(tree):
    from django.utils import timezone

    now = timezone.now()
    tasks.run_deadlines(trigger=JobTrigger.SCHEDULE)
    quiet = JobRun.objects.get(name="deadlines")
    assert quiet.detail["quiet"] is True
    eventful = JobRun.objects.create(
        name="deadlines",
        label="法定期限自动办理",
        trigger="schedule",
        status=JobStatus.DONE,
        detail={"quiet": False, "done": ["x"]},
        finished_at=now - dt.timedelta(days=30),
    )
    old = JobRun.objects.create(
        name="indicators",
        label="指标重新计算",
        trigger="schedule",
        status=JobStatus.DONE,
        finished_at=now - dt.timedelta(days=200),
    )
    JobRun.objects.filter(pk=quiet.pk).update(finished_at=now - dt.timedelta(days=8))
    tasks.run_deadlines(trigger=JobTrigger.SCHEDULE)
    fresh_quiet = JobRun.objects.latest("id")

    run = tasks.run_prune(trigger=JobTrigger.SCHEDULE)
    remaining = set(JobRun.objects.values_list("pk", flat=True))
    assert quiet.pk not in remaining and old.pk not in remaining
    assert {eventful.pk, fresh_quiet.pk, run.pk} <= remaining
    assert run.summary == "删除1条无事可办的期限检查记录、1条180天前的运行记录。"
    assert "fazhi.jobs_prune" in _schedule()


def test_the_queue_lives_in_the_data_dir_unless_a_redis_url_is_given(tmp_path):
    import importlib.util
    import os
    import subprocess
    import sys

    from tests.demo.test_serve_workers import ROOT

    probe = "import django; django.setup(); from huey.contrib.djhuey import HUEY; print(type(HUEY).__name__)"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DJANGO_"))}
    env |= {"FAZHI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    default = subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True)
    assert default.stdout.strip() == "SqliteHuey" and (tmp_path / "jobs.sqlite3").exists()

    env["FAZHI_REDIS_URL"] = "redis://127.0.0.1:1/0"  # never connected to: the queue connects lazily
    redis = subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True)
    if importlib.util.find_spec("redis"):
        assert redis.stdout.strip() == "RedisHuey"
    else:
        assert "未安装 Redis 客户端" in redis.stderr and "uv sync --extra redis" in redis.stderr
