"""Allocating 文号 serials: per (organisation, 代字, year), without gaps from races.

The counter is the kit's (:func:`fazhi.core.kit.numbering.next_number`), shared with the 案号 of
every domain so there is one numbering service.
"""

from __future__ import annotations

from fazhi.core.kit.numbering import next_number
from fazhi.core.models import Organisation


def allocate_serial(*, organisation: Organisation, prefix: str, year: int) -> int:
    """The next serial for ``prefix`` in ``year`` at ``organisation`` (1, 2, 3 … restarting each year)."""
    return next_number(organisation=organisation, code=prefix, year=year)
