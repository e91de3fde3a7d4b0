"""Replaying a matter's past through the procedure: the one way to load records that already
went through steps (historical imports, the demo).

A history is the steps a matter went through, each ``(transition name, legal date, inputs)``. It
is checked against the declared procedure and written as the live engine would have written it —
a :class:`~fazhi.core.workflow.models.TransitionLog` row per step and the clock ledger of every
step (clocks started, suspended, resumed, restarted, extended and stopped on the steps' legal
dates, through the same code as :func:`engine.perform`, ``engine._run_clocks``), so a stopped clock
is met or overdue by its dates and an open record keeps the clock it runs against.

Rules (docs/adr/0011-replayed-histories.md):

1. Steps are taken in the order given, from the procedure's initial state. Their dates may not
   decrease, nor lie after today.
2. Where a step is not allowed from the state reached, the shortest chain of *fillable*
   transitions leading to a state it is allowed from is inserted before it (breadth first, in
   declaration order). A transition is fillable when the only input it requires is its legal
   date and it extends no clock; the inserted steps are dated with the date of the step that
   follows them (the next known date) and labelled 推定. Where no such chain exists the history is
   impossible and is refused with :class:`HistoryRefused`, naming the step.
3. When the record must end in a given status (``until``, or the status an unsaved record was
   given) and the steps end elsewhere, fillable steps dated with the last known date lead there.
4. Inputs a step gives are checked as the engine checks them (types, choices); required inputs a
   historical source did not record may be missing. Guards, roles, attachments and the domains'
   ``on_apply`` hooks are not run: a history records what happened; the importer sets the
   record's own fields from its source.

Writing is batched (one bulk insert each for records, logs, clocks and ledger entries), so the
demo at city scale loads thousands of histories in seconds. One audit row names the source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import services as audit
from fazhi.core.calendar import services as clocks
from fazhi.core.dates import written_date
from fazhi.core.workflow import engine, registry
from fazhi.core.workflow.models import TransitionLog, WorkflowModel, _engine_writing
from fazhi.core.workflow.spec import Procedure, Transition

INFERRED = "推定"


class HistoryRefused(engine.TransitionError):
    """An impossible history. ``step`` is the 1-based number of the refused step (0: the history
    as a whole), ``index`` the position of the history in a :func:`replay_many` call."""

    code = "history_refused"

    def __init__(self, message: str, *, step: int = 0, index: int | None = None):
        super().__init__(message)
        self.step = step
        self.index = index


@dataclass(frozen=True)
class Step:
    transition: str
    date: dt.date
    data: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Planned:
    """A step as it will be written: its transition, from/to states, date, cleaned inputs."""

    transition: Transition
    source: str
    target: str
    date: dt.date
    data: dict
    inferred: bool = False
    number: int = 0  # the given step it is, or (inferred) precedes


@dataclass
class History:
    """One record's past. ``record`` may be unsaved (it is then created in the state the steps
    reach); ``until`` is the status it must end in (default: an unsaved record's ``status``, if
    set, else wherever the steps end); ``actor`` took the steps (default: the call's actor)."""

    record: WorkflowModel
    steps: Sequence[Step | tuple]
    until: str | None = None
    actor: object = None


def _step(raw) -> Step:
    if isinstance(raw, Step):
        return raw
    name, when, *rest = raw
    return Step(name, when, rest[0] if rest else {})


def _fillable(t: Transition) -> bool:
    return not t.extend_clock and all(not f.required or f.name == t.date_field for f in t.fields)


def _bridge(procedure: Procedure, state: str, goal) -> list[Transition] | None:
    """The shortest chain of fillable transitions from ``state`` to a state where ``goal(state)``
    holds (breadth first, declaration order); ``[]`` when it already holds, None when unreachable."""
    if goal(state):
        return []
    found: dict[str, list[Transition]] = {state: []}
    frontier = [state]
    while frontier:
        following = []
        for here in frontier:
            for t in procedure.transitions_from(here):
                target = t.target_from(here)
                if not _fillable(t) or target in found:
                    continue
                found[target] = [*found[here], t]
                if goal(target):
                    return found[target]
                following.append(target)
        frontier = following
    return None


def _clean(t: Transition, data: Mapping, when: dt.date, number: int) -> dict:
    known = {f.name: f for f in t.fields}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise HistoryRefused(f"第{number}步“{t.label}”没有“{'、'.join(unknown)}”这一填写项。", step=number)
    cleaned, errors = {}, []
    for name, raw in data.items():
        try:
            value = engine._clean_value(known[name], raw)
        except ValueError as exc:
            errors.append(str(exc))
            continue
        if value is not None:
            cleaned[name] = value
    if errors:
        raise HistoryRefused(f"第{number}步“{t.label}”：{'；'.join(errors)}", step=number)
    if t.date_field:
        given = cleaned.get(t.date_field)
        if given is not None and given != when:
            raise HistoryRefused(
                f"第{number}步“{t.label}”的日期（{written_date(when)}）与所填“{known[t.date_field].label}”"
                f"（{written_date(given)}）不一致。",
                step=number,
            )
        cleaned[t.date_field] = when
    if t.extend_clock:
        missing = [known[n].label for n in ("days", "reason", "approver") if cleaned.get(n) in (None, "")]
        if missing:
            raise HistoryRefused(f"第{number}步“{t.label}”须记录{'、'.join(missing)}。", step=number)
    return cleaned


def plan(
    procedure: Procedure,
    steps: Iterable[Step | tuple],
    *,
    until: str | None = None,
    today: dt.date | None = None,
) -> list[Planned]:
    """Check a history against ``procedure`` and return the steps to write (inserted ones marked
    ``inferred``). Pure: reads no database. Raises :class:`HistoryRefused` naming the step."""
    today = today or timezone.localdate()
    state, last, out = procedure.initial, None, []
    for number, raw in enumerate(map(_step, steps), start=1):
        try:
            t = procedure.transition(raw.transition)
        except KeyError:
            raise HistoryRefused(
                f"第{number}步：“{procedure.label}”没有“{raw.transition}”这一操作。", step=number
            ) from None
        when = raw.date
        if not isinstance(when, dt.date) or isinstance(when, dt.datetime):
            raise HistoryRefused(f"第{number}步“{t.label}”没有日期。", step=number)
        if when > today:
            raise HistoryRefused(
                f"第{number}步“{t.label}”的日期（{written_date(when)}）晚于今天。", step=number
            )
        if last is not None and when < last.date:
            raise HistoryRefused(
                f"第{number}步“{t.label}”的日期（{written_date(when)}）早于上一环节“{last.transition.label}”的日期"
                f"（{written_date(last.date)}）。",
                step=number,
            )
        data = _clean(t, raw.data, when, number)
        chain = _bridge(procedure, state, lambda s, t=t: s in t.sources)
        if chain is None:
            allowed = "、".join(f"“{procedure.state(s).label}”" for s in t.sources)
            raise HistoryRefused(
                f"第{number}步“{t.label}”（{written_date(when)}）不能在“{procedure.state(state).label}”状态下进行"
                f"（仅在{allowed}状态下可以进行），且不能由此依程序到达。",
                step=number,
            )
        for inserted in chain:
            out.append(_inferred(inserted, state, when, number))
            state = inserted.target_from(state)
        last = Planned(t, state, t.target_from(state), when, data, number=number)
        out.append(last)
        state = t.target_from(state)
    if until is not None and until != state:
        if until not in procedure._states:
            raise HistoryRefused(f"“{procedure.label}”没有“{until}”这一状态。")
        chain = _bridge(procedure, state, lambda s: s == until)
        if chain is None or (chain and last is None):
            raise HistoryRefused(
                f"办理经过止于“{procedure.state(state).label}”，不能依程序到达“{procedure.state(until).label}”。",
                step=len(out),
            )
        for inserted in chain:
            out.append(_inferred(inserted, state, last.date, last.number))
            state = inserted.target_from(state)
    return out


def _inferred(t: Transition, source: str, when: dt.date, number: int) -> Planned:
    data = {t.date_field: when} if t.date_field else {}
    return Planned(t, source, t.target_from(source), when, data, inferred=True, number=number)


def _label(p: Planned, note: str) -> str:
    notes = "，".join(n for n in (note, INFERRED if p.inferred else "") if n)
    return (f"{p.transition.label}（{notes}）" if notes else p.transition.label)[:50]


def replay(record: WorkflowModel, steps, *, actor, source: str, until: str | None = None, note: str = ""):
    """Replay one record's past (see :func:`replay_many`). Returns the record."""
    [record] = replay_many(
        type(record), [History(record, steps, until=until)], actor=actor, source=source, note=note
    )
    return record


def replay_many(
    model: type[WorkflowModel],
    histories: Sequence[History],
    *,
    actor,
    source: str,
    note: str = "",
    today: dt.date | None = None,
) -> list[WorkflowModel]:
    """Replay the past of many records of ``model`` in one transaction: unsaved records are created
    in the state their steps reach (through :func:`engine.bulk_import`); saved ones must stand in
    the initial state with no history yet. Writes every step's transition log (label with
    ``note``, e.g. 历史数据导入) and clock ledger, and one audit row naming ``source``.

    The log names who took each step: each history's ``actor``, else ``actor`` — one is required.
    An impossible history raises :class:`HistoryRefused` (``index`` = its position) and nothing
    is written.
    """
    procedure = registry.get(model.procedure_name)
    plans = []
    for index, h in enumerate(histories):
        if h.actor is None and actor is None:
            raise HistoryRefused(
                "载入办理经过须指明操作人（命令行导入请用 --actor 指定用户名）。", index=index
            )
        target = h.until or (h.record.status if h.record.pk is None and h.record.status else None)
        try:
            plans.append(plan(procedure, h.steps, until=target, today=today))
        except HistoryRefused as exc:
            exc.index = index
            raise
    ct = ContentType.objects.get_for_model(model)
    with transaction.atomic():
        new = [h.record for h in histories if h.record.pk is None]
        old = [h.record for h in histories if h.record.pk is not None]
        if old:
            _check_fresh(model, ct, procedure, histories)
        for h, steps in zip(histories, plans, strict=True):
            h.record.status = steps[-1].target if steps else procedure.initial
            h.record.version = 1 + len(steps)
        if new:
            engine.bulk_import(model, new, actor=actor, source=source)
        if old:
            token = _engine_writing.set(True)
            try:
                model.objects.bulk_update(old, ["status", "version"], batch_size=1000)
            finally:
                _engine_writing.reset(token)
            for record in old:
                record._loaded_status = record.status
        logs, books = [], []
        for index, (h, steps) in enumerate(zip(histories, plans, strict=True)):
            record, who = h.record, h.actor or actor
            book = clocks.ClockBook(record)
            for p in steps:
                try:
                    engine._run_clocks(record, p.transition, p.data, p.date, who, book=book)
                except (ValidationError, engine.TransitionError) as exc:
                    text = "；".join(exc.messages) if isinstance(exc, ValidationError) else exc.message
                    raise HistoryRefused(
                        f"第{p.number}步“{p.transition.label}”：{text}", step=p.number, index=index
                    ) from None
                logs.append(
                    TransitionLog(
                        subject_type=ct,
                        subject_id=record.pk,
                        procedure=procedure.name,
                        transition=p.transition.name,
                        label=_label(p, note),
                        from_status=p.source,
                        to_status=p.target,
                        legal_date=p.date,
                        data=engine._jsonable(p.data),
                        article=p.transition.article_of(record),
                        actor=who,
                    )
                )
            books.append(book)
        TransitionLog.objects.bulk_create(logs, batch_size=1000)
        clock_count = clocks.save_books(books)
        audit.record(
            "workflow.replay",
            object_type=model._meta.label_lower,
            object_repr=f"{procedure.label}：载入{len(histories)}条记录的办理经过",
            user=actor,
            detail={
                "procedure": procedure.name,
                "records": len(histories),
                "created": len(new),
                "steps": len(logs),
                "inferred": sum(p.inferred for steps in plans for p in steps),
                "clocks": clock_count,
                "source": source,
            },
        )
    return [h.record for h in histories]


def _check_fresh(model, ct, procedure: Procedure, histories) -> None:
    """Saved records may be replayed only while they stand in the initial state with no log."""
    ids = [h.record.pk for h in histories if h.record.pk is not None]
    stored = dict(model.objects.filter(pk__in=ids).values_list("pk", "status"))
    logged = set(
        TransitionLog.objects.filter(subject_type=ct, subject_id__in=ids).values_list("subject_id", flat=True)
    )
    for index, h in enumerate(histories):
        pk = h.record.pk
        if pk is not None and (stored.get(pk) != procedure.initial or pk in logged):
            raise HistoryRefused(f"记录{h.record}已有办理经过，不能再载入历史。", index=index)


def history_problems(procedure: Procedure, status: str, logs, open_clocks) -> list[str]:
    """What is wrong with a record's stored past, in Chinese (empty when nothing is): ``logs`` its
    transition log rows in the order written, ``open_clocks`` the codes of its clocks not stopped.

    The log must be a path of the procedure from the initial state through declared transitions,
    with legal dates that never go back, ending at ``status``; the clocks left open must be those
    the path leaves running (started and not stopped since). Used by the tests that walk every
    demo and imported history (tests/core/test_histories.py)."""
    problems, state, last, running = [], procedure.initial, None, set()
    optional: set[str] = set()  # clocks started only where they apply (ClockSpec.applies)
    for number, log in enumerate(logs, start=1):
        t = procedure._transitions.get(log.transition)
        if t is None:
            problems.append(f"第{number}步“{log.transition}”不是“{procedure.label}”的操作。")
            break
        if log.from_status != state or state not in t.sources or log.to_status != t.target_from(state):
            problems.append(
                f"第{number}步“{t.label}”记为{log.from_status}→{log.to_status}，"
                f"而程序在{state}，该操作只能从{'、'.join(t.sources)}到{t.target_from(state)}。"
            )
            break
        if last is not None and log.legal_date < last:
            problems.append(f"第{number}步“{t.label}”的日期{log.legal_date}早于上一步的{last}。")
        last, state = log.legal_date, t.target_from(state)
        running -= set(t.stop_clocks)
        running |= {c.code for c in t.start_clocks}
        optional |= {c.code for c in t.start_clocks if c.applies is not None}
    if not problems and state != status:
        problems.append(f"办理记录止于{state}，而记录的状态为{status}。")
    if not problems and not running - optional <= set(open_clocks) <= running:
        problems.append(f"未结束的期限为{sorted(open_clocks)}，按办理记录应为{sorted(running)}。")
    return problems
