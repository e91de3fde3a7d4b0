"""Writing and verifying the audit chain."""

from __future__ import annotations

import datetime as dt
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import context
from fazhi.core.audit.models import AuditEvent, ChainHead, Result

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


def _canonical(event: AuditEvent) -> bytes:
    values = {}
    for name in _FIELDS:
        value = getattr(event, name)
        if name == "at":
            value = value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        values[name] = value
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def compute_digest(prev_digest: str, event: AuditEvent) -> str:
    return hmac.new(settings.AUDIT_KEY.encode(), prev_digest.encode() + _canonical(event), "sm3").hexdigest()


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
    """Append one audit row in the current transaction; an error here rolls the caller back."""
    ctx = context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            at=timezone.now(),
            user_id=user.pk if user is not None else ctx.user_id,
            username=user.username if user is not None else ctx.username,
            roles=",".join(user.roles) if user is not None else ctx.roles,
            ip=ctx.ip,
            request_id=ctx.request_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:200],
            result=result,
            detail=json.loads(json.dumps(detail or {}, ensure_ascii=False, default=str)),
            prev_digest=head.last_digest,
        )
        event.digest = compute_digest(head.last_digest, event)
        event.save()
        ChainHead.objects.filter(id=1).update(last_id=event.pk, last_digest=event.digest)
    return event


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    reason: str = ""


def verify_chain(batch: int = 2000) -> VerifyResult:
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for event in rows:
            if event.prev_digest != prev:
                return VerifyResult(
                    False, checked, event.pk, "前一条记录的摘要不符（记录被删除、插入或篡改）"
                )
            if not hmac.compare_digest(compute_digest(prev, event), event.digest):
                return VerifyResult(False, checked, event.pk, "本条记录内容与摘要不符（记录被篡改）")
            prev = event.digest
            checked += 1
            last_id = event.pk
    head = ChainHead.objects.filter(id=1).first()
    if head and head.last_digest != prev and checked:
        return VerifyResult(False, checked, head.last_id, "链头与最后一条记录不符（末尾记录被删除）")
    return VerifyResult(True, checked)
