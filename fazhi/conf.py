"""The one place that reads the environment.

Every setting a deployment may change comes from a ``FAZHI_*`` variable read here; nothing else
in the code base calls ``os.environ``. Secrets that must live outside the database (Django's
secret key, the audit-chain HMAC key) are generated on first use and kept as files in the data
directory's ``keys/`` folder, readable only by the owner.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str | None, default: list[str]) -> list[str]:
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _hours(value: str | None, default: int) -> int:
    if value is None or not value.strip():
        return default
    try:
        hours = int(value.strip())
    except ValueError:
        hours = -1
    if not 0 < hours <= 500:
        raise SystemExit(f"FAZHI_ENFORCEMENT_TRAINING_HOURS 应为1至500之间的整数（学时），现为“{value}”。")
    return hours


def _tighten(path: Path, mode: int) -> None:
    """chmod ``path`` to ``mode`` if it is more open; a file not ours (or gone) is left alone."""
    try:
        if path.stat().st_mode & 0o777 & ~mode:
            os.chmod(path, mode)
    except (FileNotFoundError, PermissionError):
        pass


def tighten_sqlite(path: Path | str) -> None:
    """A SQLite database and its -wal/-shm/-journal files: 0600."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm", "-journal"):
        _tighten(path.with_name(path.name + suffix), 0o600)


def restrict_umask() -> None:
    """Whatever else the process creates (backups, exports, job files, SQLite journals) is the
    owner's only: called by the console script and the WSGI entry point."""
    os.umask(0o077)


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database_url: str | None
    secret_key: str | None
    debug: bool
    allowed_hosts: list[str] = field(default_factory=list)
    audit_key: str | None = None
    production: bool = False
    redis_url: str | None = None  # the job queue on Redis; SQLite in the data dir when unset
    audit_checkpoint_dir: Path | None = None  # signed audit head checkpoints; data dir when unset
    # The public portal's address as printed on paper (the 收件回执 tells where to use the 查询码)
    portal_url: str = ""
    # 行政执法人员每年培训学时 (a provincial rule; commonly 不少于40学时): the 待办 reminder's threshold.
    enforcement_training_hours: int = 40

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("FAZHI_DATA_DIR") or Path.cwd() / "var").resolve()
        return cls(
            data_dir=data_dir,
            database_url=env.get("FAZHI_DATABASE_URL") or None,
            secret_key=env.get("FAZHI_SECRET_KEY") or None,
            debug=_bool(env.get("FAZHI_DEBUG"), False),
            allowed_hosts=_list(env.get("FAZHI_ALLOWED_HOSTS"), ["127.0.0.1", "localhost", "[::1]"]),
            audit_key=env.get("FAZHI_AUDIT_KEY") or None,
            production=_bool(env.get("FAZHI_PRODUCTION"), False),
            redis_url=env.get("FAZHI_REDIS_URL") or None,
            portal_url=(env.get("FAZHI_PORTAL_URL") or "").strip().rstrip("/"),
            enforcement_training_hours=_hours(env.get("FAZHI_ENFORCEMENT_TRAINING_HOURS"), 40),
            audit_checkpoint_dir=Path(env["FAZHI_AUDIT_CHECKPOINT_DIR"]).resolve()
            if env.get("FAZHI_AUDIT_CHECKPOINT_DIR")
            else None,
        )

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "fazhi.sqlite3"

    @property
    def jobs_path(self) -> Path:
        """The job queue's own SQLite file (huey), beside the database (ADR 0008)."""
        return self.data_dir / "jobs.sqlite3"

    def secure_data_dir(self) -> None:
        """Create the data directory and its data files readable by the owner only (0700 / 0600;
        issue 10 item 16), tightening any that an earlier version created 0644/0755. A database file
        SQLite creates later is tightened when the connection opens (``tighten_sqlite``)."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        for folder in (self.data_dir, self.media_dir):  # files/ itself is made by the storage, 0700
            _tighten(folder, 0o700)
        for path in (self.sqlite_path, self.jobs_path):
            tighten_sqlite(path)

    def stored_secret(self, name: str, explicit: str | None = None, nbytes: int = 48) -> str:
        """Return ``explicit`` if set, else the secret kept in ``keys/<name>``, creating it once."""
        if explicit:
            return explicit
        path = self.keys_dir / name
        if path.exists():
            return path.read_text(encoding="ascii").strip()
        self.keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        value = secrets.token_urlsafe(nbytes)
        # O_EXCL: if two processes race on first start, one wins and the other reads its value.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text(encoding="ascii").strip()
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(value)
        return value


config = Config.from_env()
