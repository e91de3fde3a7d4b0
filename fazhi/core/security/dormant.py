"""Disabling dormant accounts (docs/security.md 7): unused for 90 days → disabled, one audit row each.

"Used" is the latest of: the last login, the last use of one of the account's API tokens, and the
day the account was created (a new account that never logged in gets the full period). Running the
job again finds nothing more to do (it only looks at active accounts).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit.services import record
from fazhi.core.security import param


def last_used(user) -> dt.datetime:
    from fazhi.core.security import credentials

    token_use = credentials.last_used(user)
    return max(d for d in (user.last_login, token_use, user.date_joined) if d is not None)


def disable_dormant(days: int | None = None, now: dt.datetime | None = None) -> list:
    days = days or param("FAZHI_DORMANT_DAYS")
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=days)
    User = get_user_model()
    disabled = []
    candidates = User._default_manager.filter(is_active=True, date_joined__lt=cutoff).exclude(
        last_login__gte=cutoff
    )
    for user in candidates.order_by("pk"):
        used = last_used(user)
        if used >= cutoff:
            continue
        with transaction.atomic():
            user.is_active = False
            user.save(update_fields=["is_active"])
            killed = getattr(user, "_security_killed", {}) or {}
            record(
                "account.disable_dormant",
                obj=user,
                detail={"last_used": used, "days": days, **killed},
            )
        disabled.append(user)
    return disabled
