"""docs/security.md 25: SQLite runs in WAL mode with synchronous=FULL; PostgreSQL with fsync and synchronous
commit on.

The SQLite check starts a fresh process with the production settings on a real file database in an
empty data directory (the test database may be in memory, where WAL does not apply), so it checks
what a deployment gets, whichever database this test run uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

PROBE = """
import json, django
django.setup()
from django.db import connection
with connection.cursor() as c:
    out = {}
    for pragma in ("journal_mode", "synchronous", "foreign_keys"):
        c.execute("PRAGMA " + pragma)
        out[pragma] = c.fetchone()[0]
    out["name"] = str(connection.settings_dict["NAME"])
print(json.dumps(out))
"""


def test_sqlite_deployment_runs_wal_with_synchronous_full(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DJANGO_"))}
    env.update(FAZHI_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="fazhi.settings")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["name"] == str(tmp_path / "fazhi.sqlite3")
    assert out["journal_mode"].lower() == "wal"
    assert out["synchronous"] == 2  # 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
    assert out["foreign_keys"] == 1
    assert (tmp_path / "fazhi.sqlite3-wal").exists() or (tmp_path / "fazhi.sqlite3").exists()


@pytest.mark.django_db
def test_postgresql_runs_with_fsync_and_synchronous_commit():
    if connection.vendor != "postgresql":
        pytest.skip("仅在 PostgreSQL 上检查（设置 FAZHI_DATABASE_URL）")
    with connection.cursor() as cursor:
        settings = {}
        for name in ("fsync", "synchronous_commit", "full_page_writes"):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    assert settings == {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}, json.dumps(
        settings
    )
