"""Issue 10 item 16: the database and uploaded files were created 0644 (keys were 0600). The data
directory, its database files and uploads are now the owner's only."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.conf import Config


def mode(path) -> int:
    return path.stat().st_mode & 0o777


def test_the_data_dir_and_its_database_files_are_created_for_the_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        config = Config.from_env({"FAZHI_DATA_DIR": str(tmp_path / "data")})
        config.secure_data_dir()
    finally:
        os.umask(old)
    assert mode(config.data_dir) == 0o700


def test_a_sqlite_database_is_owner_only_once_opened(tmp_path):
    """SQLite creates the file under the umask; the connection_created receiver tightens it."""
    import sqlite3
    from types import SimpleNamespace

    from django.db.backends.signals import connection_created

    from fazhi.core.apps import _tighten_sqlite_file

    path = tmp_path / "new.sqlite3"
    old = os.umask(0o022)
    try:
        sqlite3.connect(path).execute("CREATE TABLE t (x int)").connection.close()
    finally:
        os.umask(old)
    assert mode(path) == 0o644
    assert any("fazhi.core.tighten_sqlite" in str(receiver[0]) for receiver in connection_created.receivers)
    _tighten_sqlite_file(None, SimpleNamespace(vendor="sqlite", settings_dict={"NAME": str(path)}))
    assert mode(path) == 0o600


def test_files_an_earlier_version_left_open_are_tightened(tmp_path):
    config = Config.from_env({"FAZHI_DATA_DIR": str(tmp_path / "data")})
    config.data_dir.mkdir(mode=0o755)
    os.chmod(config.data_dir, 0o755)
    config.sqlite_path.write_bytes(b"")
    wal = config.sqlite_path.with_name("fazhi.sqlite3-wal")
    wal.write_bytes(b"")
    for path in (config.sqlite_path, wal):
        os.chmod(path, 0o644)
    config.secure_data_dir()
    assert mode(config.data_dir) == 0o700
    assert mode(config.sqlite_path) == 0o600 and mode(wal) == 0o600


def test_the_console_script_creates_everything_else_owner_only(monkeypatch):
    from fazhi import cli

    seen = []
    real = os.umask
    monkeypatch.setattr(os, "umask", lambda value: seen.append(value) or real(real(value)))
    old = real(0o022)
    try:
        cli.main(["version"])
        assert seen and seen[0] == 0o077
    finally:
        real(old)


@pytest.mark.django_db
def test_an_uploaded_file_and_its_folder_are_owner_only(settings, tmp_path, tree):
    from fazhi.core.workflow.attachments import attachment_upload
    from tests import factories
    from tests.reconsideration import factories as rec

    settings.MEDIA_ROOT = tmp_path / "media"
    officer = factories.user(tree["east_justice"], roles=("officer",), username="perm_officer")
    case = rec.registered(tree["east_justice"], officer, dt.date(2026, 3, 2))
    old = os.umask(0o022)
    try:
        attachment = attachment_upload(
            record=case, upload=SimpleUploadedFile("证据.pdf", b"%PDF-1.7\n"), kind="证据材料", actor=officer
        )
    finally:
        os.umask(old)
    stored = tmp_path / "media" / attachment.file.name
    assert mode(stored) == 0o600
    assert mode(stored.parent) == 0o700
