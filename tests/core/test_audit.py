"""Audit chain (docs/security.md 12–14, issue #2 item 7): append-only, HMAC-SM3, fail closed, verifiable."""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import subprocess
import sys
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction
from django.test import override_settings

from fazhi.core.audit import context, services
from fazhi.core.audit.models import AuditEvent, AuditImmutable, ChainHead
from fazhi.core.models import Organisation, OrganisationKind
from tests import factories

TABLE = AuditEvent._meta.db_table


def _sql(statement: str, params=()) -> None:
    """Tamper as someone who bypasses every guard: on PostgreSQL the audit triggers (audit migration
    0002_immutable_pg) refuse these statements, so this plays a superuser who switches triggers off."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(statement.replace("{t}", connection.ops.quote_name(TABLE)), params)


def _verify_cmd() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err, no_color=True)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def _events(n: int) -> list[AuditEvent]:
    return [
        services.record("test.event", object_type="tests.thing", object_id=str(i), detail={"n": i})
        for i in range(n)
    ]


def test_sm3_known_answer():
    # GB/T 32905-2016 appendix A, example 1.
    assert (
        hashlib.new("sm3", b"abc").hexdigest()
        == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


def test_digest_is_hmac_sm3_over_previous_digest_and_content(db, settings):
    first, second = _events(2)
    assert first.prev_digest == services.GENESIS
    assert second.prev_digest == first.digest
    expected = hmac.new(
        settings.AUDIT_KEY.encode(), first.digest.encode() + services._canonical(second), "sm3"
    ).hexdigest()
    assert second.digest == expected
    head = ChainHead.objects.get(id=1)
    assert (head.last_id, head.last_digest) == (second.pk, second.digest)


def test_verify_on_fresh_database_with_no_events(db):
    code, out, _ = _verify_cmd()
    assert code == 0
    assert "审计链完整，共校验 0 条" in out


def test_verify_reports_count_when_intact(db):
    _events(5)
    code, out, err = _verify_cmd()
    assert code == 0, err
    assert "审计链完整，共校验 5 条" in out


def test_record_captures_request_context_and_object(db, tree):
    token = context.activate(
        context.RequestContext(user_id=7, username="li", roles="officer", ip="10.0.0.8", request_id="r1")
    )
    try:
        event = services.record("organisation.view", obj=tree["east_justice"])
    finally:
        context.reset(token)
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.username, event.ip, event.request_id) == ("li", "10.0.0.8", "r1")
    assert event.object_type == "core.organisation"
    assert event.object_id == str(tree["east_justice"].pk)
    assert event.object_repr == "东区司法局"


def test_explicit_user_overrides_context(db, tree):
    user = factories.user(tree["east_justice"], roles=("officer", "reviewer"), username="wang")
    event = services.record("auth.login", user=user)
    assert (event.user_id, event.username, event.roles) == (user.pk, "wang", "officer,reviewer")


def test_values_the_database_would_change_still_verify(db):
    # An int object id, a tuple and a date in detail, an over-long repr: all normalised before hashing.
    import datetime as dt

    services.record(
        "test.odd",
        object_type="tests.thing",
        object_id=42,
        object_repr="长" * 300,
        detail={"when": dt.date(2026, 10, 8), "pair": (1, 2), 3: "int key"},
    )
    stored = AuditEvent.objects.get()
    assert stored.object_id == "42"
    assert len(stored.object_repr) == 200
    assert stored.detail == {"when": "2026-10-08", "pair": [1, 2], "3": "int key"}
    assert services.verify_chain().ok


def test_raw_sql_update_of_one_row_is_named(db):
    events = _events(5)
    target = events[2]
    _sql("UPDATE {t} SET username = %s WHERE id = %s", ["篡改者", target.pk])
    result = services.verify_chain()
    assert not result.ok
    assert result.first_bad_id == target.pk
    assert "篡改" in result.reason
    assert result.checked == 2
    code, _, err = _verify_cmd()
    assert code == 1
    assert f"记录 id={target.pk} " in err


def test_raw_sql_update_of_detail_json_is_named(db):
    events = _events(3)
    _sql("UPDATE {t} SET detail = %s WHERE id = %s", ['{"n": 999}', events[1].pk])
    assert services.verify_chain().first_bad_id == events[1].pk


def test_tampering_with_a_recomputed_digest_needs_the_key(db):
    # An attacker who rewrites a row and recomputes its digest without the real key is still caught.
    events = _events(3)
    target = AuditEvent.objects.get(pk=events[1].pk)
    target.username = "伪造"
    with override_settings(AUDIT_KEY="a-guessed-key-that-is-long-enough"):
        forged = services.compute_digest(target.prev_digest, target)
    _sql("UPDATE {t} SET username = %s, digest = %s WHERE id = %s", ["伪造", forged, target.pk])
    result = services.verify_chain()
    assert result.first_bad_id == target.pk


def test_verify_uses_the_key_from_settings(db):
    _events(2)
    with override_settings(AUDIT_KEY="another-key-kept-elsewhere-xxxx"):
        result = services.verify_chain()
    assert not result.ok
    assert result.first_bad_id == AuditEvent.objects.order_by("id").first().pk


def test_missing_or_short_key_is_refused(db):
    with override_settings(AUDIT_KEY=""), pytest.raises(ImproperlyConfigured):
        services.record("test.event")
    assert AuditEvent.objects.count() == 0


def test_raw_sql_delete_of_middle_row_is_detected(db):
    events = _events(5)
    _sql("DELETE FROM {t} WHERE id = %s", [events[2].pk])
    result = services.verify_chain()
    assert not result.ok
    # The gap shows at the next surviving row, which no longer links to its predecessor.
    assert result.first_bad_id == events[3].pk
    assert f"#{events[1].pk}" in result.reason
    code, _, err = _verify_cmd()
    assert code == 1
    assert f"记录 id={events[3].pk} " in err


def test_raw_sql_delete_of_last_row_is_detected(db):
    events = _events(3)
    _sql("DELETE FROM {t} WHERE id = %s", [events[-1].pk])
    result = services.verify_chain()
    assert not result.ok
    assert result.first_bad_id == events[-1].pk
    assert "末尾" in result.reason


def test_deleting_every_row_is_detected(db):
    _events(2)
    _sql("DELETE FROM {t}")
    result = services.verify_chain()
    assert not result.ok
    assert result.checked == 0


def test_rows_appended_after_the_head_was_read_do_not_raise_a_false_alarm(db, monkeypatch):
    _events(2)
    # Simulate a writer committing between verify's read of the head and its walk of the rows.
    original = services._rows

    def rows_with_concurrent_append(after_id, batch):
        services.record("test.concurrent")
        yield from original(after_id, batch)

    monkeypatch.setattr(services, "_rows", rows_with_concurrent_append)
    result = services.verify_chain()
    assert result.ok
    assert result.checked == 3


def test_orm_cannot_update_or_delete(db):
    event = _events(1)[0]
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditImmutable):
        event.delete()
    event.username = "x"
    with pytest.raises(AuditImmutable):
        event.save()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.bulk_update([event], ["username"])
    assert AuditEvent.objects.get(pk=event.pk).username == ""
    assert services.verify_chain().ok


def test_orm_cannot_insert_rows_outside_the_chain(db):
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.create(action="forged", digest="f" * 64, prev_digest="0" * 64)
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.bulk_create([AuditEvent(action="forged", digest="e" * 64, prev_digest="0" * 64)])
    assert AuditEvent.objects.count() == 0


def test_audit_failure_rolls_back_the_business_write(db, monkeypatch):
    region = factories.region()

    def broken(*args, **kwargs):
        raise RuntimeError("审计存储不可用")

    monkeypatch.setattr(services, "compute_digest", broken)
    with pytest.raises(RuntimeError), transaction.atomic():
        org = Organisation.objects.create(name="回滚测试局", kind=OrganisationKind.DEPARTMENT, region=region)
        services.record("organisation.create", obj=org)
    assert not Organisation.objects.filter(name="回滚测试局").exists()
    assert AuditEvent.objects.count() == 0


def test_business_write_and_audit_row_commit_together(db):
    region = factories.region()
    with transaction.atomic():
        org = Organisation.objects.create(name="提交测试局", kind=OrganisationKind.DEPARTMENT, region=region)
        services.record("organisation.create", obj=org)
    assert AuditEvent.objects.get().object_id == str(org.pk)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    # Each thread commits its own transactions; the head lock (PostgreSQL) or the IMMEDIATE write
    # lock (SQLite) must serialise them so no two rows claim the same predecessor.
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("shared-cache in-memory SQLite reports table locks instead of waiting")
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    services.record("test.concurrent", object_id=f"{n}-{i}")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = services.verify_chain()
    assert result.ok, result.reason
    assert result.checked == 40
    assert len(set(AuditEvent.objects.values_list("prev_digest", flat=True))) == 40


def test_cli_verify_on_a_database_never_migrated(tmp_path):
    env = {**os.environ, "FAZHI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    env.pop("FAZHI_DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "审计链完整，共校验 0 条" in proc.stdout


# --- admin: read-only, audit administrator only --------------------------------------------------


@pytest.fixture
def auditor(db):
    return factories.user(None, roles=("auditadmin",), username="auditor", is_staff=True)


def test_admin_lists_filters_and_searches_for_the_audit_admin(client, auditor, tree):
    services.record("auth.login", object_repr="登录", user=auditor)
    services.record("organisation.create", obj=tree["east_justice"], result="failed")
    client.force_login(auditor)
    url = "/admin/audit/auditevent/"

    def shown(**params) -> set[str]:
        page = client.get(url, params)
        assert page.status_code == 200
        return {event.action for event in page.context["cl"].result_list}

    assert shown() == {"auth.login", "organisation.create"}
    assert shown(result="failed") == {"organisation.create"}
    assert shown(action="auth.login") == {"auth.login"}
    assert shown(q="东区司法") == {"organisation.create"}
    assert shown(q="auditor") == {"auth.login"}
    assert "东区司法局" in client.get(url).text


def test_admin_cannot_add_change_or_delete(client, auditor):
    event = services.record("auth.login", user=auditor)
    client.force_login(auditor)
    base = "/admin/audit/auditevent/"
    assert client.get(base + "add/").status_code == 403
    assert client.post(base + "add/", {"action": "forged"}).status_code == 403
    change = client.get(f"{base}{event.pk}/change/")
    assert change.status_code == 200  # view-only page
    assert 'name="_save"' not in change.text
    assert client.post(f"{base}{event.pk}/change/", {"action": "x"}).status_code == 403
    assert client.post(f"{base}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = client.post(base, {"action": "delete_selected", "_selected_action": [event.pk]})
    assert bulk.status_code in (200, 302, 403)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert services.verify_chain().ok


def test_admin_hides_audit_from_other_administrators(client, db):
    sysadmin = factories.user(None, roles=("sysadmin",), username="sys", is_staff=True)
    services.record("auth.login", user=sysadmin)
    client.force_login(sysadmin)
    assert client.get("/admin/audit/auditevent/").status_code == 403


# --- signed head checkpoints outside the database (issue 10 item 5) --------------------------------


def test_truncating_the_tail_and_the_head_after_a_checkpoint_is_detected(db):
    from fazhi.core.audit import checkpoints

    _events(3)
    checkpoint = checkpoints.write()
    assert checkpoints.path().stat().st_mode & 0o777 == 0o600
    _sql("DELETE FROM {t}")
    ChainHead.objects.all().delete()
    result = services.verify_chain()
    assert not result.ok
    assert result.first_bad_id == checkpoint.last_id and "末尾记录被删除" in result.reason
    code, _, err = _verify_cmd()
    assert code == 1 and "末尾记录被删除" in err
    # a restore checks the chain as backed up and reports the checkpoint instead of refusing
    assert services.verify_chain(against_checkpoint=False).ok


def test_cutting_the_last_rows_and_rewinding_the_head_is_detected(db):
    from fazhi.core.audit import checkpoints

    events = _events(4)
    checkpoints.write()
    _sql("DELETE FROM {t} WHERE id > %s", [events[1].pk])
    ChainHead.objects.filter(id=1).update(last_id=events[1].pk, last_digest=events[1].digest)
    result = services.verify_chain()
    assert not result.ok and result.first_bad_id == events[-1].pk
    # and the next scheduled checkpoint refuses to bless the truncated chain
    with pytest.raises(checkpoints.CheckpointRefused, match="末尾记录被删除"):
        checkpoints.write()
    assert len(checkpoints.path().read_text().splitlines()) == 1


def test_a_forged_checkpoint_is_refused(db):
    from fazhi.core.audit import checkpoints

    _events(2)
    checkpoints.write()
    line = checkpoints.path().read_text().replace('"last_id": ', '"last_id": 1').strip()
    checkpoints.path().write_text(line + "\n")
    result = services.verify_chain()
    assert not result.ok and "签名无效" in result.reason


def test_checkpoint_command_and_scheduled_job_write_a_verifiable_checkpoint(db):
    from fazhi.core.audit import checkpoints
    from fazhi.core.jobs import tasks
    from fazhi.core.jobs.models import JobStatus

    events = _events(2)
    out = io.StringIO()
    call_command("audit", "checkpoint", stdout=out)
    assert f"记录 id={events[-1].pk}" in out.getvalue() and "签名" in out.getvalue()
    services.record("test.more")
    run = tasks.run_audit_checkpoint(trigger="schedule")
    assert run.status == JobStatus.DONE
    latest, problem = checkpoints.latest()
    assert not problem and latest.last_id == ChainHead.objects.get(id=1).last_id
    assert services.verify_chain().ok
    code, out_text, _ = _verify_cmd()
    assert code == 0 and "链头检查点" in out_text
