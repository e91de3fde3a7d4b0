"""Writes for 行政应诉 beyond the generic pages: the record hooks that keep a lawsuit's own fields in
step with what the pages write. Lawsuits are registered through the declared form
(:data:`fazhi.litigation.views.LAWSUITS`, :mod:`fazhi.core.records`); status only through the engine.
"""

from __future__ import annotations

from fazhi.core import records
from fazhi.litigation.models import Lawsuit, PartyRole


def _summary(lawsuit: Lawsuit) -> str:
    names = [p.name for p in lawsuit.parties.filter(role=PartyRole.PLAINTIFF).order_by("id")]
    text = "、".join(names)
    return text if len(text) <= 300 else text[:297] + "…"


def _refresh_plaintiff_summary(lawsuit: Lawsuit, **_) -> None:
    """The list's 原告 column follows the plaintiff rows written by the generic pages."""
    summary = _summary(lawsuit)
    if summary != lawsuit.plaintiff_summary:
        lawsuit.plaintiff_summary = summary
        lawsuit.save(update_fields=["plaintiff_summary", "updated_at"])


records.on_saved(Lawsuit, _refresh_plaintiff_summary)
