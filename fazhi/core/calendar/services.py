"""Clock services: start, suspend, resume, restart, extend and stop statutory clocks.

Every function writes the ledger and recomputes the due date from it, inside the caller's
transaction (the workflow engine calls these while it holds the subject's row lock).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from fazhi.core.audit import services as audit
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
from fazhi.core.dates import written_date

_cache_lock = threading.Lock()
_cache: dict[str, object] = {"cal": None, "at": 0.0, "dirty": False, "generation": 0}
_CACHE_SECONDS = 60.0


def work_calendar() -> WorkCalendar:
    """The calendar as data, cached briefly; edits in this process invalidate it at once.

    While a calendar edit is not yet committed (or was rolled back) the cache is bypassed, so an
    uncommitted holiday never leaks into another transaction's deadlines; a read that raced with an
    invalidation is used once but not cached.
    """
    with _cache_lock:
        cal = _cache["cal"]
        if not _cache["dirty"] and cal is not None and time.monotonic() - _cache["at"] < _CACHE_SECONDS:
            return cal  # type: ignore[return-value]
        generation = _cache["generation"]
    holidays, workdays = {}, {}
    for day in CalendarDay.objects.all().values_list("date", "kind", "name"):
        (holidays if day[1] == DayKind.HOLIDAY else workdays)[day[0]] = day[2]
    confirmed = frozenset(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True))
    cal = WorkCalendar(holidays=holidays, workdays=workdays, confirmed_years=confirmed)
    with _cache_lock:
        if not _cache["dirty"] and _cache["generation"] == generation:
            _cache.update(cal=cal, at=time.monotonic())
    return cal


def invalidate_calendar(*, dirty: bool | None = None) -> None:
    """Drop the cached calendar. ``dirty=True``: an edit is pending, bypass the cache until commit."""
    with _cache_lock:
        _cache.update(cal=None, at=0.0, generation=_cache["generation"] + 1)  # type: ignore[operator]
        if dirty is not None:
            _cache["dirty"] = dirty


def due_date(start: dt.date, length: int, unit: str, **kw) -> Deadline:
    return compute_deadline(work_calendar(), start=start, length=length, unit=unit, **kw)


def no_holidays_message(year: int) -> str:
    return (
        f"{year}年尚未录入任何法定节假日，不能确认：确认后期限将只按周末计算（元旦、春节、国庆等都会被当作"
        f"工作日）。请先运行 `fazhi calendar sync`（新版 chinesecalendar 已含该年度时自动录入），"
        f"或按国务院办公厅公布的放假安排在管理后台“节假日与调休”中录入。"
    )


def confirm_year(year: int, *, actor=None, source: str = "") -> CalendarYear:
    """Mark a year's holiday schedule as confirmed (国务院办公厅放假安排已核对录入).

    Refused while the year has no 法定节假日 entered: every year has 元旦, 春节 and 国庆, so a year
    without any is not a schedule but a missing one. Open clocks are recomputed after commit
    (signals.py), so their provisional flags drop.
    """
    if not 1900 <= year <= 2200:
        raise ValidationError(f"年度{year}不在有效范围内。")
    if not CalendarDay.objects.filter(date__year=year, kind=DayKind.HOLIDAY).exists():
        raise ValidationError(no_holidays_message(year))
    with transaction.atomic():
        obj, _ = CalendarYear.objects.get_or_create(year=year)
        if not obj.confirmed:
            obj.confirmed = True
            if source:
                obj.source = source
            obj.save()
            audit.record("calendar.year.confirm", obj=obj, user=actor, detail={"year": year})
    return obj


@dataclass
class SyncResult:
    added: list[int] = field(default_factory=list)  # years filled in from the package and confirmed
    kept: list[int] = field(default_factory=list)  # years the package has but that were entered by hand
    days: int = 0

    @property
    def summary(self) -> str:
        if not self.added:
            return "工作日历已是最新，没有需要补充的年度。"
        years = "、".join(f"{y}年" for y in self.added)
        return (
            f"已从 chinesecalendar 补充{years}的节假日安排（{self.days}天）并确认；未结束的期限将重新计算。"
        )


def sync_from_package(*, actor=None) -> SyncResult:
    """Add the years the installed ``chinesecalendar`` carries and the table lacks.

    A year is filled in (its holidays and make-up workdays, then confirmed with the package as
    source) when it is missing or was only created unconfirmed with no holiday entered — as a
    clock running into a new year creates it. A year with days entered by hand, or already
    confirmed, is never touched: the administrator's entry stands. Idempotent; one audit row when
    it added something. Open clocks are recomputed after commit (signals.py).
    """
    from fazhi.core.calendar.seed import SOURCE, chinese_calendar_rows, package_years

    result = SyncResult()
    known = {y.year: y for y in CalendarYear.objects.all()}
    entered = {d.year for d in CalendarDay.objects.filter(kind=DayKind.HOLIDAY).dates("date", "year")}
    wanted = [y for y in package_years() if y not in entered and not (y in known and known[y].confirmed)]
    result.kept = [y for y in package_years() if y in entered and y in known and not known[y].confirmed]
    if not wanted:
        return result
    rows, _ = chinese_calendar_rows(first_year=wanted[0], last_year=wanted[-1])
    rows = [r for r in rows if r[0].year in wanted]
    with transaction.atomic():
        for day, kind, name in rows:
            CalendarDay.objects.get_or_create(date=day, defaults={"kind": kind, "name": name})
        for year in wanted:
            CalendarYear.objects.update_or_create(year=year, defaults={"confirmed": True, "source": SOURCE})
        result.added, result.days = wanted, len(rows)
        audit.record(
            "calendar.sync", user=actor, detail={"years": wanted, "days": len(rows), "source": SOURCE}
        )
    return result


# --- clocks ---------------------------------------------------------------------------------


@dataclass
class _Ledger:
    """A clock's ledger folded into the inputs of ``compute_deadline``."""

    start: dt.date
    start_label: str
    restarted: bool = False
    excluded_days: int = 0
    excluded_workdays: int = 0
    extension: int = 0
    length: int | None = None  # set by a 期限变更 entry; else the clock's own length
    suspended_since: dt.date | None = None
    notes: list[str] = field(default_factory=list)


def _entries(clock: Clock) -> list[ClockEntry]:
    pending = getattr(clock, "_pending_entries", None)
    if pending is not None:  # a clock replayed in memory (ClockBook): its ledger as appended
        return list(pending)
    # Insertion order is the order events happened in; entry dates are legal dates and may tie or
    # be back-dated, so they measure time but never re-order the ledger. Sorting here (not in SQL)
    # keeps a prefetch_related("entries") effective.
    return sorted(clock.entries.all(), key=lambda e: e.pk)


def _fold(clock: Clock, cal: WorkCalendar) -> _Ledger:
    led = _Ledger(start=clock.start_date, start_label=clock.start_label)
    reason_since = ""

    def close(until: dt.date) -> None:
        # A suspension only removes time after the (current) start day: time suspended before the
        # clock started was never running (e.g. 中止 back-dated before 受理).
        since = max(led.suspended_since, led.start)
        if until > since:
            days, workdays = (until - since).days, cal.workdays_between(since, until)
            led.excluded_days += days
            led.excluded_workdays += workdays
            length = f"{workdays}个工作日" if clock.unit == "workday" else f"{days}日"
            led.notes.append(
                f"{written_date(since)}至{written_date(until)}{reason_since or '中止'}，不计{length}"
            )
        led.suspended_since = None

    for entry in _entries(clock):
        if entry.kind == EntryKind.RESTART:
            # 重新起算 (e.g. 补正材料收到后重新审查, 行政复议法第三十一条): a new full period from the
            # restart date; earlier suspensions and extensions belonged to the old period.
            led = _Ledger(
                start=entry.date, start_label=entry.reason or "重新起算", restarted=True, length=led.length
            )
        elif entry.kind == EntryKind.SUSPEND and led.suspended_since is None:
            led.suspended_since, reason_since = entry.date, entry.reason
        elif entry.kind in (EntryKind.RESUME, EntryKind.STOP) and led.suspended_since is not None:
            # Stopping a suspended clock closes the suspension on the stop date.
            close(entry.date)
        elif entry.kind == EntryKind.RELENGTH:
            # The period itself changed (e.g. 行政复议法第五十五条 简易程序转为普通程序): the new length
            # counts from the same start; suspensions and extensions so far stay.
            led.length = entry.days
            unit = "个工作日" if clock.unit == "workday" else "日"
            led.notes.append(f"{written_date(entry.date)}期限改为{entry.days}{unit}（{entry.reason}）")
        elif entry.kind == EntryKind.EXTEND:
            led.extension += entry.days or 0
            unit = "个工作日" if clock.unit == "workday" else "日"
            led.notes.append(f"经批准延长{entry.days}{unit}（{entry.reason}）")
    return led


def _ledger_deadline(clock: Clock, cal: WorkCalendar) -> tuple[Deadline | None, _Ledger]:
    """Recompute a clock from its ledger; no deadline while a suspension is open."""
    led = _fold(clock, cal)
    if led.suspended_since is not None:
        return None, led
    deadline = compute_deadline(
        cal,
        start=led.start,
        length=led.length or clock.length,
        unit=clock.unit,
        article=clock.article,
        start_label=led.start_label,
        excluded_days=led.excluded_days,
        excluded_workdays=led.excluded_workdays,
        extension=led.extension,
    )
    return deadline, led


def extension_used(clock: Clock) -> int:
    """Extension granted since the clock last (re)started, in the clock's own unit."""
    used = 0
    for entry in _entries(clock):
        if entry.kind == EntryKind.RESTART:
            used = 0
        elif entry.kind == EntryKind.EXTEND:
            used += entry.days or 0
    return used


def recompute(clock: Clock, cal: WorkCalendar | None = None, *, save: bool = True) -> Clock:
    cal = cal or work_calendar()
    deadline, led = _ledger_deadline(clock, cal)
    if deadline is None:
        clock.due_date, clock.provisional = None, False
        text = f"{clock.label}自{written_date(led.suspended_since)}起中止计时，恢复后继续计算"
        if led.notes:
            text += "；此前" + "；".join(led.notes)
        clock.explanation = text + "。"
    else:
        clock.due_date, clock.provisional = deadline.due, deadline.provisional
        text = f"{clock.label}：{'重新起算，' if led.restarted else ''}{deadline.explanation}"
        if led.notes:
            text += "。台账：" + "；".join(led.notes)
        clock.explanation = text + "。"
    if clock.state == ClockState.STOPPED and clock.stopped_on:
        clock.met = clock.due_date is None or clock.stopped_on <= clock.due_date
        clock.explanation += f"已于{written_date(clock.stopped_on)}结束，{'按期' if clock.met else '逾期'}。"
    if save and getattr(clock, "_pending_entries", None) is None:
        Clock.objects.filter(pk=clock.pk).update(
            due_date=clock.due_date,
            provisional=clock.provisional,
            explanation=clock.explanation,
            state=clock.state,
            stopped_on=clock.stopped_on,
            met=clock.met,
        )
    return clock


def met_by_dates(
    *,
    start: dt.date,
    length: int,
    unit: str,
    stopped_on: dt.date,
    ledger: Iterable[tuple[str, dt.date, int | None]] = (),
    cal: WorkCalendar | None = None,
) -> bool:
    """Whether a period that has no clock of its own (a history loaded without its clocks) was met:
    the clock it would have had — started on ``start`` for ``length`` ``unit``, with the ledger
    entries ``(kind, date, days)`` its history records (中止, 恢复, 延长) — stopped on
    ``stopped_on``, judged by the same ledger rules as a live clock (:func:`recompute`), in memory."""
    clock = Clock(
        code="", label="", start_date=start, length=length, unit=unit, article="", state=ClockState.STOPPED
    )
    clock.stopped_on = stopped_on
    entries = [ClockEntry(kind=kind, date=date, days=days) for kind, date, days in ledger]
    clock._pending_entries = [*entries, ClockEntry(kind=EntryKind.STOP, date=stopped_on)]
    return bool(recompute(clock, cal, save=False).met)


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


class ClockBook:
    """The clocks of one subject kept in memory while its past is replayed
    (:mod:`fazhi.core.workflow.replay`): the same services above (suspend, resume, restart, extend,
    stop, and :meth:`start` for :func:`start_clock`) apply to them with the same rules and the same
    ledger, and :func:`save_books` writes the clocks of many subjects and their ledgers in bulk."""

    def __init__(self, subject):
        self.subject = subject
        self.clocks: list[Clock] = []

    def open(self) -> dict[str, Clock]:
        return {c.code: c for c in self.clocks if c.state != ClockState.STOPPED}

    def start(self, subject, *, code: str, start_date: dt.date, start_label: str = "", actor=None, **terms):
        existing = self.open().get(code)
        if existing is not None:  # as start_clock: a running clock of the same code is restarted
            return restart_clock(
                existing, date=start_date, reason=f"重新{start_label or '起算'}", actor=actor
            )
        clock = Clock(
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            organisation_id=subject.organisation_id,
            region_code=subject.region_code,
            code=code,
            start_label=start_label,
            start_date=start_date,
            **terms,
        )
        clock._pending_entries = []
        self.clocks.append(clock)
        return recompute(clock)


def save_books(books) -> int:
    """Write the clocks of ``books`` and their ledgers: two bulk inserts. Returns the clock count."""
    new = [clock for book in books for clock in book.clocks]
    Clock.objects.bulk_create(new, batch_size=1000)
    entries = []
    for clock in new:
        for entry in clock._pending_entries:
            entry.clock = clock
            entries.append(entry)
        clock._pending_entries = None
    ClockEntry.objects.bulk_create(entries, batch_size=1000)
    return len(new)


def clocks_for(subject):
    return Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    )


def has_clock(model, code: str, *, met: bool | None = None) -> Exists:
    """A filter on ``model``'s records (``.filter(has_clock(...))``): those with a clock ``code`` —
    with ``met``, only a stopped one that was met (``True``) or overdue (``False``). The numerator
    of an 按期办结率 is the concluded records with ``met=True``."""
    clocks = Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(model), subject_id=OuterRef("pk"), code=code
    )
    if met is not None:
        clocks = clocks.filter(state=ClockState.STOPPED, met=met)
    return Exists(clocks)


def latest_clock(subject, code: str, *, open_only: bool = False) -> Clock | None:
    """The subject's latest clock ``code`` (a period started again has one clock per start), or with
    ``open_only`` the latest one still counting or suspended; None when there is none."""
    clocks = clocks_for(subject).filter(code=code)
    if open_only:
        clocks = clocks.exclude(state=ClockState.STOPPED)
    return clocks.order_by("-id").first()


def first_open_clock(subject, codes: Iterable[str]) -> Clock | None:
    """The first of ``codes`` (in the order given) whose latest clock is still counting or suspended —
    the deadline that runs now when a matter has several periods in turn (e.g. 行政复议: 决定期限, else
    补正期限, else 受理审查期限); None when none is open."""
    codes = list(codes)
    latest = {c.code: c for c in clocks_for(subject).filter(code__in=codes).order_by("id")}
    return next((latest[c] for c in codes if c in latest and latest[c].state != ClockState.STOPPED), None)


def _entry(clock: Clock, kind: str, date: dt.date, **fields) -> ClockEntry:
    pending = getattr(clock, "_pending_entries", None)
    if pending is not None:  # kept in memory; ClockBook.save() writes the ledgers in bulk
        entry = ClockEntry(clock=clock, kind=kind, date=date, **fields)
        pending.append(entry)
        return entry
    return ClockEntry.objects.create(clock=clock, kind=kind, date=date, **fields)


def _open(clock: Clock, action: str) -> None:
    if clock.state == ClockState.STOPPED:
        raise ValidationError(f"{clock.label}已结束，不能{action}。")


def suspend_clock(clock: Clock, *, date: dt.date, reason: str, actor=None) -> Clock:
    """中止 / 补正 / 征询第三方 / 鉴定: the time until resumption is not counted."""
    if clock.state != ClockState.RUNNING:
        raise ValidationError(f"{clock.label}当前{clock.get_state_display()}，不能中止。")
    _entry(clock, EntryKind.SUSPEND, date, reason=reason, actor=actor)
    clock.state = ClockState.SUSPENDED
    return recompute(clock)


def resume_clock(clock: Clock, *, date: dt.date, reason: str = "", actor=None) -> Clock:
    if clock.state != ClockState.SUSPENDED:
        raise ValidationError(f"{clock.label}未处于中止状态，不能恢复。")
    last = next((e for e in reversed(_entries(clock)) if e.kind == EntryKind.SUSPEND), None)
    if last and date < last.date:
        raise ValidationError(f"恢复日期不能早于中止日期（{written_date(last.date)}）。")
    _entry(clock, EntryKind.RESUME, date, reason=reason, actor=actor)
    clock.state = ClockState.RUNNING
    return recompute(clock)


def restart_clock(clock: Clock, *, date: dt.date, reason: str, actor=None) -> Clock:
    """重新起算: a new full period from ``date``; an open suspension ends with it."""
    _open(clock, "重新起算")
    _entry(clock, EntryKind.RESTART, date, reason=reason, actor=actor)
    clock.state = ClockState.RUNNING
    return recompute(clock)


def relength_clock(clock: Clock, *, length: int, date: dt.date, reason: str, actor=None) -> Clock:
    """期限变更: the period becomes ``length`` (in the clock's unit) from the same start, as a ledger
    entry (the clock's own ``length`` stays what it was declared with; ADR 0003)."""
    _open(clock, "变更期限")
    if not isinstance(length, int) or length <= 0:
        raise ValidationError("期限应为正整数。")
    _entry(clock, EntryKind.RELENGTH, date, days=length, reason=reason[:200], actor=actor)
    return recompute(clock)


def current_length(clock: Clock) -> int:
    """The clock's length now, after any 期限变更 in its ledger."""
    length = clock.length
    for entry in _entries(clock):
        if entry.kind == EntryKind.RELENGTH:
            length = entry.days or length
    return length


def extend_clock(
    clock: Clock, *, days: int, reason: str, approver, actor=None, date: dt.date | None = None
) -> Clock:
    """Approved extension (e.g. 行政复议法第六十二条: 经复议机构负责人批准，延长不超过三十日).

    ``date`` is the approval date (default today); the cap counts extensions since the last restart.
    A refused extension writes nothing.
    """
    _open(clock, "延长")
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if days <= 0:
        raise ValidationError("延长天数应为正整数。")
    if not (reason or "").strip():
        raise ValidationError("延长期限须写明理由。")
    if approver is None:
        raise ValidationError("延长期限须记录批准人。")
    used = extension_used(clock)
    if clock.extension_cap is not None and used + days > clock.extension_cap:
        unit = "个工作日" if clock.unit == "workday" else "日"
        raise ValidationError(
            f"{clock.label}最多延长{clock.extension_cap}{unit}（{clock.article}），已延长{used}{unit}，"
            f"本次不能再延长{days}{unit}。"
        )
    _entry(
        clock,
        EntryKind.EXTEND,
        date or timezone.localdate(),
        days=days,
        reason=reason.strip(),
        approver=approver,
        actor=actor,
    )
    return recompute(clock)


def stop_clock(clock: Clock, *, date: dt.date, actor=None) -> Clock:
    """结束: records whether the period was met (stop date on or before the due date) or overdue.

    A clock stopped while suspended is measured as if resumed on the stop date.
    """
    if clock.state == ClockState.STOPPED:
        return clock
    _entry(clock, EntryKind.STOP, date, actor=actor)
    clock.state = ClockState.STOPPED
    clock.stopped_on = date
    return recompute(clock)


def recompute_open_clocks() -> int:
    """After a calendar edit: recompute every clock that is still open. Returns how many changed."""
    # Outside a transaction (the normal on_commit case) the edit is committed: the cache may refill.
    invalidate_calendar(dirty=transaction.get_connection().in_atomic_block)
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
