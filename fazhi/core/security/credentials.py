"""Credentials other than the password that let an account in (API tokens today).

The security rules of core — end everything an account holds when it is disabled, reset or
compromised (docs/security.md 4), and count a token's use as activity before disabling a dormant account
(docs/security.md 6) — must reach every kind of credential without core importing the shells that issue
them. A shell declares its kind here (``fazhi.api`` does for its bearer tokens); core asks them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from fazhi.core.registry import Registry


@dataclass(frozen=True)
class CredentialKind:
    name: str  # "api_tokens"
    label: str  # "接口令牌"
    revoke_all: Callable[[object], int]  # user → how many were revoked
    last_used: Callable[[object], dt.datetime | None]  # user → the latest use, if any


KINDS: Registry[CredentialKind] = Registry("登录凭据", key=lambda k: k.name, discover=False)


def register(kind: CredentialKind) -> CredentialKind:
    return KINDS.register(kind)


def revoke_all(user) -> dict[str, int]:
    """Revoke every credential of every kind that ``user`` holds: ``{kind name: count}``."""
    return {kind.name: kind.revoke_all(user) for kind in KINDS}


def last_used(user) -> dt.datetime | None:
    uses = [d for d in (kind.last_used(user) for kind in KINDS) if d is not None]
    return max(uses) if uses else None
