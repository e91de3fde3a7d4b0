"""Which regions a user may see indicator figures for, and the records behind a figure.

A figure aggregates every record of a region subtree, so only staff whose data scope is the whole
region (数据范围“全辖区”) see the figures, and only for their organisation's region and the regions
below it; the three administrators see none (三权分立, docs/security.md 8). The records behind a figure
are always fetched through :func:`fazhi.core.access.visible`.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import QuerySet

from fazhi.core import access
from fazhi.core.models import DataScope, Region, subtree_q

REPORT_ROLES = ("supervisor",)  # who may enter or import reported figures (依法治县办)


def may_view(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.is_admin_account
        and user.organisation_id
        and user.data_scope == DataScope.REGION
    )


def may_report(user) -> bool:
    return may_view(user) and user.has_role(*REPORT_ROLES)


def visible_regions(user) -> QuerySet:
    """The user's own region first, then the regions below it."""
    if not may_view(user):
        return Region.objects.none()
    own = user.organisation.region
    return Region.objects.filter(subtree_q("code", own.prefix)).order_by("code")


def region_for(user, code: str | None) -> Region | None:
    """The region ``code`` if the user may see it (default: the user's own region), else None."""
    if not may_view(user):
        return None
    if not code:
        return user.organisation.region
    return visible_regions(user).filter(code=code).first()


def records(user, model_label: str, ids) -> QuerySet:
    """The records ``ids`` of ``model_label`` that ``user`` may see (ordered by id)."""
    model = apps.get_model(model_label)
    return access.visible(user, model).filter(pk__in=list(ids)).order_by("pk")
