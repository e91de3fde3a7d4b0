"""Who may use which import kind: decided by the kind's ``roles`` (三权分立, docs/security.md 8).

The staff screen (``fazhi.web.imports``) lists only the kinds :func:`kinds_for` returns and answers
404 for any other, so a kind a user may not use is not even disclosed. The command line
(``fazhi import``) is for operators on the server and does not go through here.
"""

from __future__ import annotations

from fazhi.core.excel import registry
from fazhi.core.excel.spec import ImportKind


def may_import(user, kind: ImportKind) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return any(role in kind.roles for role in (user.roles or ()))


def kinds_for(user) -> list[ImportKind]:
    """The import kinds ``user`` may use, in registration order."""
    return [kind for kind in registry.all_kinds() if may_import(user, kind)]


def kind_for(user, name: str) -> ImportKind | None:
    """The kind called ``name`` if it exists and ``user`` may use it, else ``None``."""
    try:
        kind = registry.get(name)
    except registry.UnknownKind:
        return None
    return kind if may_import(user, kind) else None
