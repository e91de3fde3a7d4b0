"""The registry of import kinds (a :class:`fazhi.core.registry.Registry`). Each app declares its
kinds in ``<app>/imports.py``: ``fazhi.core.imports`` registers ``organisations`` and ``staff``; a
domain app adds its own by calling :func:`register` in its ``imports.py``.
"""

from __future__ import annotations

from fazhi.core.excel.spec import ImportKind
from fazhi.core.registry import NotDeclared, Registry

KINDS: Registry[ImportKind] = Registry("导入类型", key=lambda k: k.name, same=lambda a, b: a is b)


class UnknownKind(LookupError):
    def __init__(self, name: str):
        known = "、".join(KINDS.keys()) or "（无）"
        super().__init__(f"没有名为“{name}”的导入类型。可用的类型：{known}")
        self.message = self.args[0]


def register(kind: ImportKind) -> ImportKind:
    return KINDS.register(kind)


def get(name: str) -> ImportKind:
    try:
        return KINDS.get(name)
    except NotDeclared:
        raise UnknownKind(name) from None


def all_kinds() -> list[ImportKind]:
    return KINDS.values()
