"""Writes for 行政应诉 beyond the generic pages: the record hooks that keep a lawsuit's own fields in
step with what the pages write. Lawsuits are registered through the declared form
(:data:`fazhi.litigation.views.LAWSUITS`, :mod:`fazhi.core.records`); status only through the engine.
"""

from __future__ import annotations

from fazhi.core.kit.parties import keep_names
from fazhi.litigation.models import Lawsuit, PartyRole

# The list's 原告 column follows the plaintiff rows written by the generic pages.
keep_names(Lawsuit, "plaintiff_summary", PartyRole.PLAINTIFF)
