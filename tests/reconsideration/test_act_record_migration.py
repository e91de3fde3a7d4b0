"""Reconsideration migration 0006: the case's hand-rolled act_record pair becomes a kit MatterLink
(act record —复议→ case), the cases and their parties unchanged, and back."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys


def test_act_record_pairs_become_links_and_cases_stay_intact(tmp_path):
    env = {**os.environ, "FAZHI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    env.pop("FAZHI_DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "tests.reconsideration.act_record_migration_run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=pathlib.Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    first, _, _ = result["cases"]
    assert result["after"] == result["before"]
    assert [row[0] for row in result["after"]] == [f"东区司法复〔2026〕{n}号" for n in (1, 2, 3)]
    assert result["after"][0][4] == ["13800138000"]  # encrypted party data still decrypts
    # Only the pair whose record exists is linked; the one pointing at a deleted record is dropped.
    assert result["links"] == [["lawsuit", result["record"], "reconsiderationcase", first, "reconsidered"]]
    assert not {"act_record_type_id", "act_record_id"} & set(result["columns"])
    assert result["reversed"] == [[result["lawsuit_ct"], result["record"]], [None, None], [None, None]]
