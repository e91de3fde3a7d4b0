"""Archive-before-purge of old audit rows (docs/security.md 15; 网络安全法 第二十一条: 留存不少于六个月).

``fazhi audit archive --before 2026-01-01 [-o DIR]``:

1. refuses a cutoff later than 180 days before today (the retention floor), in Chinese;
2. takes the rows older than the cutoff — a prefix of the chain: every row up to the newest one
   written before the cutoff — and verifies them against the chain (from the previous checkpoint);
3. writes them to a signed archive file (JSON lines: a header, one line per row with its digests, a
   last line with HMAC-SM3 over everything before it under the audit key), fsyncs it and reads it back;
4. only then, in one transaction: records a signed :class:`AuditCheckpoint` (the last archived id and
   digest), writes an ``audit.archive`` row into the chain, and removes the archived rows. The chain
   in the database then verifies from the checkpoint's digest; the archive verifies on its own with
   ``fazhi audit verify-archive FILE``.

The deletion goes through this path only: the ORM refuses to delete audit rows, and on PostgreSQL
the trigger lets DELETE reach only rows a checkpoint covers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from fazhi.core.audit import services
from fazhi.core.audit.models import AuditCheckpoint, AuditEvent

MIN_RETENTION_DAYS = 180
FORMAT = "fazhi-audit-archive/1"


class ArchiveError(Exception):
    """A refusal, with a Chinese message."""


@dataclass(frozen=True)
class ArchiveResult:
    path: Path | None
    count: int
    first_id: int | None = None
    last_id: int | None = None


def latest_allowed_cutoff(today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) - dt.timedelta(days=MIN_RETENTION_DAYS)


def _row(event: AuditEvent) -> dict:
    return {
        "id": event.pk,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "user_id": event.user_id,
        "username": event.username,
        "roles": event.roles,
        "ip": event.ip,
        "request_id": event.request_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "result": event.result,
        "detail": event.detail,
        "prev_digest": event.prev_digest,
        "digest": event.digest,
    }


def _line(obj: dict) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n"


def _signature(body: bytes) -> str:
    return hmac.new(settings.AUDIT_KEY.encode(), body, "sm3").hexdigest()


def archive(before: dt.date, out_dir: Path, *, today: dt.date | None = None) -> ArchiveResult:
    latest = latest_allowed_cutoff(today)
    if before > latest:
        raise ArchiveError(
            f"审计日志至少保留六个月（《网络安全法》第二十一条，本系统按 {MIN_RETENTION_DAYS} 天执行）："
            f"归档截止日期不得晚于 {latest:%Y年%m月%d日}，拒绝按 {before:%Y年%m月%d日} 归档。"
        )
    cutoff = timezone.make_aware(dt.datetime.combine(before, dt.time.min))
    start_id, start_digest, problem = services.chain_start()
    if problem:
        raise ArchiveError(f"审计链起点无效：{problem}。请先处理后再归档。")
    last_id = AuditEvent.objects.filter(id__gt=start_id, at__lt=cutoff).aggregate(m=models.Max("id"))["m"]
    if last_id is None:
        return ArchiveResult(None, 0)

    rows = list(AuditEvent.objects.filter(id__gt=start_id, id__lte=last_id).order_by("id"))
    prev = start_digest
    for event in rows:
        if event.prev_digest != prev or not hmac.compare_digest(
            services.compute_digest(prev, event), event.digest
        ):
            raise ArchiveError(
                f"待归档的记录 id={event.pk} 未通过审计链校验，拒绝归档；请先运行 fazhi audit verify。"
            )
        prev = event.digest

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = out_dir / f"audit-archive-{rows[0].pk:012d}-{rows[-1].pk:012d}.jsonl"
    if path.exists():
        raise ArchiveError(f"归档文件已存在，不覆盖：{path}")
    header = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "cutoff": before.isoformat(),
        "first_id": rows[0].pk,
        "last_id": rows[-1].pk,
        "count": len(rows),
        "start_digest": start_digest,
        "last_digest": prev,
    }
    body = _line(header) + b"".join(_line(_row(e)) for e in rows)
    content = body + _line({"signature": _signature(body), "algorithm": "HMAC-SM3"})
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    dir_fd = os.open(out_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    # Read back what is on disk and check it before anything is removed.
    verified = verify_archive(path)
    if verified["last_id"] != rows[-1].pk or verified["count"] != len(rows):
        raise ArchiveError("归档文件回读校验失败，未删除任何记录。")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()

    with transaction.atomic():
        checkpoint = AuditCheckpoint(
            at=timezone.now(),
            archived_to_id=rows[-1].pk,
            last_digest=prev,
            count=len(rows),
            cutoff=before,
            archive_name=path.name,
            archive_sha256=sha,
        )
        checkpoint.signature = services.checkpoint_signature(checkpoint)
        checkpoint.save()
        services.record(
            "audit.archive",
            obj=checkpoint,
            detail={
                "cutoff": before.isoformat(),
                "first_id": rows[0].pk,
                "last_id": rows[-1].pk,
                "count": len(rows),
                "archive": path.name,
                "sha256": sha,
            },
        )
        # The one place audit rows are removed: the ORM's guard is bypassed on purpose, after the
        # archive is safely on disk and the checkpoint is recorded (PostgreSQL's trigger checks it).
        models.QuerySet(AuditEvent).filter(id__gt=start_id, id__lte=rows[-1].pk)._raw_delete(
            AuditEvent.objects.db
        )
    return ArchiveResult(path, len(rows), rows[0].pk, rows[-1].pk)


def verify_archive(path: Path) -> dict:
    """Check an archive file's signature and its internal chain; return its header."""
    content = Path(path).read_bytes()
    lines = content.splitlines(keepends=True)
    if len(lines) < 2:
        raise ArchiveError("归档文件不完整。")
    body = b"".join(lines[:-1])
    try:
        footer = json.loads(lines[-1])
        header = json.loads(lines[0])
    except ValueError as exc:
        raise ArchiveError("归档文件格式错误。") from exc
    if header.get("format") != FORMAT:
        raise ArchiveError("不认识的归档文件格式。")
    if not hmac.compare_digest(_signature(body), footer.get("signature", "")):
        raise ArchiveError("归档文件签名校验失败：文件被改动，或不是用本实例的审计密钥生成的。")
    prev = header["start_digest"]
    count = 0
    for raw in lines[1:-1]:
        row = json.loads(raw)
        event = AuditEvent(
            **{k: v for k, v in row.items() if k not in {"id", "at", "digest"}},
            at=dt.datetime.fromisoformat(row["at"]),
        )
        if row["prev_digest"] != prev or not hmac.compare_digest(
            services.compute_digest(prev, event), row["digest"]
        ):
            raise ArchiveError(f"归档文件中的记录 id={row['id']} 未通过审计链校验。")
        prev = row["digest"]
        count += 1
    if count != header["count"] or prev != header["last_digest"]:
        raise ArchiveError("归档文件的条数或末条摘要与文件头不符。")
    return header
