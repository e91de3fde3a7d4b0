"""Records loaded in bulk — imports of histories (:mod:`fazhi.core.excel.histories`) and demo data
(:mod:`fazhi.demo.kit`) — with the rows that hang on them (parties, hearings, who appeared …)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


def save_children(children: Iterable[models.Model]) -> None:
    """Insert rows that point at records just loaded: one bulk insert per model, in the order of
    each model's first row, so a parent (a hearing) is saved before the rows that point at it (who
    appeared); a foreign key set to a then unsaved parent takes the parent's new id."""
    batches: dict[type, list] = {}
    for child in children:
        batches.setdefault(type(child), []).append(child)
    for model, objects in batches.items():
        model.objects.bulk_create(objects)
