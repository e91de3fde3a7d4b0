"""Issuing, revoking and checking API tokens (the only code that touches :class:`ApiToken` keys)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

from django.db import transaction
from django.utils import timezone

from fazhi.api.models import ApiToken
from fazhi.core.audit.services import record as audit_record

TOKEN_RE = re.compile(r"^fzt_([0-9a-f]{8})_([A-Za-z0-9_-]{20,100})$")
DEFAULT_DAYS = 180
MAX_DAYS = 3650
# last_used_at is a hint for administrators, not an audit trail: write it at most once a minute.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue(user, *, name: str, days: int | None = DEFAULT_DAYS, actor=None) -> tuple[ApiToken, str]:
    """Create a token for ``user``. Returns the row and the token itself, which is never stored."""
    name = (name or "").strip()
    if not name:
        raise ValueError("请填写令牌名称（如对接系统的名称）。")
    if len(name) > 100:
        raise ValueError("令牌名称不能超过100字。")
    if not user.is_active:
        raise ValueError("该人员账号已停用，不能签发令牌。")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ValueError(f"有效天数应在1至{MAX_DAYS}之间。")
    with transaction.atomic():
        while True:
            prefix = secrets.token_hex(4)
            if not ApiToken.objects.filter(prefix=prefix).exists():
                break
        raw = f"fzt_{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=prefix,
            key_hash=digest(raw),
            expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
        )
        audit_record(
            "api_token.create",
            obj=token,
            user=actor,
            detail={"for_user": user.username, "name": name, "expires_at": token.expires_at},
        )
    return token, raw


def revoke(token: ApiToken, *, actor=None) -> bool:
    """Revoke ``token``; False if it was already revoked."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked:
            return False
        token.revoked = True
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked", "revoked_at"])
        audit_record("api_token.revoke", obj=token, user=actor, detail={"for_user": token.user.username})
    return True


def authenticate(raw: str) -> ApiToken | None:
    """The live token matching ``raw``, or None (unknown, revoked, expired, or its user disabled)."""
    match = TOKEN_RE.match((raw or "").strip())
    if not match:
        return None
    token = ApiToken.objects.select_related("user", "user__organisation").filter(prefix=match[1]).first()
    if token is None or not hmac.compare_digest(token.key_hash, digest(match[0])):
        return None
    now = timezone.now()
    if token.revoked or token.is_expired(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
