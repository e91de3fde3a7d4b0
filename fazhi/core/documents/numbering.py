"""Allocating 文号 serials: per (organisation, 代字, year), without gaps from races.

The counter row is created if missing, then locked with ``select_for_update`` and incremented in the
caller's transaction, so two concurrent allocations on PostgreSQL wait for each other; on SQLite the
write transaction itself serialises writers. A rolled-back transaction gives its serial back.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from fazhi.core.documents.models import DocumentSequence
from fazhi.core.models import Organisation


def allocate_serial(*, organisation: Organisation, prefix: str, year: int) -> int:
    """The next serial for ``prefix`` in ``year`` at ``organisation`` (1, 2, 3 … restarting each year)."""
    with transaction.atomic():
        if not DocumentSequence.objects.filter(organisation=organisation, prefix=prefix, year=year).exists():
            try:
                with transaction.atomic():
                    DocumentSequence.objects.create(organisation=organisation, prefix=prefix, year=year)
            except IntegrityError:
                pass  # another writer created it first; lock theirs below
        counter = DocumentSequence.objects.select_for_update().get(
            organisation=organisation, prefix=prefix, year=year
        )
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last
