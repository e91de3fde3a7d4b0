"""docs/security.md 13/15: audit rows are kept ≥ 6 months; purge only after archiving to a signed file, the
chain still verifying from a signed checkpoint; on PostgreSQL the database itself refuses UPDATE, DELETE
and TRUNCATE of audit rows."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from fazhi.core.audit import services
from fazhi.core.audit.models import AuditCheckpoint, AuditEvent

TODAY = timezone.localdate()


def _events_at(monkeypatch, when: dt.datetime, n: int, action="test.old"):
    monkeypatch.setattr(timezone, "now", lambda: when)
    events = [services.record(action, object_type="tests.thing", object_id=str(i)) for i in range(n)]
    monkeypatch.undo()
    return events


def _verify_code() -> int:
    try:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=io.StringIO())
    except SystemExit as exc:
        return exc.code
    return 0


@pytest.fixture
def history(db, monkeypatch):
    old = timezone.now() - dt.timedelta(days=400)
    older = _events_at(monkeypatch, old, 4)
    middle = _events_at(monkeypatch, timezone.now() - dt.timedelta(days=250), 3)
    recent = [services.record("test.recent", object_id=str(i)) for i in range(3)]
    return older, middle, recent


def test_a_cutoff_inside_the_retention_period_is_refused(history, tmp_path):
    too_new = TODAY - dt.timedelta(days=179)
    with pytest.raises(CommandError) as exc:
        call_command("audit", "archive", "--before", too_new.isoformat(), "-o", str(tmp_path))
    assert "至少保留六个月" in str(exc.value)
    assert "网络安全法" in str(exc.value)
    assert AuditEvent.objects.count() == 10
    assert not list(tmp_path.iterdir())


def test_archive_writes_signed_file_then_purges_and_the_chain_still_verifies(history, tmp_path):
    older, middle, recent = history
    cutoff = TODAY - dt.timedelta(days=300)
    out = io.StringIO()
    call_command("audit", "archive", "--before", cutoff.isoformat(), "-o", str(tmp_path), stdout=out)
    assert "已归档 4 条" in out.getvalue()
    (archive,) = tmp_path.glob("audit-archive-*.jsonl")
    lines = [json.loads(line) for line in archive.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in lines[1:-1]] == [e.pk for e in older]
    assert lines[0]["last_digest"] == older[-1].digest and "signature" in lines[-1]

    remaining = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    assert remaining[: len(middle) + len(recent)] == [e.pk for e in middle + recent]
    assert AuditEvent.objects.filter(action="audit.archive").count() == 1  # the purge is itself audited
    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoint.archived_to_id == older[-1].pk and checkpoint.last_digest == older[-1].digest
    assert services.verify_chain().ok
    assert _verify_code() == 0
    ok = io.StringIO()
    call_command("audit", "verify-archive", str(archive), stdout=ok)
    assert "归档文件完整：4 条" in ok.getvalue()

    # A second archive continues from the checkpoint.
    call_command(
        "audit",
        "archive",
        "--before",
        (TODAY - dt.timedelta(days=200)).isoformat(),
        "-o",
        str(tmp_path),
        stdout=io.StringIO(),
    )
    assert not AuditEvent.objects.filter(id__in=[e.pk for e in middle]).exists()
    assert services.verify_chain().ok
    assert len(list(tmp_path.glob("audit-archive-*.jsonl"))) == 2


def test_a_tampered_archive_file_is_detected(history, tmp_path):
    call_command(
        "audit",
        "archive",
        "--before",
        (TODAY - dt.timedelta(days=300)).isoformat(),
        "-o",
        str(tmp_path),
        stdout=io.StringIO(),
    )
    (archive,) = tmp_path.glob("*.jsonl")
    archive.write_text(
        archive.read_text(encoding="utf-8").replace("tests.thing", "tests.other", 1), encoding="utf-8"
    )
    with pytest.raises(SystemExit):
        call_command("audit", "verify-archive", str(archive), stdout=io.StringIO(), stderr=io.StringIO())


def _tamper(sql: str, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def test_a_forged_checkpoint_does_not_hide_deleted_rows(history, tmp_path):
    older, middle, recent = history
    call_command(
        "audit",
        "archive",
        "--before",
        (TODAY - dt.timedelta(days=300)).isoformat(),
        "-o",
        str(tmp_path),
        stdout=io.StringIO(),
    )
    # Someone deletes the middle rows and moves the checkpoint forward to cover them.
    _tamper("DELETE FROM audit_auditevent WHERE id <= %s", [middle[-1].pk])
    _tamper(
        "UPDATE audit_auditcheckpoint SET archived_to_id = %s, last_digest = %s",
        [middle[-1].pk, middle[-1].digest],
    )
    result = services.verify_chain()
    assert not result.ok and "检查点" in result.reason
    assert _verify_code() == 1


def test_the_orm_cannot_delete_outside_the_archive_path(history):
    from fazhi.core.audit.models import AuditImmutable

    with pytest.raises(AuditImmutable):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_postgresql_refuses_update_delete_and_truncate_of_audit_rows(history):
    if connection.vendor != "postgresql":
        pytest.skip("数据库触发器仅在 PostgreSQL 上")
    target = history[2][0]
    for sql in (
        "UPDATE audit_auditevent SET username = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="审计日志不可修改或删除"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [target.pk])
    with pytest.raises(DatabaseError, match="不可清空"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL fazhi.allow_truncate = 'off'")
            cursor.execute("TRUNCATE audit_auditevent")
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_chainhead")
    assert AuditEvent.objects.count() == 10
    assert services.verify_chain().ok
