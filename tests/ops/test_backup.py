"""docs/security.md 27: `fazhi backup` / `fazhi restore` produce and restore a consistent copy (database,
uploaded files, manifest); a restore into an empty instance reproduces the demo data: every table's
rows, every file's checksum, and the audit chain verifies."""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
import tarfile
from pathlib import Path

import pytest

from tests.ops.helpers import fazhi, pg_url, scratch_pg_database

FILES = {
    "attachments/2026/11/决定书.pdf": b"%PDF-1.4 " + bytes(range(256)) * 40,
    "indicators/reported/2026/报表.xlsx": b"PK\x03\x04" + b"\x00\xff" * 5000,
    "readme.txt": "上传文件".encode(),
}


def _checksums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _tables(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_instance(tmp_path_factory):
    """The demo data plus some uploaded files, and two backups of it: with and without the keys."""
    if pg_url():
        pytest.skip("SQLite 版本；PostgreSQL 见 test_backup_restore_postgresql")
    source = tmp_path_factory.mktemp("source")
    result = fazhi("demo", "--no-serve", data_dir=source)
    assert result.returncode == 0, result.stderr
    for rel, data in FILES.items():
        path = source / "files" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    backups = tmp_path_factory.mktemp("backups")
    out = fazhi("backup", "-o", str(backups / "plain"), data_dir=source)
    assert out.returncode == 0, out.stderr
    out = fazhi("backup", "--with-keys", "-o", str(backups / "keyed.tar.gz"), data_dir=source)
    assert out.returncode == 0, out.stderr
    (plain,) = (backups / "plain").glob("fazhi-backup-*.tar.gz")
    return source, plain, backups / "keyed.tar.gz"


def _assert_same_instance(source: Path, target: Path) -> None:
    source_tables = _tables(source / "fazhi.sqlite3")
    restored_tables = _tables(target / "fazhi.sqlite3")
    assert source_tables.keys() == restored_tables.keys()
    assert sum(len(rows) for rows in source_tables.values()) > 1000
    for name in source_tables:
        assert restored_tables[name] == source_tables[name], name
    assert _checksums(target / "files") == _checksums(source / "files")
    assert len(_checksums(target / "files")) == len(FILES)


def test_restore_into_an_empty_instance_reproduces_database_and_files(demo_instance, tmp_path):
    source, _, keyed = demo_instance
    assert keyed.stat().st_mode & 0o077 == 0  # readable by the owner only
    target = tmp_path / "target"
    out = fazhi("restore", str(keyed), data_dir=target)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "审计链完整" in out.stdout
    _assert_same_instance(source, target)
    assert (target / "keys" / "audit-hmac").read_bytes() == (source / "keys" / "audit-hmac").read_bytes()

    verify = fazhi("audit", "verify", data_dir=target)
    assert verify.returncode == 0, verify.stderr
    assert "审计链完整" in verify.stdout

    again = fazhi("restore", str(keyed), data_dir=target)
    assert again.returncode != 0
    assert "空实例" in again.stderr


def test_without_keys_in_the_backup_restore_needs_the_original_keys(demo_instance, tmp_path):
    source, plain, _ = demo_instance
    target = tmp_path / "t1"
    refused = fazhi("restore", str(plain), data_dir=target)
    assert refused.returncode != 0
    assert "审计密钥" in refused.stderr
    assert not (target / "fazhi.sqlite3").exists()  # nothing was placed
    # The operator brings the keys from key custody, then restores.
    shutil.copytree(source / "keys", target / "keys", dirs_exist_ok=True)
    out = fazhi("restore", str(plain), data_dir=target)
    assert out.returncode == 0, out.stdout + out.stderr
    _assert_same_instance(source, target)


def test_restore_refuses_a_tampered_archive_before_placing_anything(demo_instance, tmp_path):
    _, _, keyed = demo_instance
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(keyed) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name == "files/readme.txt":
                data = "被改动的文件".encode()
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data) if data is not None else None)
    out = fazhi("restore", str(tampered), data_dir=tmp_path / "t")
    assert out.returncode != 0
    assert "readme.txt" in out.stderr and "校验值" in out.stderr
    assert not (tmp_path / "t" / "fazhi.sqlite3").exists()
    assert not (tmp_path / "t" / "files").exists()


def test_backup_restore_postgresql(tmp_path):
    if not pg_url():
        pytest.skip("需要 FAZHI_DATABASE_URL（PostgreSQL）")
    if not shutil.which("pg_dump"):
        pytest.skip("未安装 pg_dump")
    import psycopg

    source_dir, target_dir = tmp_path / "source", tmp_path / "target"
    with scratch_pg_database("fazhi_bk_src") as src_url, scratch_pg_database("fazhi_bk_dst") as dst_url:
        assert fazhi("demo", "--no-serve", data_dir=source_dir, database_url=src_url).returncode == 0
        (source_dir / "files" / "a").mkdir(parents=True)
        (source_dir / "files" / "a" / "x.bin").write_bytes(b"\x00\x01" * 1000)
        out = fazhi(
            "backup",
            "--with-keys",
            "-o",
            str(tmp_path / "pg.tar.gz"),
            data_dir=source_dir,
            database_url=src_url,
        )
        assert out.returncode == 0, out.stderr
        out = fazhi("restore", str(tmp_path / "pg.tar.gz"), data_dir=target_dir, database_url=dst_url)
        assert out.returncode == 0, out.stdout + out.stderr

        def counts(url):
            with psycopg.connect(url) as conn:
                tables = [
                    r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
                ]
                return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}

        assert counts(src_url) == counts(dst_url)
        assert _checksums(target_dir / "files") == _checksums(source_dir / "files")
        assert fazhi("audit", "verify", data_dir=target_dir, database_url=dst_url).returncode == 0
