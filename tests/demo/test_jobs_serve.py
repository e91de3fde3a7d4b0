"""The job runner as served: ``fazhi serve`` starts the consumer by itself, and a lapsed 行政复议
review is deemed accepted (《行政复议法》第三十条第三款) without anyone running a command."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.demo.test_serve_workers import ROOT, _free_port

SETUP = """
import django, datetime as dt
django.setup()
from tests import factories
from tests.reconsideration import factories as rf
city, east, west = factories.county_tree()
gov = factories.organisation("东区人民政府", east, kind="government")
org = factories.organisation("东区司法局", east, parent=gov, functions=factories.JUSTICE_FUNCTIONS)
officer = factories.user(org, roles=("officer", "reviewer"))
case = rf.registered(org, officer, dt.date(2026, 9, 25))
print(case.status)
"""


def _env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DJANGO_"))}
    env["FAZHI_DATA_DIR"] = str(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    return env


def _status(db: Path) -> str:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute("SELECT status FROM reconsideration_reconsiderationcase").fetchone()[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="subprocess server: Linux only")
def test_serve_runs_the_deadline_steps_without_anyone_starting_them(tmp_path):
    env = _env(tmp_path)
    fazhi = [sys.executable, "-m", "fazhi"]
    subprocess.run([*fazhi, "migrate", "-v0"], env=env, cwd=ROOT, check=True, timeout=300)
    made = subprocess.run(
        [sys.executable, "-c", SETUP],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert made.stdout.strip() == "review"
    db = tmp_path / "fazhi.sqlite3"
    port = _free_port()
    proc = subprocess.Popen(
        [*fazhi, "serve", "--port", str(port), "--threads", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline, status, moved = time.monotonic() + 180, None, "review"
        while time.monotonic() < deadline and (status != 200 or moved != "accepted"):
            if status != 200:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/staff/login/", timeout=5) as r:
                        status = r.status
                except OSError:
                    pass
            moved = _status(db)
            time.sleep(0.3)
        assert status == 200
        assert moved == "accepted"

        def job_runs():
            with sqlite3.connect(db, timeout=30) as conn:
                return conn.execute("SELECT name, trigger, status, summary FROM jobs_jobrun").fetchall()

        # The catch-up run at start moved it — or, when the server started on a ten-minute mark, the
        # scheduled run did, holding the lock so that the start-up run found nothing left to do or
        # was refused the lock (huey's lock_task: it then leaves no run behind). Wait, within the same
        # bound, for the run that moved it to be recorded as done.
        def moved_by(runs):
            return [r[1] for r in runs if r[0] == "deadlines" and r[2] == "done" and "自动办理1件" in r[3]]

        runs = job_runs()
        while time.monotonic() < deadline and not moved_by(runs):
            time.sleep(0.3)
            runs = job_runs()
        assert moved_by(runs) in (["startup"], ["schedule"]), runs
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    assert "后台任务处理已启动" in out.decode() and "服务已停止" in out.decode()  # Ctrl+C still stops it
    assert proc.returncode == 0
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_serve_and_demo_offer_to_leave_the_jobs_to_a_worker(capsys):
    from django.core.management import call_command

    for command in ("serve", "demo", "worker"):
        with pytest.raises(SystemExit):
            call_command(command, "--help")
    out = capsys.readouterr().out
    assert out.count("--no-jobs") >= 2 and "fazhi worker" in out
    assert "运行后台任务处理（定时任务：法定期限自动办理" in out


def test_worker_refuses_to_start_in_immediate_mode(db):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="立即执行"):
        call_command("worker")
