"""Writes for 行政应诉. Keyword-only, with an explicit actor; status only through the engine.

Callers catch :class:`fazhi.core.workflow.engine.TransitionError` (show ``exc.message``) and
:class:`django.core.exceptions.ValidationError` (field errors) as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core import records
from fazhi.core.kit import links
from fazhi.core.kit.models import LinkKind
from fazhi.core.workflow import engine
from fazhi.litigation.models import (
    Lawsuit,
    Party,
    PartyRole,
)


def _summary(lawsuit: Lawsuit) -> str:
    names = [p.name for p in lawsuit.parties.filter(role=PartyRole.PLAINTIFF).order_by("id")]
    text = "、".join(names)
    return text if len(text) <= 300 else text[:297] + "…"


def lawsuit_register(
    *,
    actor,
    organisation,
    plaintiffs: Iterable[dict],
    complaint_received_on: dt.date | None = None,
    today: dt.date | None = None,
    reconsidered_in=None,
    **fields,
) -> Lawsuit:
    """Register a lawsuit against ``organisation`` with its plaintiffs (dicts of Party fields);
    with ``complaint_received_on``, also take 收到起诉状, which starts the 15 日 answer clock.
    ``reconsidered_in``: the 复议 case the suit follows (经复议的案件, 《行政诉讼法》第二十六条第二款),
    linked through the kit; the actor must see it."""
    plaintiffs = list(plaintiffs)
    if not plaintiffs:
        raise ValidationError({"plaintiffs": "请至少填写一名原告。"})
    rows = records.Rows(Party, "lawsuit", plaintiffs, fixed={"role": PartyRole.PLAINTIFF})
    with transaction.atomic():
        lawsuit = records.record_create(
            Lawsuit, actor=actor, organisation=organisation, data=fields, rows={"plaintiffs": rows}
        )
        if reconsidered_in is not None:
            links.link_create(actor=actor, source=reconsidered_in, target=lawsuit, kind=LinkKind.LITIGATED)
        if complaint_received_on is not None:
            lawsuit = engine.perform(
                lawsuit, "receive", actor=actor, data={"received_on": complaint_received_on}, today=today
            )
    return lawsuit


def _refresh_plaintiff_summary(lawsuit: Lawsuit, **_) -> None:
    """The list's 原告 column follows the plaintiff rows written by the generic pages."""
    summary = _summary(lawsuit)
    if summary != lawsuit.plaintiff_summary:
        lawsuit.plaintiff_summary = summary
        lawsuit.save(update_fields=["plaintiff_summary", "updated_at"])


records.on_saved(Lawsuit, _refresh_plaintiff_summary)
