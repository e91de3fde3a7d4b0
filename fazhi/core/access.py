"""The only way staff views, the API and exports fetch protected records (docs/conventions.md 5).

Every model that carries data scope derives from :class:`fazhi.core.models.ScopedModel`. Callers
never write ``Model.objects.filter(...)`` for such records in a view; they call :func:`visible` or
:func:`get_visible_or_404`, so a list, a detail page, an export, an attachment download and an API
route cannot disagree about what a user may see. Out-of-scope records are a 404, never a 403, so
their existence is not disclosed (docs/security.md 10).
"""

from __future__ import annotations

from django.db import models
from django.http import Http404

from fazhi.core.models import ADMIN_ROLES, DataScope, Organisation, Region, subtree_bounds, subtree_q


class AccessDenied(Http404):
    pass


def _queryset(model_or_qs) -> models.QuerySet:
    if isinstance(model_or_qs, models.QuerySet):
        return model_or_qs
    return model_or_qs._default_manager.all()


def scope_q(
    user, *, organisation_field: str = "organisation", region_field: str = "region_code"
) -> models.Q | None:
    """The filter a user's data scope puts on scoped records; ``None`` means nothing is visible."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if set(user.roles) & ADMIN_ROLES:
        # 三权分立: administrators read no case data (docs/security.md 8).
        return None
    org: Organisation | None = user.organisation
    if org is None:
        return None
    if user.data_scope == DataScope.REGION:
        region: Region = org.region
        return subtree_q(region_field, region.prefix)
    if user.data_scope == DataScope.SUBTREE:
        lo, hi = subtree_bounds(org.path)
        return models.Q(**{f"{organisation_field}__path__gte": lo, f"{organisation_field}__path__lt": hi})
    return models.Q(**{f"{organisation_field}_id": org.pk})


def shared_q(user, model, fields=None) -> models.Q | None:
    """Records of ``model`` shared with the user's organisation through one of its ``shared_with``
    fields (or ``fields``): a 行政复议 case is shared with the department it is brought against
    (``respondent_organisation``), which sees it, answers it, and takes no other step."""
    q = None
    for field in getattr(model, "shared_with", ()) if fields is None else fields:
        found = scope_q(user, organisation_field=field, region_field=f"{field}__region_id")
        if found is not None:
            q = found if q is None else q | found
    return q


def visible(user, model_or_qs, **scope_fields) -> models.QuerySet:
    """Records of ``model_or_qs`` the user may see (lists, searches, counts, exports): those in the
    user's data scope and, for a model declaring ``shared_with``, those shared with it."""
    qs = _queryset(model_or_qs)
    q = scope_q(user, **scope_fields)
    if q is None:
        return qs.none()
    if not scope_fields and (shared := shared_q(user, qs.model)) is not None:
        q = q | shared
    return qs.filter(q)


def held(user, model_or_qs) -> models.QuerySet:
    """Records of ``model_or_qs`` in the user's own data scope (its 承办单位 side), without those only
    shared with the user: the records whose steps, other than a sharing party's, the user takes."""
    qs = _queryset(model_or_qs)
    q = scope_q(user)
    return qs.none() if q is None else qs.filter(q)


def holds(user, record) -> bool:
    """``record`` is in the user's own data scope (its 承办单位 side), not only shared with the user.
    Editing, generating documents and every step not declared for a sharing party need it."""
    model = type(record)
    if not getattr(model, "shared_with", ()):
        return visible(user, model).filter(pk=record.pk).exists()
    # Asked by several parts of one page (edit link, steps, documents): once per record object.
    known = record.__dict__.setdefault("_held_by", {})
    if user.pk not in known:
        q = scope_q(user)
        known[user.pk] = q is not None and model._default_manager.filter(q, pk=record.pk).exists()
    return known[user.pk]


def shares(user, record, fields) -> bool:
    """``record`` is shared with the user through one of ``fields``."""
    q = shared_q(user, type(record), fields)
    return q is not None and type(record)._default_manager.filter(q, pk=record.pk).exists()


def get_visible_or_404(user, model_or_qs, **lookup):
    """One record the user may see, or 404 (detail pages, attachments, API detail)."""
    try:
        return visible(user, model_or_qs).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise AccessDenied("记录不存在或您无权查看。") from None


def visible_organisations(user) -> models.QuerySet:
    """Organisations whose records the user may see (for filter drop-downs and assignment)."""
    qs = Organisation.objects.all()
    q = scope_q(user, organisation_field="self", region_field="region_id")
    if q is None:
        return qs.none()
    if user.data_scope == DataScope.OWN:
        return qs.filter(pk=user.organisation_id)
    if user.data_scope == DataScope.SUBTREE:
        lo, hi = subtree_bounds(user.organisation.path)
        return qs.filter(path__gte=lo, path__lt=hi)
    return qs.filter(subtree_q("region_id", user.organisation.region.prefix))
