"""Run ``fazhi`` commands in a fresh process against a given data directory (and database)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

CLI = ["-c", "from fazhi.cli import main; main()"]


def env_for(data_dir: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DJANGO_"))}
    env["FAZHI_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    if database_url:
        env["FAZHI_DATABASE_URL"] = database_url
    env.update(extra)
    return env


def fazhi(*args: str, data_dir: Path, database_url: str | None = None, timeout: int = 300, **extra):
    return subprocess.run(
        [sys.executable, *CLI, *args],
        env=env_for(data_dir, database_url, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def pg_url() -> str | None:
    return os.environ.get("FAZHI_DATABASE_URL") or None


def _with_db(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@contextmanager
def scratch_pg_database(prefix: str):
    """A fresh, empty PostgreSQL database next to FAZHI_DATABASE_URL's, dropped afterwards."""
    import psycopg

    url = pg_url()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = _with_db(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_db(url, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
