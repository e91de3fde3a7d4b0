"""The registered procedures (a :class:`fazhi.core.registry.Registry`), declared in each app's
``workflow.py``."""

from __future__ import annotations

from fazhi.core.registry import NotDeclared, Registry
from fazhi.core.workflow.spec import Procedure

PROCEDURES: Registry[Procedure] = Registry("办理程序", key=lambda p: p.name, same=lambda a, b: a is b)


def register(procedure: Procedure) -> Procedure:
    """Register ``procedure``; a step that ``copies`` an input onto a field the model lacks is
    refused here, naming each (the spec checks the inputs; the model is known once apps load)."""
    from django.apps import apps

    if apps.ready:
        fields = {f.name for f in apps.get_model(procedure.model)._meta.concrete_fields}
        missing = [
            f"{procedure.model}: 没有字段“{attribute}”（{t.name}）"
            for t in procedure.transitions
            for attribute in t.copies
            if attribute not in fields
        ]
        if missing:
            raise ValueError("；".join(missing))
    return PROCEDURES.register(procedure)


def get(name: str) -> Procedure:
    try:
        return PROCEDURES.get(name)
    except NotDeclared as exc:
        raise LookupError(exc.message) from None


def all_procedures() -> list[Procedure]:
    return sorted(PROCEDURES, key=lambda p: p.name)
