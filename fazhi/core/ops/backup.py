"""Consistent online backup and restore of one instance (docs/security.md 27).

A backup is one ``.tar.gz``:

``manifest.json``  format, time, database engine, row count of every table, SHA-256 of the database
                   copy and of every uploaded file, the audit chain head (id, digest), fingerprints of
                   the keys;
``manifest.sig``   HMAC-SM3 of ``manifest.json`` under the audit key (kept outside the database);
``db/``            ``fazhi.sqlite3`` (SQLite online backup API: a consistent snapshot while the site
                   keeps running) or ``fazhi.pgdump`` (``pg_dump --format=custom`` of an exported
                   snapshot, the row counts taken in the same snapshot);
``files/``         the uploaded files (``FAZHI_DATA_DIR/files``);
``keys/``          only with ``--with-keys``: the key files. Keep such an archive as secret as the keys.

The database is copied first and the files after it, so every file the copied database refers to is
in the archive (a file uploaded during the backup may be in it without a row: harmless).

Restore only goes into an empty instance (no database tables, no uploaded files), checks the manifest
signature and every checksum before placing anything, then compares the row counts and the audit
head with the manifest and verifies the whole audit chain.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

FORMAT = "fazhi-backup/1"
ALLOWED_TOP = {"manifest.json", "manifest.sig", "db", "files", "keys"}


class BackupError(Exception):
    """A refusal or failure, with a Chinese message for the operator."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def key_fingerprint(value: str | bytes) -> str:
    """A short, one-way fingerprint of a high-entropy key: says whether two keys match, nothing more."""
    data = value.encode() if isinstance(value, str) else value
    return hashlib.sha256(b"fazhi-key-fingerprint\x00" + data.strip()).hexdigest()[:16]


def _sign(manifest_bytes: bytes, key: str) -> str:
    return hmac.new(key.encode(), manifest_bytes, "sm3").hexdigest()


def _engine(alias: str = DEFAULT_DB_ALIAS) -> str:
    return connections[alias].vendor  # "sqlite" or "postgresql"


def _keys_dir() -> Path:
    return Path(settings.DATA_DIR) / "keys"


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _key_fingerprints() -> dict[str, str]:
    prints = {}
    keys = _keys_dir()
    if keys.is_dir():
        for path in sorted(keys.iterdir()):
            if path.is_file():
                prints[path.name] = key_fingerprint(path.read_bytes())
    prints["audit-hmac:effective"] = key_fingerprint(settings.AUDIT_KEY)
    return prints


# --- database copies ---------------------------------------------------------------------------


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}


def _sqlite_head(conn: sqlite3.Connection) -> dict | None:
    try:
        row = conn.execute("SELECT last_id, last_digest FROM audit_chainhead WHERE id=1").fetchone()
    except sqlite3.OperationalError:
        return None
    return {"last_id": row[0], "last_digest": row[1]} if row else None


def _backup_sqlite(staging: Path) -> dict:
    source_path = settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"]
    if not Path(source_path).exists():
        raise BackupError(f"数据库文件不存在：{source_path}")
    target = staging / "db" / "fazhi.sqlite3"
    target.parent.mkdir(parents=True)
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # the online backup API: a consistent snapshot, writers keep going
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"数据库副本完整性检查未通过：{check}")
        counts = _sqlite_counts(copy)
        head = _sqlite_head(copy)
    finally:
        copy.close()
        source.close()
    return {"file": "db/fazhi.sqlite3", "counts": counts, "audit_head": head}


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES[DEFAULT_DB_ALIAS]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"未找到 {name}：PostgreSQL 的备份与恢复需要安装 PostgreSQL 客户端工具。")
    return path


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _pg_counts(cursor) -> dict[str, int]:
    counts = {}
    for name in _pg_tables(cursor):
        cursor.execute(f'SELECT count(*) FROM "{name}"')
        counts[name] = cursor.fetchone()[0]
    return counts


def _pg_head(cursor) -> dict | None:
    if "audit_chainhead" not in _pg_tables(cursor):
        return None
    cursor.execute("SELECT last_id, last_digest FROM audit_chainhead WHERE id = 1")
    row = cursor.fetchone()
    return {"last_id": row[0], "last_digest": row[1]} if row else None


def _backup_postgresql(staging: Path) -> dict:
    pg_dump = _pg_tool("pg_dump")
    target = staging / "db" / "fazhi.pgdump"
    target.parent.mkdir(parents=True)
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic(using=DEFAULT_DB_ALIAS), connection.cursor() as cursor:
        # One snapshot for the dump and for the counts in the manifest.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        result = subprocess.run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()}")
        counts = _pg_counts(cursor)
        head = _pg_head(cursor)
    return {"file": "db/fazhi.pgdump", "counts": counts, "audit_head": head}


# --- backup ------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict = field(default_factory=dict)


def _stage_files(staging: Path) -> dict[str, str]:
    """Copy the uploaded files (hashing what was copied) into the staging directory."""
    root = _media_root()
    hashes: dict[str, str] = {}
    if not root.is_dir():
        return hashes
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        dest = staging / "files" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(path, dest)
        except FileNotFoundError:  # deleted while we were copying
            continue
        hashes[rel] = sha256_file(dest)
    return hashes


def _output_path(output: Path | None) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    name = f"fazhi-backup-{stamp}.tar.gz"
    if output is None:
        output = Path(settings.DATA_DIR) / "backups"
    if output.is_dir() or str(output).endswith(os.sep) or not output.suffix:
        output.mkdir(parents=True, exist_ok=True, mode=0o700)
        return output / name
    output.parent.mkdir(parents=True, exist_ok=True)
    return output


def create_backup(output: Path | None = None, *, with_keys: bool = False) -> BackupResult:
    target = _output_path(Path(output) if output else None)
    if target.exists():
        raise BackupError(f"备份文件已存在，不覆盖：{target}")
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix=".fazhi-backup-", dir=target.parent) as tmp:
        staging = Path(tmp)
        if engine == "sqlite":
            db = _backup_sqlite(staging)
        elif engine == "postgresql":
            db = _backup_postgresql(staging)
        else:  # pragma: no cover
            raise BackupError(f"不支持的数据库：{engine}")
        db["sha256"] = sha256_file(staging / db["file"])
        files = _stage_files(staging)  # after the database: every file it refers to is present
        keys = {}
        if with_keys and _keys_dir().is_dir():
            (staging / "keys").mkdir()
            for path in sorted(_keys_dir().iterdir()):
                if path.is_file():
                    shutil.copyfile(path, staging / "keys" / path.name)
                    keys[path.name] = sha256_file(staging / "keys" / path.name)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": db,
            "files": files,
            "keys_included": keys,
            "key_fingerprints": _key_fingerprints(),
        }
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        partial = target.with_name(target.name + ".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            for name, data in (
                ("manifest.json", manifest_bytes),
                ("manifest.sig", _sign(manifest_bytes, settings.AUDIT_KEY).encode()),
            ):
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
                tar.addfile(info, io.BytesIO(data))
            for sub in ("db", "files", "keys"):
                if (staging / sub).exists():
                    tar.add(staging / sub, arcname=sub)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    return BackupResult(target, manifest)


# --- restore -----------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict
    tables: int
    rows: int
    files: int
    audit_checked: int


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        name = PurePosixPath(member.name)
        if name.is_absolute() or ".." in name.parts or not name.parts or name.parts[0] not in ALLOWED_TOP:
            raise BackupError(f"备份包含不允许的路径：{member.name}")
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"备份包含不允许的条目类型：{member.name}")
        members.append(member)
    return members


def _target_is_empty() -> list[str]:
    """Reasons the target instance is not empty (an empty list: it is)."""
    reasons = []
    engine = _engine()
    if engine == "sqlite":
        name = Path(settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"])
        for path in (name, Path(f"{name}-wal")):
            if path.exists() and path.stat().st_size > 0:
                probe = sqlite3.connect(name)
                try:
                    tables = _sqlite_counts(probe)
                finally:
                    probe.close()
                if tables:
                    reasons.append(f"数据库 {name} 已有 {len(tables)} 张表")
                break
    else:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            tables = _pg_tables(cursor)
        if tables:
            reasons.append(f"数据库 {settings.DATABASES[DEFAULT_DB_ALIAS]['NAME']} 已有 {len(tables)} 张表")
    media = _media_root()
    if media.is_dir() and any(p.is_file() for p in media.rglob("*")):
        reasons.append(f"文件目录 {media} 不是空的")
    return reasons


def _effective_audit_key(staged: Path, manifest: dict) -> str:
    """The audit key the restored instance will use (the archive's, when it carries the keys)."""
    included = manifest.get("keys_included") or {}
    from fazhi.conf import config

    if "audit-hmac" in included and not config.audit_key:
        return (staged / "keys" / "audit-hmac").read_text(encoding="ascii").strip()
    return settings.AUDIT_KEY


def _check_keys(staged: Path, manifest: dict, audit_key: str) -> None:
    prints = manifest.get("key_fingerprints") or {}
    included = manifest.get("keys_included") or {}
    problems = []
    if prints.get("audit-hmac:effective") and key_fingerprint(audit_key) != prints["audit-hmac:effective"]:
        problems.append("审计密钥（audit-hmac）")
    keys_dir = _keys_dir()
    for name, fingerprint in prints.items():
        if name.endswith(":effective") or name in included or name in {"django-secret", "audit-hmac"}:
            continue
        path = keys_dir / name
        if not path.exists() or key_fingerprint(path.read_bytes()) != fingerprint:
            problems.append(f"密钥 {name}")
    if problems:
        raise BackupError(
            "目标实例的" + "、".join(problems) + "与备份时不一致：请先把原实例 keys/ 目录中的密钥复制到"
            "目标数据目录（或设置相同的 FAZHI_AUDIT_KEY），或使用带 --with-keys 生成的备份。"
        )


def restore_backup(archive: Path, *, progress=lambda message: None) -> RestoreResult:
    from fazhi.core.audit.services import verify_chain

    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"备份文件不存在：{archive}")
    reasons = _target_is_empty()
    if reasons:
        raise BackupError("恢复只能在空实例上进行，目标不是空的：" + "；".join(reasons) + "。")
    data_dir = Path(settings.DATA_DIR)
    with tempfile.TemporaryDirectory(prefix=".fazhi-restore-", dir=data_dir) as tmp:
        staged = Path(tmp)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                members = _safe_members(tar)
                tar.extractall(staged, members=members, filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"备份文件无法读取（已损坏或不是 Fazhi 备份）：{exc}") from exc
        try:
            manifest_bytes = (staged / "manifest.json").read_bytes()
            signature = (staged / "manifest.sig").read_text(encoding="ascii").strip()
            manifest = json.loads(manifest_bytes)
        except (OSError, ValueError) as exc:
            raise BackupError("备份缺少清单（manifest.json / manifest.sig）。") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"不认识的备份格式：{manifest.get('format')}")
        engine = _engine()
        if manifest["engine"] != engine:
            raise BackupError(f"备份来自 {manifest['engine']} 数据库，目标实例使用 {engine}，不能直接恢复。")
        # 1. integrity of everything before anything is placed
        for name, expected in (manifest.get("keys_included") or {}).items():
            if sha256_file(staged / "keys" / name) != expected:
                raise BackupError(f"密钥文件 {name} 的校验值与清单不符。")
        audit_key = _effective_audit_key(staged, manifest)
        if not hmac.compare_digest(_sign(manifest_bytes, audit_key), signature):
            _check_keys(staged, manifest, audit_key)  # a clearer message when the key is the cause
            raise BackupError("备份清单签名校验失败：清单被改动，或不是用本实例的审计密钥生成的。")
        _check_keys(staged, manifest, audit_key)
        db = manifest["database"]
        if sha256_file(staged / db["file"]) != db["sha256"]:
            raise BackupError("数据库副本的校验值与清单不符（备份已损坏或被改动）。")
        for rel, expected in manifest["files"].items():
            path = staged / "files" / rel
            if not path.is_file() or sha256_file(path) != expected:
                raise BackupError(f"文件 {rel} 缺失或校验值与清单不符。")
        progress(f"校验通过：数据库副本、{len(manifest['files'])} 个文件。")

        # 2. place keys, database and files
        for name in manifest.get("keys_included") or {}:
            keys_dir = _keys_dir()
            keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            dest = keys_dir / name
            shutil.copyfile(staged / "keys" / name, dest)
            os.chmod(dest, 0o600)
        if settings.AUDIT_KEY != audit_key:
            settings.AUDIT_KEY = audit_key
        if engine == "sqlite":
            connections[DEFAULT_DB_ALIAS].close()
            name = Path(settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"])
            for leftover in (Path(f"{name}-wal"), Path(f"{name}-shm"), name):
                leftover.unlink(missing_ok=True)
            os.replace(staged / db["file"], name)
        else:
            connections[DEFAULT_DB_ALIAS].close()
            result = subprocess.run(
                [
                    _pg_tool("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={settings.DATABASES[DEFAULT_DB_ALIAS]['NAME']}",
                    str(staged / db["file"]),
                ],
                env=_pg_env(),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore 失败：{result.stderr.strip()}")
        media = _media_root()
        for rel in manifest["files"]:
            dest = media / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged / "files" / rel, dest)
        progress("数据库与文件已放回。")

    # 3. compare with the manifest and verify the audit chain
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        if engine == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            check = cursor.fetchone()[0]
            if check != "ok":
                raise BackupError(f"恢复后的数据库完整性检查未通过：{check}")
            raw = sqlite3.connect(settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"])
            try:
                counts, head = _sqlite_counts(raw), _sqlite_head(raw)
            finally:
                raw.close()
        else:
            counts, head = _pg_counts(cursor), _pg_head(cursor)
    differ = sorted(
        name for name in set(counts) | set(db["counts"]) if counts.get(name) != db["counts"].get(name)
    )
    if differ:
        raise BackupError("恢复后的行数与清单不一致：" + "、".join(differ[:10]))
    if head != db.get("audit_head"):
        raise BackupError("恢复后的审计链头与清单不一致。")
    for rel, expected in manifest["files"].items():
        if sha256_file(_media_root() / rel) != expected:
            raise BackupError(f"恢复后的文件 {rel} 校验值不符。")
    checked = 0
    if head:
        # The chain as backed up; a head checkpoint written after the backup (rows since lost) is
        # reported, not a reason to refuse the restore.
        result = verify_chain(against_checkpoint=False)
        if not result.ok:
            raise BackupError(f"恢复后审计链校验失败：记录 id={result.first_bad_id}——{result.reason}")
        checked = result.checked
        from fazhi.core.audit import checkpoints

        anchor, _ = checkpoints.latest()
        if anchor is not None and anchor.last_id > (result.last_id or 0):
            progress(
                f"注意：链头检查点（{anchor.at}）登记到审计记录 id={anchor.last_id}，恢复的审计链止于 "
                f"id={result.last_id}：备份之后的审计记录未能恢复。请安全管理员核实后将检查点文件 "
                f"{checkpoints.path()} 移存，再运行 fazhi audit checkpoint。"
            )
    return RestoreResult(manifest, len(counts), sum(counts.values()), len(manifest["files"]), checked)
