"""Clock services: start, suspend, resume, restart, extend and stop statutory clocks.

Every function writes the ledger and recomputes the due date from it, inside the caller's
transaction (the workflow engine calls these while it holds the subject's row lock).
"""

from __future__ import annotations

import datetime as dt
import threading
import time

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.calendar.deadlines import Deadline, WorkCalendar, compute_deadline
from fazhi.core.calendar.models import (
    CalendarDay,
    CalendarYear,
    Clock,
    ClockEntry,
    ClockState,
    DayKind,
    EntryKind,
)

_cache_lock = threading.Lock()
_cache: dict[str, object] = {"cal": None, "at": 0.0}
_CACHE_SECONDS = 60.0


def work_calendar() -> WorkCalendar:
    """The calendar as data, cached briefly; edits in this process invalidate it at once."""
    with _cache_lock:
        cal = _cache["cal"]
        if cal is not None and time.monotonic() - _cache["at"] < _CACHE_SECONDS:
            return cal  # type: ignore[return-value]
    holidays, workdays = {}, {}
    for day in CalendarDay.objects.all().values_list("date", "kind", "name"):
        (holidays if day[1] == DayKind.HOLIDAY else workdays)[day[0]] = day[2]
    confirmed = frozenset(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True))
    cal = WorkCalendar(holidays=holidays, workdays=workdays, confirmed_years=confirmed)
    with _cache_lock:
        _cache.update(cal=cal, at=time.monotonic())
    return cal


def invalidate_calendar() -> None:
    with _cache_lock:
        _cache.update(cal=None, at=0.0)


def due_date(start: dt.date, length: int, unit: str, **kw) -> Deadline:
    return compute_deadline(work_calendar(), start=start, length=length, unit=unit, **kw)


# --- clocks ---------------------------------------------------------------------------------


def _ledger_deadline(clock: Clock, cal: WorkCalendar) -> tuple[Deadline | None, dt.date | None]:
    """Recompute a clock from its ledger. Returns (deadline, open_suspension_since)."""
    start = clock.start_date
    excluded_days = excluded_workdays = extension = 0
    suspended_since: dt.date | None = None
    for entry in clock.entries.all().order_by("date", "id"):
        if entry.kind == EntryKind.RESTART:
            start, excluded_days, excluded_workdays, suspended_since = entry.date, 0, 0, None
        elif entry.kind == EntryKind.SUSPEND and suspended_since is None:
            suspended_since = entry.date
        elif entry.kind == EntryKind.RESUME and suspended_since is not None:
            excluded_days += (entry.date - suspended_since).days
            excluded_workdays += cal.workdays_between(suspended_since, entry.date)
            suspended_since = None
        elif entry.kind == EntryKind.EXTEND:
            extension += entry.days or 0
    if suspended_since is not None:
        return None, suspended_since
    deadline = compute_deadline(
        cal,
        start=start,
        length=clock.length,
        unit=clock.unit,
        article=clock.article,
        start_label=clock.start_label,
        excluded_days=excluded_days,
        excluded_workdays=excluded_workdays,
        extension=extension,
    )
    return deadline, None


def recompute(clock: Clock, cal: WorkCalendar | None = None, *, save: bool = True) -> Clock:
    cal = cal or work_calendar()
    deadline, suspended_since = _ledger_deadline(clock, cal)
    if deadline is None:
        clock.due_date, clock.provisional = None, False
        clock.explanation = f"{clock.label}自{suspended_since:%Y年%-m月%-d日}起中止计时，恢复后继续计算。"
    else:
        clock.due_date, clock.provisional = deadline.due, deadline.provisional
        clock.explanation = f"{clock.label}：{deadline.explanation}。"
    if save:
        Clock.objects.filter(pk=clock.pk).update(
            due_date=clock.due_date,
            provisional=clock.provisional,
            explanation=clock.explanation,
            state=clock.state,
        )
    return clock


def start_clock(
    subject,
    *,
    code: str,
    label: str,
    start_date: dt.date,
    length: int,
    unit: str,
    article: str,
    start_label: str = "",
    extension_cap: int | None = None,
    actor=None,
) -> Clock:
    """Start a clock for ``subject`` (a ScopedModel). A running clock of the same code is restarted."""
    existing = clocks_for(subject).filter(code=code).exclude(state=ClockState.STOPPED).first()
    if existing:
        return restart_clock(existing, date=start_date, reason=f"重新{start_label or '起算'}", actor=actor)
    clock = Clock(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        organisation_id=subject.organisation_id,
        region_code=subject.region_code,
        code=code,
        label=label,
        start_label=start_label,
        start_date=start_date,
        length=length,
        unit=unit,
        article=article,
        extension_cap=extension_cap,
    )
    clock.save()
    return recompute(clock)


def clocks_for(subject):
    return Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    )


def _entry(clock: Clock, kind: str, date: dt.date, **fields) -> ClockEntry:
    return ClockEntry.objects.create(clock=clock, kind=kind, date=date, **fields)


def suspend_clock(clock: Clock, *, date: dt.date, reason: str, actor=None) -> Clock:
    if clock.state != ClockState.RUNNING:
        raise ValidationError(f"{clock.label}当前{clock.get_state_display()}，不能中止。")
    _entry(clock, EntryKind.SUSPEND, date, reason=reason, actor=actor)
    clock.state = ClockState.SUSPENDED
    return recompute(clock)


def resume_clock(clock: Clock, *, date: dt.date, reason: str = "", actor=None) -> Clock:
    if clock.state != ClockState.SUSPENDED:
        raise ValidationError(f"{clock.label}未处于中止状态，不能恢复。")
    last = clock.entries.filter(kind=EntryKind.SUSPEND).order_by("-date", "-id").first()
    if last and date < last.date:
        raise ValidationError("恢复日期不能早于中止日期。")
    _entry(clock, EntryKind.RESUME, date, reason=reason, actor=actor)
    clock.state = ClockState.RUNNING
    return recompute(clock)


def restart_clock(clock: Clock, *, date: dt.date, reason: str, actor=None) -> Clock:
    _entry(clock, EntryKind.RESTART, date, reason=reason, actor=actor)
    clock.state = ClockState.RUNNING
    return recompute(clock)


def extend_clock(clock: Clock, *, days: int, reason: str, approver, actor=None) -> Clock:
    if days <= 0:
        raise ValidationError("延长天数应为正整数。")
    if not reason:
        raise ValidationError("延长期限须写明理由。")
    if approver is None:
        raise ValidationError("延长期限须记录批准人。")
    used = sum(e.days or 0 for e in clock.entries.filter(kind=EntryKind.EXTEND))
    if clock.extension_cap is not None and used + days > clock.extension_cap:
        unit = "个工作日" if clock.unit == "workday" else "日"
        raise ValidationError(
            f"{clock.label}最多延长{clock.extension_cap}{unit}（{clock.article}），已延长{used}{unit}，"
            f"本次不能再延长{days}{unit}。"
        )
    _entry(
        clock,
        EntryKind.EXTEND,
        clock.due_date or clock.start_date,
        days=days,
        reason=reason,
        approver=approver,
        actor=actor,
    )
    return recompute(clock)


def stop_clock(clock: Clock, *, date: dt.date, actor=None) -> Clock:
    if clock.state == ClockState.STOPPED:
        return clock
    _entry(clock, EntryKind.STOP, date, actor=actor)
    clock.state = ClockState.STOPPED
    clock.stopped_on = date
    clock.met = clock.due_date is None or date <= clock.due_date
    Clock.objects.filter(pk=clock.pk).update(state=clock.state, stopped_on=date, met=clock.met)
    return clock


def recompute_open_clocks() -> int:
    """After a calendar edit: recompute every clock that is still open. Returns how many changed."""
    invalidate_calendar()
    cal = work_calendar()
    changed = 0
    with transaction.atomic():
        for clock in Clock.objects.exclude(state=ClockState.STOPPED).prefetch_related("entries"):
            before = (clock.due_date, clock.provisional, clock.explanation)
            recompute(clock, cal, save=False)
            if (clock.due_date, clock.provisional, clock.explanation) != before:
                Clock.objects.filter(pk=clock.pk).update(
                    due_date=clock.due_date, provisional=clock.provisional, explanation=clock.explanation
                )
                changed += 1
    return changed
