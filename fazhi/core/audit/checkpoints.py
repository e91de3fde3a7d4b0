"""Signed head checkpoints kept outside the database (issue 10 item 5).

The chain proves that no row was changed or removed in the middle, but someone who can write to the
database can cut rows off its END and rewind ``ChainHead`` to match (down to deleting every row and
the head). A checkpoint records the head — last row id and its digest — signed with HMAC-SM3 under
the audit key (also outside the database), appended as one JSON line to a file in
``settings.AUDIT_CHECKPOINT_DIR`` (default ``<data dir>/audit-checkpoints/``; put it on another
disk or a write-once mount where one exists). The job runner writes one every hour (``fazhi audit
checkpoint`` by hand; its output line can be copied to an external witness, e.g. the ops log).

``verify_chain`` then requires the latest checkpoint's row to be present with the checkpointed
digest: rows deleted from the end after a checkpoint are reported. A new checkpoint is refused when
the previous one's row is gone, so a truncation is never blessed by the next scheduled run.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

FILE_NAME = "checkpoints.jsonl"


class CheckpointRefused(Exception):
    """The chain in the database no longer holds what the latest checkpoint recorded."""


@dataclass(frozen=True)
class HeadCheckpoint:
    at: str
    last_id: int
    last_digest: str
    signature: str

    def line(self) -> str:
        return json.dumps(
            {
                "at": self.at,
                "last_id": self.last_id,
                "last_digest": self.last_digest,
                "signature": self.signature,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    def witness(self) -> str:
        """The one line to copy to an external witness."""
        return f"审计链头检查点 {self.at}：记录 id={self.last_id}，摘要 {self.last_digest}，签名 {self.signature}"


def directory() -> Path:
    return Path(
        getattr(settings, "AUDIT_CHECKPOINT_DIR", None) or Path(settings.DATA_DIR) / "audit-checkpoints"
    )


def path() -> Path:
    return directory() / FILE_NAME


def sign(at: str, last_id: int, last_digest: str) -> str:
    from fazhi.core.audit.services import _key

    message = f"head-checkpoint|{at}|{last_id}|{last_digest}"
    return hmac.new(_key(), message.encode(), "sm3").hexdigest()


def latest() -> tuple[HeadCheckpoint | None, str]:
    """(the latest checkpoint, problem): ``problem`` is a Chinese sentence when the file's last line is
    unreadable or its signature does not verify."""
    file = path()
    if not file.exists():
        return None, ""
    lines = [line for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        return None, ""
    try:
        data = json.loads(lines[-1])
        checkpoint = HeadCheckpoint(
            at=str(data["at"]),
            last_id=int(data["last_id"]),
            last_digest=str(data["last_digest"]),
            signature=str(data["signature"]),
        )
    except (ValueError, KeyError, TypeError):
        return None, f"链头检查点文件 {file} 最后一行无法读取（文件被改动）"
    if not hmac.compare_digest(
        sign(checkpoint.at, checkpoint.last_id, checkpoint.last_digest), checkpoint.signature
    ):
        return checkpoint, "链头检查点签名无效（检查点被伪造或改动）"
    return checkpoint, ""


def _row_holds(last_id: int, last_digest: str) -> bool:
    from fazhi.core.audit.models import AuditEvent
    from fazhi.core.audit.services import chain_start

    archived_to, _, _ = chain_start()
    if last_id <= archived_to:
        return True  # archived and purged by `fazhi audit archive`: its signed archive covers it
    return AuditEvent.objects.filter(pk=last_id, digest=last_digest).exists()


def write() -> HeadCheckpoint:
    """Append a checkpoint of the current head; refused (and nothing written) when the previous
    checkpoint's row or the head's own row is not in the database as recorded."""
    from fazhi.core.audit.models import ChainHead
    from fazhi.core.audit.services import GENESIS

    previous, problem = latest()
    if problem:
        raise CheckpointRefused(problem)
    head = ChainHead.objects.filter(id=1).first()
    last_id, last_digest = (head.last_id, head.last_digest) if head else (0, GENESIS)
    if previous is not None and previous.last_id:
        if last_id < previous.last_id or not _row_holds(previous.last_id, previous.last_digest):
            raise CheckpointRefused(
                f"上一检查点（{previous.at}）登记的记录 id={previous.last_id} 已不在数据库中或已被改动："
                "审计日志末尾记录被删除，拒绝写入新的检查点。"
            )
    if last_id and not _row_holds(last_id, last_digest):
        raise CheckpointRefused(f"链头登记的记录 id={last_id} 不存在或与摘要不符，拒绝写入检查点。")
    at = timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds")
    checkpoint = HeadCheckpoint(
        at=at, last_id=last_id, last_digest=last_digest, signature=sign(at, last_id, last_digest)
    )
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(checkpoint.line() + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return checkpoint
