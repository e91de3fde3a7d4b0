"""Editing the calendar recomputes every open clock (after the edit commits).

A holiday added, a make-up workday removed or a year confirmed changes due dates and provisional
flags of clocks already running; they are recomputed from their ledgers, never edited by hand.
Several edits in one transaction (an admin changelist save, a multi-year confirmation) register
several callbacks, but only the first one to run does the work.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from fazhi.core.calendar.models import CalendarDay, CalendarYear

_PENDING = "_fazhi_calendar_recompute_pending"  # per connection, hence per thread


def _recompute_callback(using):
    def run() -> None:
        from fazhi.core.calendar.services import recompute_open_clocks

        connection = transaction.get_connection(using)
        if getattr(connection, _PENDING, False):
            setattr(connection, _PENDING, False)
            recompute_open_clocks()

    return run


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
def calendar_changed(sender, **kwargs):
    from fazhi.core.calendar.services import invalidate_calendar

    if kwargs.get("raw"):
        return
    using = kwargs.get("using")
    # Until the edit commits, nobody may cache the edited (or, after a rollback, phantom) calendar.
    invalidate_calendar(dirty=True)
    setattr(transaction.get_connection(using), _PENDING, True)
    transaction.on_commit(_recompute_callback(using), using=using)


def sync_after_migrate(sender, verbosity=1, **kwargs):
    """After ``migrate``: add the years the installed chinesecalendar has and the table lacks."""
    from fazhi.core.calendar.services import sync_from_package

    result = sync_from_package()
    stdout = kwargs.get("stdout")
    if result.added and verbosity >= 1 and stdout is not None:
        stdout.write(result.summary + "\n")
