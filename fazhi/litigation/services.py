"""Writes for 行政应诉. Keyword-only, with an explicit actor; status only through the engine.

Callers catch :class:`fazhi.core.workflow.engine.TransitionError` (show ``exc.message``) and
:class:`django.core.exceptions.ValidationError` (field errors) as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core import access, records
from fazhi.core.audit import services as audit
from fazhi.core.workflow import engine
from fazhi.litigation.models import (
    REMIND_DAYS_BEFORE,
    Appearance,
    Hearing,
    Lawsuit,
    Party,
    PartyRole,
)


def _summary(lawsuit: Lawsuit) -> str:
    names = [p.name for p in lawsuit.parties.filter(role=PartyRole.PLAINTIFF).order_by("id")]
    text = "、".join(names)
    return text if len(text) <= 300 else text[:297] + "…"


def _check_visible(actor, lawsuit: Lawsuit) -> Lawsuit:
    """Re-read the lawsuit through the actor's data scope (404 outside it)."""
    return access.get_visible_or_404(actor, Lawsuit, pk=lawsuit.pk)


def lawsuit_register(
    *,
    actor,
    organisation,
    court: str,
    case_number: str,
    act_type: str,
    plaintiffs: Iterable[dict],
    complaint_received_on: dt.date | None = None,
    today: dt.date | None = None,
    **fields,
) -> Lawsuit:
    """Register a lawsuit against ``organisation`` with its plaintiffs (dicts of Party fields);
    with ``complaint_received_on``, also take 收到起诉状, which starts the 15 日 answer clock."""
    plaintiffs = list(plaintiffs)
    if not plaintiffs:
        raise ValidationError({"plaintiffs": "请至少填写一名原告。"})
    with transaction.atomic():
        lawsuit = engine.create(
            Lawsuit,
            actor=actor,
            organisation=organisation,
            court=court,
            case_number=case_number,
            act_type=act_type,
            **fields,
        )
        for data in plaintiffs:
            party = Party(lawsuit=lawsuit, **{"role": PartyRole.PLAINTIFF, **data})
            party.full_clean()
            party.save()
        lawsuit.plaintiff_summary = _summary(lawsuit)
        lawsuit.save(update_fields=["plaintiff_summary", "updated_at"])
        if complaint_received_on is not None:
            lawsuit = engine.perform(
                lawsuit, "receive", actor=actor, data={"received_on": complaint_received_on}, today=today
            )
    return lawsuit


def lawsuit_receive_complaint(*, lawsuit: Lawsuit, actor, received_on, today=None, expected_version=None):
    return engine.perform(
        lawsuit,
        "receive",
        actor=actor,
        data={"received_on": received_on},
        today=today,
        expected_version=expected_version,
    )


def lawsuit_file_answer(*, lawsuit: Lawsuit, actor, answered_on, today=None, expected_version=None):
    return engine.perform(
        lawsuit,
        "file_answer",
        actor=actor,
        data={"answered_on": answered_on},
        today=today,
        expected_version=expected_version,
    )


def lawsuit_hold_hearing(
    *, lawsuit: Lawsuit, actor, hearing_on, court_room="", today=None, expected_version=None
):
    return engine.perform(
        lawsuit,
        "hold_hearing",
        actor=actor,
        data={"hearing_on": hearing_on, "court_room": court_room},
        today=today,
        expected_version=expected_version,
    )


def lawsuit_decide(
    *, lawsuit: Lawsuit, actor, outcome: str, judged_on, served_on, today=None, expected_version=None
):
    return engine.perform(
        lawsuit,
        "decide",
        actor=actor,
        data={"outcome": outcome, "judged_on": judged_on, "served_on": served_on},
        today=today,
        expected_version=expected_version,
    )


def lawsuit_conclude(*, lawsuit: Lawsuit, actor, outcome: str, judged_on, today=None, expected_version=None):
    return engine.perform(
        lawsuit,
        "conclude",
        actor=actor,
        data={"outcome": outcome, "judged_on": judged_on},
        today=today,
        expected_version=expected_version,
    )


def lawsuit_appeal(
    *, lawsuit: Lawsuit, actor, appellant: str, appealed_on, today=None, expected_version=None
):
    return engine.perform(
        lawsuit,
        "appeal",
        actor=actor,
        data={"appellant": appellant, "appealed_on": appealed_on},
        today=today,
        expected_version=expected_version,
    )


def lawsuit_take_effect(*, lawsuit: Lawsuit, actor, effective_on, today=None, expected_version=None):
    return engine.perform(
        lawsuit,
        "take_effect",
        actor=actor,
        data={"effective_on": effective_on},
        today=today,
        expected_version=expected_version,
    )


def lawsuit_close(*, lawsuit: Lawsuit, actor, today=None, expected_version=None):
    return engine.perform(lawsuit, "close", actor=actor, today=today, expected_version=expected_version)


def hearing_schedule(
    *,
    lawsuit: Lawsuit,
    actor,
    hearing_on: dt.date,
    court_room: str = "",
    remind_on: dt.date | None = None,
    summoned_head: bool = False,
    hearing_time: dt.time | None = None,
) -> Hearing:
    """Schedule a hearing; the reminder defaults to 3 日 before it."""
    lawsuit = _check_visible(actor, lawsuit)
    with transaction.atomic():
        hearing = Hearing(
            lawsuit=lawsuit,
            hearing_on=hearing_on,
            hearing_time=hearing_time,
            court_room=court_room,
            remind_on=remind_on or hearing_on - dt.timedelta(days=REMIND_DAYS_BEFORE),
            summoned_head=summoned_head,
        )
        hearing.full_clean()
        hearing.save()
        audit.record(
            "litigation.hearing.schedule",
            obj=lawsuit,
            user=actor,
            detail={"hearing": hearing.pk, "hearing_on": hearing_on.isoformat()},
        )
    return hearing


def appearance_record(
    *, hearing: Hearing, actor, person_name: str, capacity: str, position: str = "", spoke: bool = False
) -> Appearance:
    """Record who appeared for the defendant (and whether they spoke: 出庭又出声)."""
    lawsuit = _check_visible(actor, hearing.lawsuit)
    with transaction.atomic():
        appearance = Appearance(
            hearing=hearing, person_name=person_name, capacity=capacity, position=position, spoke=spoke
        )
        appearance.full_clean()
        appearance.save()
        audit.record(
            "litigation.appearance.record",
            obj=lawsuit,
            user=actor,
            detail={"hearing": hearing.pk, "capacity": capacity, "counts_as_head": appearance.counts_as_head},
        )
    return appearance


def _refresh_plaintiff_summary(lawsuit: Lawsuit, **_) -> None:
    """The list's 原告 column follows the plaintiff rows written by the generic pages."""
    summary = _summary(lawsuit)
    if summary != lawsuit.plaintiff_summary:
        lawsuit.plaintiff_summary = summary
        lawsuit.save(update_fields=["plaintiff_summary", "updated_at"])


records.on_saved(Lawsuit, _refresh_plaintiff_summary)
