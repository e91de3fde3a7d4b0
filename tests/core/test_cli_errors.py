"""The ``fazhi`` console script prints a refusal as "错误：…" with a non-zero exit, not Django's
"CommandError: …" (issue 11 item 19)."""

import os
import subprocess
import sys


def test_a_refused_command_says_error_in_chinese_and_exits_non_zero(tmp_path):
    env = {**os.environ, "FAZHI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    env.pop("FAZHI_DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "calendar", "due", "--from", "2026-13-01", "--days", "5"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("错误：起算日期“2026-13-01”格式不正确"), proc.stderr
    assert "CommandError" not in proc.stderr
