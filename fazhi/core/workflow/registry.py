"""The registered procedures (a :class:`fazhi.core.registry.Registry`), declared in each app's
``workflow.py``."""

from __future__ import annotations

from fazhi.core.registry import NotDeclared, Registry
from fazhi.core.workflow.spec import Procedure

PROCEDURES: Registry[Procedure] = Registry("办理程序", key=lambda p: p.name, same=lambda a, b: a is b)


def register(procedure: Procedure) -> Procedure:
    return PROCEDURES.register(procedure)


def get(name: str) -> Procedure:
    try:
        return PROCEDURES.get(name)
    except NotDeclared as exc:
        raise LookupError(exc.message) from None


def all_procedures() -> list[Procedure]:
    return sorted(PROCEDURES, key=lambda p: p.name)
