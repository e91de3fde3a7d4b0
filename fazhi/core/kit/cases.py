"""The queryset of a domain's case model: a bulk insert derives what ``save()`` derives.

Imports from an old system and the demo load records with ``bulk_create``, which skips ``save()``.
Without this each domain repeated, by hand, what its models derive on save: the region copied from
the organisation (``ScopedModel``), the statute text governing the record (``StatuteVersioned``)
and — for records loaded with their numbers — the counter of their series (``number_series``), so
the next registration follows them.
"""

from __future__ import annotations

from django.db import transaction

from fazhi.core.kit.versions import StatuteVersioned
from fazhi.core.workflow.models import WorkflowQuerySet


class CaseQuerySet(WorkflowQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            if isinstance(obj, StatuteVersioned):
                obj.statute.derive(obj)
            if obj.organisation_id and not obj.region_code:
                obj.region_code = obj.organisation.region_id
        series = getattr(self.model, "number_series", None)
        with transaction.atomic():
            created = super().bulk_create(objs, *args, **kwargs)
            if series is not None:
                series.reserve(objs)
        return created
