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


def _refresh_plaintiff_summary(lawsuit: Lawsuit, **_) -> None:
    """The list's 原告 column follows the plaintiff rows written by the generic pages."""
    summary = _summary(lawsuit)
    if summary != lawsuit.plaintiff_summary:
        lawsuit.plaintiff_summary = summary
        lawsuit.save(update_fields=["plaintiff_summary", "updated_at"])


records.on_saved(Lawsuit, _refresh_plaintiff_summary)
