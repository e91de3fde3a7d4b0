"""Issue 10 item 13: a process killed during an upload left a file no row refers to, and backups
carried it on. A check lists such orphans (and rows whose file is gone); a sweep moves them out."""

from __future__ import annotations

import datetime as dt
import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from fazhi.core.audit.models import AuditEvent
from fazhi.core.ops import orphans
from fazhi.core.workflow.attachments import attachment_upload
from tests import factories
from tests.reconsideration import factories as rec

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    return settings.MEDIA_ROOT


@pytest.fixture
def stored(tree, media):
    officer = factories.user(tree["east_justice"], roles=("officer",), username="orphan_officer")
    case = rec.registered(tree["east_justice"], officer, dt.date(2026, 3, 2))
    return attachment_upload(
        record=case, upload=SimpleUploadedFile("证据.pdf", b"%PDF-1.7\nkept"), kind="证据材料", actor=officer
    )


def _left_by_a_killed_upload(media, name: str, hours_ago: float):
    """What SIGKILL between storing the file and committing its row leaves behind."""
    path = media / "attachments" / "450206" / "ab" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.7\norphan")
    then = time.time() - hours_ago * 3600
    os.utime(path, (then, then))
    return path


def test_check_lists_old_orphans_but_not_uploads_in_progress(stored, media):
    old = _left_by_a_killed_upload(media, "ab" + "0" * 62, hours_ago=30)
    _left_by_a_killed_upload(media, "ab" + "1" * 62, hours_ago=0.1)
    report = orphans.check()
    assert report.orphans == [old.relative_to(media).as_posix()]
    assert report.young == 1 and report.referenced == 1 and not report.missing
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("files", "check", stdout=out)
    assert exit_.value.code == 1 and "孤立文件 1 个" in out.getvalue()


def test_sweep_moves_orphans_out_of_the_upload_folder_and_keeps_referenced_files(stored, media, tmp_path):
    old = _left_by_a_killed_upload(media, "ab" + "0" * 62, hours_ago=30)
    young = _left_by_a_killed_upload(media, "ab" + "1" * 62, hours_ago=0.1)
    out = io.StringIO()
    call_command("files", "sweep", stdout=out)
    assert "已把 1 个孤立文件移到" in out.getvalue()
    assert not old.exists() and young.exists()
    assert (media / stored.file.name).exists()
    quarantined = list((tmp_path / "orphans").rglob(old.name))
    assert len(quarantined) == 1 and (quarantined[0].stat().st_mode & 0o777) == 0o600
    row = AuditEvent.objects.get(action="files.sweep")
    assert row.detail["count"] == 1
    assert orphans.check().clean


def test_check_names_a_row_whose_file_is_gone(stored, media):
    (media / stored.file.name).unlink()
    report = orphans.check()
    assert report.missing == [f"workflow.attachment #{stored.pk}: {stored.file.name}"]


def test_the_nightly_job_sweeps(stored, media):
    from fazhi.core.jobs import tasks

    old = _left_by_a_killed_upload(media, "ab" + "0" * 62, hours_ago=30)
    run = tasks.run_orphan_sweep(trigger="schedule")
    assert run.detail["moved"] == 1 and not old.exists()
