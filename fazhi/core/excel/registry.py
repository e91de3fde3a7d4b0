"""The registry of import kinds. Each app declares its kinds in ``<app>/imports.py``.

``fazhi.core.imports`` registers ``organisations`` and ``staff``; a domain app adds its own by
calling :func:`register` in its ``imports.py``, which is discovered on first use.
"""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules

from fazhi.core.excel.spec import ImportKind

_kinds: dict[str, ImportKind] = {}
_discovered = False


class UnknownKind(LookupError):
    def __init__(self, name: str):
        known = "、".join(_kinds) or "（无）"
        super().__init__(f"没有名为“{name}”的导入类型。可用的类型：{known}")
        self.message = self.args[0]


def register(kind: ImportKind) -> ImportKind:
    if kind.name in _kinds and _kinds[kind.name] is not kind:
        raise ValueError(f"import kind {kind.name!r} registered twice")
    _kinds[kind.name] = kind
    return kind


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("imports")


def get(name: str) -> ImportKind:
    _discover()
    try:
        return _kinds[name]
    except KeyError:
        raise UnknownKind(name) from None


def all_kinds() -> list[ImportKind]:
    _discover()
    return list(_kinds.values())
