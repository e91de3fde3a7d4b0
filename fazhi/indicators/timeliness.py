"""按期 figures (按期办结率 …): a record is on time by the clock its procedure declares — or, where the
record has no such clock (a history loaded without its clocks), by the period computed from its own
legal dates.

A domain declares once, for a record set and a clock code::

    DECIDED = timeliness.on_time(CONCLUDED, "decision", ended="decided_on")
    register_rate(..., DECIDED.on_time, DECIDED.timed, remark=Remark(DECIDED.untimed, …))

- ``on_time``: the records whose clock ``code`` stopped met — plus those without such a clock whose
  ``ended`` date is on or before the due date of the period the procedure declares for it
  (:class:`~fazhi.core.workflow.spec.ClockSpec`: its start field, and its length and unit as chosen
  for the record — e.g. 简易程序 30 日), with the 中止/恢复 and 延长 the record's transition log
  records, judged by the same ledger rules as a live clock
  (:func:`fazhi.core.calendar.services.met_by_dates`);
- ``timed``: the records whose period is known: those with the clock, or with the start date;
- ``untimed``: the records with neither, left out of the denominator (the figure says how many).

The clocked records are counted in SQL in the one pass of :mod:`fazhi.indicators.tally`; the records
without a clock are a :class:`~fazhi.indicators.tally.Refined` part, tested in Python once per count
(the working-day calendar decides a due date that falls on a holiday). Both keep their record ids,
so the figure stays traceable to the records.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from fazhi.core.calendar import services as calendar
from fazhi.core.calendar.models import EntryKind
from fazhi.indicators.tally import Records, Refined, Tally

CHUNK = 500  # ids per query (SQLite's bound-parameter limit)


@dataclass(frozen=True)
class OnTime:
    on_time: Tally
    timed: Tally
    untimed: Tally


@dataclass(frozen=True)
class _Period:
    """Where a clock's period comes from, read off the procedure declaration."""

    spec: object  # ClockSpec
    start_field: str
    suspend: frozenset[str]  # transitions that suspend the clock
    resume: frozenset[str]
    extend: frozenset[str]


@cache
def _period(model_label: str, code: str) -> _Period:
    from fazhi.core.workflow import registry as procedures

    model = apps.get_model(model_label)
    procedure = procedures.get(model.procedure_name)
    for t in procedure.transitions:
        spec = next((s for s in t.start_clocks if s.code == code), None)
        if spec is None:
            continue
        start_field = spec.start_for if isinstance(spec.start_for, str) else t.date_field
        if not start_field:
            raise ImproperlyConfigured(f"{procedure.name}: clock {code!r} has no start date field")
        return _Period(
            spec,
            start_field,
            frozenset(x.name for x in procedure.transitions if code in x.suspend_clocks),
            frozenset(x.name for x in procedure.transitions if code in x.resume_clocks),
            frozenset(x.name for x in procedure.transitions if x.extend_clock == code),
        )
    raise ImproperlyConfigured(f"{procedure.name}: no transition starts clock {code!r}")


def _met_by_dates(model_label: str, code: str, ended: str, ids: list[int]) -> set[int]:
    """The ids, among records without a clock ``code``, whose ``ended`` date met the period."""
    from fazhi.core.workflow.models import TransitionLog

    period = _period(model_label, code)
    model = apps.get_model(model_label)
    content_type = ContentType.objects.get_for_model(model)
    moves = {
        **dict.fromkeys(period.suspend, EntryKind.SUSPEND),
        **dict.fromkeys(period.resume, EntryKind.RESUME),
        **dict.fromkeys(period.extend, EntryKind.EXTEND),
    }
    cal = calendar.work_calendar()
    kept = set()
    for at in range(0, len(ids), CHUNK):
        chunk = ids[at : at + CHUNK]
        ledgers: dict[int, list] = {}
        logs = TransitionLog.objects.filter(
            subject_type=content_type, subject_id__in=chunk, transition__in=list(moves)
        ).order_by("id")
        for log in logs.only("subject_id", "transition", "legal_date", "data"):
            days = (log.data or {}).get("days") if moves[log.transition] == EntryKind.EXTEND else None
            ledgers.setdefault(log.subject_id, []).append((moves[log.transition], log.legal_date, days))
        for record in model._default_manager.filter(pk__in=chunk):
            start, stopped = getattr(record, period.start_field), getattr(record, ended)
            if start is None or stopped is None:
                continue
            met = calendar.met_by_dates(
                start=start,
                length=period.spec.length_of(record),
                unit=period.spec.unit_of(record),
                stopped_on=stopped,
                ledger=[(k, d, int(n) if n else None) for k, d, n in ledgers.get(record.pk, [])],
                cal=cal,
            )
            if met:
                kept.add(record.pk)
    return kept


def on_time(records: Records, code: str, *, ended: str) -> OnTime:
    """The 按期 tallies of ``records`` against the clock ``code`` (module doc); ``ended`` names the
    date field on which the period stops (结案日期). The start date field is the clock
    declaration's (read from the procedure when first counted)."""
    model_label = records.model

    def clocked(met=None) -> Q:
        return Q(calendar.has_clock(apps.get_model(model_label), code, met=met))

    def started(known: bool) -> Q:
        return Q(**{f"{_period(model_label, code).start_field}__isnull": not known})

    def untimed(start, end) -> Q:
        return ~clocked() & started(False)

    return OnTime(
        on_time=Tally(
            records,
            f"{code}_on_time",
            lambda start, end: clocked(met=True),
            Refined(
                lambda start, end: ~clocked() & started(True) & Q(**{f"{ended}__isnull": False}),
                lambda ids: _met_by_dates(model_label, code, ended, ids),
            ),
        ),
        timed=records.where(f"{code}_timed", lambda start, end: ~untimed(start, end)),
        untimed=records.where(f"{code}_untimed", untimed),
    )
