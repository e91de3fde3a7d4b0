"""Editing the calendar recomputes every open clock (after the edit commits)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from fazhi.core.calendar.models import CalendarDay, CalendarYear


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
def calendar_changed(sender, **kwargs):
    from fazhi.core.calendar.services import invalidate_calendar, recompute_open_clocks

    if kwargs.get("raw"):
        return
    invalidate_calendar()
    transaction.on_commit(recompute_open_clocks)
