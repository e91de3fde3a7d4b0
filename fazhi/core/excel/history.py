"""What an import of historical cases writes after the engine's ``bulk_import``: the steps each
case went through, as transition log rows marked 历史数据导入, and the clock an open case runs
against, as the transition that reached its state would have started it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from fazhi.core.calendar import services as calendar
from fazhi.core.workflow.models import TransitionLog


def write_steps(model, procedure, cases_and_steps: Iterable[tuple], actor) -> None:
    """One log row per step ``(transition, from, to, legal date, data)`` of each ``(case, steps)``;
    empty values are left out of ``data``. Nothing without an actor: the log names who took each
    step, and the operator's command-line import has nobody."""
    if actor is None:
        return
    ct = ContentType.objects.get_for_model(model)
    logs = []
    for case, steps in cases_and_steps:
        for name, source, target, when, data in steps:
            t = procedure.transition(name)
            logs.append(
                TransitionLog(
                    subject_type=ct,
                    subject_id=case.pk,
                    procedure=procedure.name,
                    transition=name,
                    label=f"{t.label}（历史数据导入）"[:50],
                    from_status=source,
                    to_status=target,
                    legal_date=when,
                    data={k: v for k, v in data.items() if v},
                    article=t.article_of(case),
                    actor=actor,
                )
            )
    TransitionLog.objects.bulk_create(logs)


def start_clock(case, spec, start, actor) -> None:
    """Start the clock ``spec`` (a :class:`fazhi.core.workflow.spec.ClockSpec`) on ``case`` from
    ``start``."""
    calendar.start_clock(
        case,
        code=spec.code,
        label=spec.label,
        start_date=start,
        length=spec.length_of(case),
        unit=spec.unit_of(case),
        article=spec.article_of(case),
        start_label=spec.start_label,
        extension_cap=spec.extension_cap,
        actor=actor,
    )
