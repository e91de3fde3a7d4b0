"""``fazhi serve --workers N``: several server processes (gunicorn) on one migrated database."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="gunicorn workers: Linux only")
def test_two_worker_processes_serve_the_login_page_and_stop_on_sigterm(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DJANGO_"))}
    env["FAZHI_DATA_DIR"] = str(tmp_path)
    fazhi = [sys.executable, "-m", "fazhi"]
    subprocess.run([*fazhi, "migrate", "-v0"], env=env, cwd=ROOT, check=True, timeout=300)
    port = _free_port()
    proc = subprocess.Popen(
        [*fazhi, "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline, status = time.monotonic() + 60, None
        while time.monotonic() < deadline and status != 200:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/staff/login/", timeout=5) as r:
                    status, page = r.status, r.read().decode()
            except OSError:
                time.sleep(0.3)
        assert status == 200 and "登录" in page
        while time.monotonic() < deadline and len(_children(proc.pid)) < 3:
            time.sleep(0.2)  # the first worker may answer before the second has started
        # The master, its two web workers and one job worker (`fazhi worker`): one consumer only.
        assert len(_children(proc.pid)) == 3
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out.decode()
    assert "2个进程" in out.decode() and "后台任务处理已启动（进程" in out.decode()
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_serve_refuses_zero_workers_in_chinese(db):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="进程数和线程数都必须是正整数"):
        call_command("serve", "--workers", "0")
