"""docs/security.md 26: a writer saving 行政复议 cases through the real service is SIGKILLed at random moments
many times (≥ 50 on SQLite, ≥ 20 on PostgreSQL); after each kill every acknowledged write is present
and the database integrity check passes; at the end nothing is half written (every case has its
parties, transition log, clock and audit rows) and the audit chain verifies.

The writer is a fork server (``tests/ops/kill_writer.py``) running with the production settings on a
real file database (or a scratch PostgreSQL database): the test asks it to fork a writer child, lets
the child write for a random 0–600 ms, SIGKILLs it, and checks."""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ops.helpers import env_for, fazhi, pg_url, scratch_pg_database

pytestmark = pytest.mark.kill

ROOT = Path(__file__).resolve().parents[2]
CASES = "reconsideration_reconsiderationcase"


class Writer:
    def __init__(self, data_dir: Path, database_url: str | None):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.ops.kill_writer"],
            cwd=ROOT,
            env=env_for(data_dir, database_url),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        self.buffer = b""
        self.warm_up: list[str] = []
        while (line := self.readline(120)) != "READY":
            assert line is not None and line.startswith("ACK "), line
            self.warm_up.append(line.split()[2])

    def readline(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise AssertionError("写入进程意外退出")
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def send(self, command: str) -> None:
        self.proc.stdin.write((command + "\n").encode())
        self.proc.stdin.flush()

    def kill_once(self, rng: random.Random) -> list[str]:
        """Fork a writer child, SIGKILL it after a random moment, return the markers it acknowledged."""
        self.send("fork")
        acked: list[str] = []
        pid = None
        while pid is None:
            line = self.readline(30)
            assert line is not None, "没有收到子进程编号"
            if line.startswith("CHILD "):
                pid = int(line.split()[1])
        while True:  # the child is connected and about to write
            line = self.readline(30)
            assert line is not None, "子进程没有开始写入"
            if line == f"START {pid}":
                break
            self._take(line, acked)
        deadline = time.monotonic() + rng.uniform(0.0, 0.6)
        while True:
            line = self.readline(max(0.0, deadline - time.monotonic()))
            if line is None:
                break
            self._take(line, acked)
        os.kill(pid, signal.SIGKILL)
        self.send(f"reap {pid}")
        while True:
            line = self.readline(30)
            assert line is not None, "子进程未被回收"
            if line == f"REAPED {pid}":
                return acked
            self._take(line, acked)

    @staticmethod
    def _take(line: str, acked: list[str]) -> None:
        assert not line.startswith("ERROR"), line
        if line.startswith("ACK "):
            acked.append(line.split()[2])

    def close(self) -> None:
        try:
            self.send("quit")
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001
            self.proc.kill()
            self.proc.wait()


# --- per-backend checks --------------------------------------------------------------------------

COMPLETENESS = f"""
SELECT c.id,
       (SELECT count(*) FROM reconsideration_party p WHERE p.case_id = c.id),
       (SELECT count(*) FROM workflow_transitionlog t
         WHERE t.subject_id = c.id AND t.subject_type_id = (
           SELECT id FROM django_content_type WHERE app_label='reconsideration' AND model='reconsiderationcase')),
       (SELECT count(*) FROM audit_auditevent a
         WHERE a.object_type = 'reconsideration.reconsiderationcase' AND a.object_id = CAST(c.id AS TEXT))
FROM {CASES} c
"""


class SQLiteDB:
    def __init__(self, path: Path):
        self.path = path

    def query(self, sql: str, params=()):
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def integrity(self) -> str:
        return self.query("PRAGMA integrity_check")[0][0]

    def markers(self) -> set[str]:
        return {r[0] for r in self.query(f"SELECT act_document_number FROM {CASES}")}


class PostgresDB:
    def __init__(self, url: str):
        self.url = url

    def query(self, sql: str, params=()):
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchall()

    def integrity(self) -> str:
        """amcheck over every B-tree index (PostgreSQL's own structure check)."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
            indexes = conn.execute(
                "SELECT c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE am.amname = 'btree' AND n.nspname = 'public'"
            ).fetchall()
            for (oid,) in indexes:
                conn.execute("SELECT bt_index_check(%s, true)", (oid,))
        return "ok"

    def markers(self) -> set[str]:
        return {r[0] for r in self.query(f"SELECT act_document_number FROM {CASES}")}


def _run_kills(db, writer: Writer, kills: int, seed: int) -> set[str]:
    rng = random.Random(seed)
    acked: set[str] = set()
    for i in range(kills):
        new = writer.kill_once(rng)
        acked.update(new)
        present = db.markers()
        lost = set(new) - present
        assert not lost, f"第 {i + 1} 次强杀后，已确认的写入丢失：{sorted(lost)}"
        assert db.integrity() == "ok", f"第 {i + 1} 次强杀后完整性检查未通过"
    return acked


def _final_checks(db, acked: set[str], data_dir: Path, database_url: str | None) -> None:
    present = db.markers()
    assert acked <= present, f"丢失已确认写入：{sorted(acked - present)[:10]}"
    assert len(acked) >= 20, "写入太少，强杀没有发生在写入过程中"
    rows = db.query(COMPLETENESS)
    shapes = {(parties, logs, audits) for _, parties, logs, audits in rows}
    # Every case, acknowledged or committed just before a kill, is complete: two applicants, its
    # transition log and its audit rows — all or nothing.
    assert len(shapes) == 1, f"存在写了一半的案件：{sorted(shapes)}"
    ((parties, logs, audits),) = shapes
    assert parties == 2 and logs >= 1 and audits >= 2
    verify = fazhi("audit", "verify", data_dir=data_dir, database_url=database_url, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert db.integrity() == "ok"


def test_sigkill_sqlite_writer_loses_no_acknowledged_write(tmp_path):
    if pg_url():
        pytest.skip("本轮在 PostgreSQL 上运行（见 PostgreSQL 版本）")
    migrated = fazhi("migrate", "-v0", data_dir=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    db = SQLiteDB(tmp_path / "fazhi.sqlite3")
    writer = Writer(tmp_path, None)
    try:
        acked = _run_kills(db, writer, kills=50, seed=int(os.environ.get("FAZHI_KILL_SEED", "26")))
        acked.update(writer.warm_up)
    finally:
        writer.close()
    _final_checks(db, acked, tmp_path, None)


def test_sigkill_postgresql_writer_loses_no_acknowledged_write(tmp_path):
    if not pg_url():
        pytest.skip("需要 FAZHI_DATABASE_URL（PostgreSQL）")
    with scratch_pg_database("fazhi_kill") as url:
        migrated = fazhi("migrate", "-v0", data_dir=tmp_path, database_url=url)
        assert migrated.returncode == 0, migrated.stderr
        db = PostgresDB(url)
        writer = Writer(tmp_path, url)
        try:
            acked = _run_kills(db, writer, kills=20, seed=int(os.environ.get("FAZHI_KILL_SEED", "26")))
            acked.update(writer.warm_up)
        finally:
            writer.close()
        _final_checks(db, acked, tmp_path, url)
