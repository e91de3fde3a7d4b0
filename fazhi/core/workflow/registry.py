from __future__ import annotations

from fazhi.core.workflow.spec import Procedure

_procedures: dict[str, Procedure] = {}


def register(procedure: Procedure) -> Procedure:
    existing = _procedures.get(procedure.name)
    if existing is not None and existing is not procedure:
        raise ValueError(f"procedure {procedure.name!r} registered twice")
    _procedures[procedure.name] = procedure
    return procedure


def get(name: str) -> Procedure:
    try:
        return _procedures[name]
    except KeyError:
        raise LookupError(
            f"没有名为“{name}”的办理程序。可用：{', '.join(sorted(_procedures)) or '无'}"
        ) from None


def all_procedures() -> list[Procedure]:
    return [_procedures[k] for k in sorted(_procedures)]
