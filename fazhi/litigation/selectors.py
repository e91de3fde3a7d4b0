"""Reads for 行政应诉, always through :mod:`fazhi.core.access` (the caller's data scope)."""

from __future__ import annotations

import datetime as dt

from django.db import models

from fazhi.core import access
from fazhi.litigation.models import (
    HEAD_CAPACITIES,
    Appearance,
    Hearing,
    JudicialRecommendation,
    Lawsuit,
)


def lawsuit_list(user) -> models.QuerySet:
    return access.visible(user, Lawsuit).select_related("organisation").order_by("-created_at")


def lawsuit_get(user, pk) -> Lawsuit:
    return access.get_visible_or_404(user, Lawsuit, pk=pk)


def hearing_list(user, lawsuit: Lawsuit) -> models.QuerySet:
    lawsuit = lawsuit_get(user, lawsuit.pk)
    return Hearing.objects.filter(lawsuit=lawsuit).prefetch_related("appearances")


def hearings_to_remind(user, today: dt.date) -> models.QuerySet:
    """Hearings not yet held whose reminder date has come (for the 待办 list)."""
    lawsuits = access.visible(user, Lawsuit)
    return (
        Hearing.objects.filter(lawsuit__in=lawsuits, held=False, remind_on__lte=today, hearing_on__gte=today)
        .select_related("lawsuit")
        .order_by("hearing_on")
    )


def head_appeared(user, lawsuit: Lawsuit) -> bool:
    """Whether a 负责人 (SPC 2020 provisions art 2) appeared at a held hearing of this lawsuit."""
    lawsuit = lawsuit_get(user, lawsuit.pk)
    return Appearance.objects.filter(
        hearing__lawsuit=lawsuit, hearing__held=True, capacity__in=HEAD_CAPACITIES
    ).exists()


def recommendation_list(user) -> models.QuerySet:
    return access.visible(user, JudicialRecommendation).select_related("organisation", "lawsuit")


def recommendations_awaiting_reply(user) -> models.QuerySet:
    return recommendation_list(user).filter(replied_on__isnull=True).order_by("rectification_deadline")
