"""Writing and verifying the audit chain (docs/security.md 12–14).

``record()`` appends one row inside the caller's transaction while holding the lock on the single
``ChainHead`` row, so concurrent writers extend the chain strictly one after another (on SQLite the
IMMEDIATE transaction mode serialises writers instead). Any error raised here propagates, so the
business change that asked for the row is rolled back with it (fail closed).

``verify_chain()`` walks every row in id order and recomputes each HMAC-SM3 digest with the key from
``settings.AUDIT_KEY`` (kept outside the database), reporting the first row that does not verify.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from fazhi.core.audit import checkpoints, context
from fazhi.core.audit.models import AuditCheckpoint, AuditEvent, ChainHead, Result

GENESIS = "0" * 64
_FIELDS = (
    "at",
    "user_id",
    "username",
    "roles",
    "ip",
    "request_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "result",
    "detail",
)
_TEXT_FIELDS = (
    "username",
    "roles",
    "ip",
    "request_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "result",
)
_MIN_KEY_LENGTH = 16


def _key() -> bytes:
    key = getattr(settings, "AUDIT_KEY", "") or ""
    if len(key) < _MIN_KEY_LENGTH:
        # Never chain with an empty or trivial key: anyone could then recompute the digests.
        raise ImproperlyConfigured("审计链密钥（AUDIT_KEY）未配置或过短，拒绝写入或校验审计日志。")
    return key.encode()


def _canonical(event: AuditEvent) -> bytes:
    values = {}
    for name in _FIELDS:
        value = getattr(event, name)
        if name == "at":
            value = value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        values[name] = value
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def compute_digest(prev_digest: str, event: AuditEvent) -> str:
    """HMAC-SM3(key, prev_digest ‖ canonical JSON of the row's content)."""
    return hmac.new(_key(), prev_digest.encode() + _canonical(event), "sm3").hexdigest()


def _normalise(event: AuditEvent) -> None:
    """Give each field the exact value the database will hand back, so the digest survives a reload.

    A caller passing ``object_id=5`` (an int) or an over-long name would otherwise produce a digest
    over values that differ from the stored ones, and the row would fail verification later.
    """
    for name in _TEXT_FIELDS:
        value = getattr(event, name)
        value = "" if value is None else str(value)
        setattr(event, name, value[: AuditEvent._meta.get_field(name).max_length])
    if event.user_id is not None:
        event.user_id = int(event.user_id)
    # Round-trip through JSON: tuples become lists, dates strings, non-string keys strings.
    event.detail = json.loads(json.dumps(event.detail or {}, ensure_ascii=False, default=str))


def audit_repr(obj) -> str:
    """How an object is named in the audit log, which the audit administrator reads and searches but
    may not see parties' names in (issue 10 item 12): a model's own ``audit_repr()`` if it has one; a
    party (kit ``PartyBase``) by its kind, id and masked name (陶某; organisations keep their names,
    as on the portal); anything else by ``str()``."""
    custom = getattr(obj, "audit_repr", None)
    if callable(custom):
        return str(custom())
    from fazhi.core.kit.parties import PartyBase
    from fazhi.core.masking import mask_person_name

    if isinstance(obj, PartyBase):
        name = mask_person_name(obj.name) if obj.is_person else obj.name
        return f"{obj._meta.verbose_name} #{obj.pk}（{name}）"
    return str(obj)


def record(
    action: str,
    *,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    result: str = Result.OK,
    detail: dict | None = None,
    user=None,
) -> AuditEvent:
    """Append one audit row in the current transaction; an error here rolls the caller back.

    ``user`` overrides the request context (e.g. at login, before the context knows the user).
    """
    ctx = context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or audit_repr(obj)
    if user is not None and getattr(user, "is_authenticated", False):
        user_id, username, roles = user.pk, user.get_username(), ",".join(getattr(user, "roles", None) or [])
    else:
        user_id, username, roles = ctx.user_id, ctx.username, ctx.roles
    with transaction.atomic():
        # The row lock serialises writers on PostgreSQL. On the very first write two writers may both
        # find no head; the loser's INSERT fails on the primary key and get_or_create re-reads (and
        # locks) the winner's committed row, so the chain still advances one row at a time.
        head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            at=timezone.now(),
            user_id=user_id,
            username=username,
            roles=roles,
            ip=ctx.ip,
            request_id=ctx.request_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            result=result,
            detail=detail or {},
            prev_digest=head.last_digest,
        )
        _normalise(event)
        event.digest = compute_digest(head.last_digest, event)
        event._chained = True
        event.save()
        # Read the row back as the database stores it: a row that would not verify later (a value the
        # backend altered on the way in) is refused now, inside the transaction, not found months later.
        stored = AuditEvent.objects.get(pk=event.pk)
        if not hmac.compare_digest(compute_digest(head.last_digest, stored), event.digest):
            raise RuntimeError("审计日志写入后校验失败，已回滚本次操作。")
        ChainHead.objects.filter(id=1).update(last_id=event.pk, last_digest=event.digest)
    return event


def checkpoint_signature(checkpoint: AuditCheckpoint) -> str:
    """HMAC-SM3 over what a checkpoint asserts (``fazhi audit archive``, docs/security.md 15)."""
    message = "|".join(
        [
            str(checkpoint.archived_to_id),
            checkpoint.last_digest,
            str(checkpoint.count),
            checkpoint.cutoff.isoformat(),
            checkpoint.archive_sha256,
        ]
    )
    return hmac.new(_key(), message.encode(), "sm3").hexdigest()


def chain_start() -> tuple[int, str, str]:
    """(last archived id, digest the database chain starts from, problem) — the latest checkpoint's
    values after an archive-and-purge, else (0, GENESIS, "")."""
    if AuditCheckpoint._meta.db_table not in connection.introspection.table_names():
        return 0, GENESIS, ""  # a database not yet migrated to checkpoints has never been purged
    checkpoint = AuditCheckpoint.objects.order_by("-archived_to_id").first()
    if checkpoint is None:
        return 0, GENESIS, ""
    if not hmac.compare_digest(checkpoint_signature(checkpoint), checkpoint.signature):
        return checkpoint.archived_to_id, checkpoint.last_digest, "归档检查点签名无效（检查点被伪造或改动）"
    return checkpoint.archived_to_id, checkpoint.last_digest, ""


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    reason: str = ""
    last_id: int | None = None
    last_digest: str = GENESIS


def _rows(after_id: int, batch: int):
    """Rows after ``after_id`` in chain order; a row the ORM cannot even load is yielded as (id, None)."""
    while True:
        try:
            rows = list(AuditEvent.objects.filter(id__gt=after_id).order_by("id")[:batch])
        except Exception:  # noqa: BLE001 - a raw-SQL edit can leave a value no converter accepts
            rows = []
            for pk in (
                AuditEvent.objects.filter(id__gt=after_id).order_by("id").values_list("id", flat=True)[:batch]
            ):
                try:
                    rows.append(AuditEvent.objects.get(pk=pk))
                except Exception:  # noqa: BLE001
                    yield pk, None
                    return
        if not rows:
            return
        for event in rows:
            yield event.pk, event
        after_id = rows[-1].pk


def verify_chain(batch: int = 2000, *, against_checkpoint: bool = True) -> VerifyResult:
    """Check every row against its predecessor and the key; report the first row that fails.

    The head is read before the walk, so rows appended while verifying do not cause a false alarm:
    the chain must pass through the head's row with the head's digest, and may continue past it.
    """
    head = ChainHead.objects.filter(id=1).first()
    head_id = head.last_id if head else 0
    head_digest = head.last_digest if head else GENESIS
    # After `fazhi audit archive` the older rows live in a signed archive file; the chain in the
    # database resumes from the latest checkpoint's digest.
    start_id, prev, problem = chain_start()
    if problem:
        return VerifyResult(False, 0, None, problem, None, prev)
    # The latest signed head checkpoint, kept outside the database, exposes rows cut off the end.
    anchor, problem = checkpoints.latest() if against_checkpoint else (None, "")
    if problem:
        return VerifyResult(False, 0, None, problem, None, prev)
    anchor_id = anchor.last_id if anchor and anchor.last_id > start_id else 0
    anchor_seen = anchor_id == 0
    prev_id: int | None = None
    checked = 0
    head_seen = head_id == 0
    for pk, event in _rows(start_id, batch):
        if event is None:
            return VerifyResult(False, checked, pk, "本条记录无法读取（字段值被直接改动）", prev_id, prev)
        if event.prev_digest != prev:
            where = f"与前一条记录（#{prev_id}）" if prev_id else "与链的起点"
            return VerifyResult(
                False,
                checked,
                pk,
                f"{where}衔接不上：其间的记录被删除或插入，或本条的前序摘要被改动",
                prev_id,
                prev,
            )
        if not hmac.compare_digest(compute_digest(prev, event), event.digest):
            return VerifyResult(False, checked, pk, "本条记录内容与摘要不符（记录被篡改）", prev_id, prev)
        prev, prev_id = event.digest, pk
        checked += 1
        if pk == anchor_id:
            if event.digest != anchor.last_digest:
                return VerifyResult(
                    False, checked, pk, f"本条记录与{anchor.at}的链头检查点登记的摘要不符", prev_id, prev
                )
            anchor_seen = True
        if pk == head_id:
            if event.digest != head_digest:
                return VerifyResult(False, checked, pk, "本条记录与链头登记的摘要不符", prev_id, prev)
            head_seen = True
    if not anchor_seen:
        return VerifyResult(
            False,
            checked,
            anchor_id,
            f"{anchor.at}的链头检查点登记的记录（#{anchor_id}）不存在（末尾记录被删除）",
            prev_id,
            prev,
        )
    if head is None and checked:
        return VerifyResult(False, checked, None, "链头记录缺失（审计链头被删除）", prev_id, prev)
    if not head_seen:
        return VerifyResult(
            False,
            checked,
            head_id,
            f"链头登记的最后一条记录（#{head_id}）不存在（末尾记录被删除）",
            prev_id,
            prev,
        )
    return VerifyResult(True, checked, last_id=prev_id, last_digest=prev)
