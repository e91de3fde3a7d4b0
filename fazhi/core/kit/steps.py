"""What a procedure step records on the record itself, declared instead of hand-written.

A record keeps the facts its steps established in fields of its own (受理日期, 裁判结果 …: model
fields with ``editable=False``, which no form writes). Instead of an ``engine.on_apply`` hook that
copies them one ``if`` at a time, a domain declares, after registering its procedure::

    record_inputs(
        PROCEDURE,
        accept={"accepted_on": "accepted_on"},                   # field ← the step's input
        conclude={"result": "result", "concluded_on": "concluded_on"},
    )

The copy runs inside the engine's transaction, before the record is saved, for live steps (not
for replayed histories, whose records carry their fields from their source:
docs/adr/0011-replayed-histories.md). What a step does beyond copying (e.g. marking a hearing
held) stays an ``on_apply`` hook of the domain.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.apps import apps

from fazhi.core.workflow import engine
from fazhi.core.workflow.spec import Procedure


def record_inputs(procedure: Procedure, **steps: Mapping[str, str]) -> None:
    """Copy, for each named step of ``procedure``, its inputs onto the record's fields
    (``{field: input}``; an input left blank is copied as it is). Checked when declared: every step
    is a transition of the procedure, every input one of that transition's fields, every field one
    of the model's — a ``ValueError`` names each problem."""
    known = {t.name: {f.name for f in t.fields} for t in procedure.transitions}
    fields = {f.name for f in apps.get_model(procedure.model)._meta.concrete_fields}
    problems = []
    for name, copies in steps.items():
        if name not in known:
            problems.append(f"{procedure.name}: 没有“{name}”这一步")
            continue
        problems += [
            f"{procedure.name}.{name}: 没有输入项“{i}”" for i in copies.values() if i not in known[name]
        ]
        problems += [f"{procedure.model}: 没有字段“{f}”" for f in copies if f not in fields]
    if problems:
        raise ValueError("；".join(problems))

    def _copy(record, transition, data, when) -> None:
        for field, source in steps.get(transition.name, {}).items():
            setattr(record, field, data.get(source))

    engine.on_apply(procedure.name, _copy)
