"""Guards every procedure needs, declared rather than written again in each domain.

A guard reads the record and the step's inputs and returns None or one Chinese sentence the user
sees (:mod:`fazhi.core.workflow.spec`). The engine adds the step's legal date to the inputs under
:data:`~fazhi.core.workflow.spec.STEP_DATE` (its date field, or the day the move is made).

A guard may also say, before anything is filled in, that the step cannot succeed: its ``preview``
(record, today) → None or the same sentence, so the button is shown disabled with the reason
(:func:`fazhi.core.workflow.engine.options`). A preview refuses only what every input would be
refused for: a step's date is never later than today, so "not before the period ends" can be judged
on today, while "not after it ends" cannot when the date is typed (it may lie in the past).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fazhi.core.calendar import services as calendar
from fazhi.core.dates import not_before as not_before_rule
from fazhi.core.dates import written_date
from fazhi.core.workflow.spec import STEP_DATE, Guard


def previewed(guard: Guard, preview: Callable[[Any, dt.date], str | None]) -> Guard:
    """``guard`` with its ``preview``: what can be said of the record before any input (see the
    module docstring). Returns the guard."""
    guard.preview = preview
    return guard


def all_of(*parts: Guard) -> Guard:
    """A step refused with the first refusal among ``parts``; its preview is the parts' previews
    (a part without one is judged only on submit)."""

    def guard(record, data: dict) -> str | None:
        return next((reason for part in parts if (reason := part(record, data))), None)

    def preview(record, today: dt.date) -> str | None:
        for part in parts:
            check = getattr(part, "preview", None)
            reason = check(record, today) if check else None
            if reason:
                return reason
        return None

    return previewed(guard, preview)


def period_over(
    clock: str,
    date_field: str,
    *,
    early: str | Callable[[object, str], str],
    missing: str | None = None,
    open_only: bool = True,
    applies: Callable[[Any], bool] | None = None,
) -> Guard:
    """A step the law allows only once a period has run out without the act it waits for —
    视为受理, 视为放弃, 逾期未答复, a judgment taking effect after the 上诉期: refused while the day it
    is noted on (input ``date_field``) is on or before the due date of the record's clock ``clock``.

    ``early`` is the refusal, a text with ``{due}`` (the due date written out) or a function of the
    record and that text (for a refusal citing the article of the record's law version).
    ``missing`` is the refusal when the record has no such clock with a due date (None: allowed);
    with ``open_only`` a stopped clock counts as none. ``applies``: whether the record has such a
    period at all (a judgment that can be appealed); where it has not, the step is allowed."""

    def guard(record, data: dict) -> str | None:
        if applies is not None and not applies(record):
            return None
        found = calendar.latest_clock(record, clock, open_only=open_only)
        if found is None or found.due_date is None:
            return missing
        noted = data.get(date_field)
        if noted is None or noted > found.due_date:
            return None
        due = written_date(found.due_date)
        return early(record, due) if callable(early) else early.format(due=due)

    # The date noted is never later than today: while today is not past the due date, every date
    # would be refused, and the button says so.
    return previewed(guard, lambda record, today: guard(record, {date_field: today}))


def within_period(
    clock: str | Callable[[Any, dict], str],
    date_field: str | None = None,
    *,
    late: str | Callable[[object, str], str],
    missing: str | None = None,
) -> Guard:
    """A step the law allows only within a period — 不予受理 within the 审查期限, 延期 before the
    decision period ends: refused when the step's date (input ``date_field``, or with None the day
    the move is made, :data:`~fazhi.core.workflow.spec.STEP_DATE`) is after the due date of the
    record's running clock ``clock``. ``late`` is the refusal, a text with ``{due}`` or a function of
    the record and that text; ``missing`` the refusal when the clock is not running (None: allowed).
    The due day itself is within the period. Previewed (button disabled) only when the date is not
    typed: a typed date may lie in the past, inside the period. ``clock`` may be a function of the
    record and the inputs naming the clock (each party's 上诉期: the appellant's own)."""
    key = date_field or STEP_DATE

    def guard(record, data: dict) -> str | None:
        code = clock(record, data) if callable(clock) else clock
        found = calendar.latest_clock(record, code, open_only=True)
        if found is None or found.due_date is None:
            return missing
        on = data.get(key)
        if on is None or on <= found.due_date:
            return None
        due = written_date(found.due_date)
        return late(record, due) if callable(late) else late.format(due=due)

    if date_field is None:
        return previewed(guard, lambda record, today: guard(record, {STEP_DATE: today}))
    return guard


def not_before(field: str, other: str, message: str) -> Guard:
    """A step whose date input ``field`` may not lie before its input ``other`` (送达 not before
    裁判): refused with ``message``, a text with ``{date}`` and ``{other}`` written out."""

    def guard(record, data: dict) -> str | None:
        value, earlier = data.get(field), data.get(other)
        if not_before_rule(field, other).broken(value, earlier):
            return message.format(date=written_date(value), other=written_date(earlier))
        return None

    return guard


def refused_when(condition: Callable[[Any], bool], reason: str) -> Guard:
    """A step refused, with ``reason``, while ``condition(record)`` holds — a rule on the record
    alone (转普通程序 only from the simple procedure, 意见书 only on an accepted case …); the button
    says so before anything is filled in."""
    return previewed(
        lambda record, data: reason if condition(record) else None,
        lambda record, today: reason if condition(record) else None,
    )


def notice_ahead(
    notice_field: str,
    event_field: str,
    days: int,
    unit: str,
    *,
    early: str,
    out_of_order: str,
    applies: Callable[[Any], bool] | None = None,
) -> Guard:
    """A notice the law requires ``days`` (``unit``: "day", "workday") before an event — 听证
    (《行政复议法》第五十一条: 五个工作日前; 《行政处罚法》第六十四条: 七日前): refused with
    ``out_of_order`` when the event (input ``event_field``) is not after the notice (input
    ``notice_field``), and with ``early`` — a text with ``{notified}`` and ``{earliest}`` written out —
    when it falls before the first day the period allows. ``applies``: whether the record's law sets
    the period at all (else only the order is checked)."""

    def guard(record, data: dict) -> str | None:
        notified, event = data.get(notice_field), data.get(event_field)
        if notified is None or event is None:
            return None
        if event <= notified:
            return out_of_order
        if applies is not None and not applies(record):
            return None
        earliest = calendar.due_date(notified, days, unit).due
        if event < earliest:
            return early.format(notified=written_date(notified), earliest=written_date(earliest))
        return None

    return guard
