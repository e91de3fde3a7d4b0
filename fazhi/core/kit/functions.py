"""Organisation functions (司法行政机关, 行政复议机构, 行政执法主体 …) as data.

Code that needs "the 复议机构 of this county" asks :func:`organisations_with`, never the name
(``name__endswith="司法局"``): names vary (司法局, 司法厅, 司法行政局) and a function can move.
"""

from __future__ import annotations

from django.db import models

from fazhi.core.models import Organisation, OrgFunction, Region, subtree_q

__all__ = ["OrgFunction", "organisation_named", "organisations_with"]


def organisations_with(
    function: str,
    *,
    region: Region | str | None = None,
    queryset: models.QuerySet | None = None,
) -> models.QuerySet:
    """Organisations holding ``function`` (an :class:`OrgFunction` value), optionally only those
    in ``region``'s subtree (a :class:`Region` or a code prefix), optionally narrowed from
    ``queryset`` (e.g. ``access.visible_organisations(user)``)."""
    if function not in OrgFunction.values:
        raise ValueError(f"未知的单位职能：{function}")
    qs = queryset if queryset is not None else Organisation.objects.all()
    qs = qs.filter(functions__function=function)
    if region is not None:
        prefix = region.prefix if isinstance(region, Region) else str(region)
        qs = qs.filter(subtree_q("region_id", prefix))
    return qs


def organisation_named(name: str, *, near: Organisation | None) -> Organisation | None:
    """The one organisation called ``name`` (spaces ignored) in ``near``'s county — how a 被申请人
    typed as a name on a paper or online application is found in the system; None when there is
    none or more than one."""
    name = "".join((name or "").split())
    if not name or near is None:
        return None
    county = near.region_id[:6]
    found = list(Organisation.objects.filter(name=name, region__code__startswith=county)[:2])
    return found[0] if len(found) == 1 else None
