"""Throttle for public look-ups that a guesser could repeat (SECURITY.md 3, applied to the portal).

The same storage as the login throttle (:mod:`fazhi.core.security.lockout`): one database row per
failure, so every worker process sees the same counts. A look-up is refused — before the answer is
checked, so even the right pair is refused — when, within the window,

- its address has ``ip_max`` failures (guessing many codes from one place), or
- its key (e.g. one 查询码) has ``key_max`` failures (guessing the name for one code from many places).

The key is stored only as an SM3 digest keyed with ``SECRET_KEY``; the address is stored as is, as
the login throttle does. Rows older than a day are pruned when a failure is written.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from fazhi.core.security.models import LookupFailure

PRUNE_AFTER = dt.timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    scope: str
    ip_max: int
    key_max: int
    window_minutes: int

    @property
    def window(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.window_minutes)


def digest(key: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (key or "").encode(), "sm3").hexdigest()


def refused(limit: Limit, ip: str, key: str, now: dt.datetime | None = None) -> bool:
    """True if this look-up must be refused without checking the answer."""
    since = (now or timezone.now()) - limit.window
    recent = LookupFailure.objects.filter(scope=limit.scope, at__gte=since)
    if ip and recent.filter(ip=ip).count() >= limit.ip_max:
        return True
    return bool(key) and recent.filter(key_digest=digest(key)).count() >= limit.key_max


def failed(limit: Limit, ip: str, key: str) -> None:
    """Count one failed (or refused) look-up against the address and the key."""
    LookupFailure.objects.create(scope=limit.scope, ip=ip or "", key_digest=digest(key) if key else "")
    LookupFailure.objects.filter(at__lt=timezone.now() - PRUNE_AFTER).delete()


__all__ = ["Limit", "refused", "failed", "digest"]
