"""Litigation migration 0005: the lawsuit's bare 复议 id becomes a kit MatterLink, and back."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys


def test_bare_ids_become_links_and_reversing_restores_them(tmp_path):
    env = {**os.environ, "FAZHI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    env.pop("FAZHI_DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "tests.litigation.link_migration_run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=pathlib.Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    case = result["case"]
    # Only the id whose 复议 case exists is linked; the dangling one keeps its number text.
    assert result["links"] == [[case, "reconsiderationcase", "lawsuit", "（2026）测0206行初1号", "litigated"]]
    assert result["numbers"][1] == ["（2026）测0206行初2号", "东区司法复〔2026〕1号"]
    assert result["reversed"] == [
        ["（2026）测0206行初1号", case],
        ["（2026）测0206行初2号", None],
        ["（2026）测0206行初3号", None],
    ]
    assert result["left"] == 0
