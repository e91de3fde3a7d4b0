"""What a record's past says: the last time a step was taken, what was entered and on which day.

Documents read it (the items of a 补正通知书, the 成文日期 of a 中止审理通知书 is the day 中止 was
decided, a 延期通知书 exists only once 延期 was taken) and so may guards. Every domain that issues
documents asks the same questions of its transition log; they are answered here once:

    steps(case).last("suspend")                       # the TransitionLog, or None
    steps(case).data("reject").get("reason", "")      # its inputs ({} when never taken)
    steps(case).date("suspend", "suspended_on")       # that input as a date, else the step's legal date
    DocumentKind(..., dated=step_date("suspend", "suspended_on"), check=step_taken("extend", "…"))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from fazhi.core.workflow import engine
from fazhi.core.workflow.models import TransitionLog


class Steps:
    """A record's transition log, newest first."""

    def __init__(self, logs: Sequence[TransitionLog]):
        self.logs = list(logs)

    def last(self, *names: str) -> TransitionLog | None:
        """The latest step taken of any of ``names``."""
        return next((log for log in self.logs if log.transition in names), None)

    def data(self, *names: str) -> dict:
        """What was entered on the latest of those steps ({} when none was taken)."""
        log = self.last(*names)
        return (log.data or {}) if log else {}

    def date(self, name: str, field: str | None = None) -> dt.date | None:
        """The date entered as ``field`` on the latest step ``name`` — or, without ``field`` or a
        readable value, the step's legal date; None when it was never taken."""
        return log_date(self.last(name), field)


def log_date(log: TransitionLog | None, field: str | None = None) -> dt.date | None:
    """The date entered as ``field`` on ``log`` (stored as ISO text), else its legal date."""
    if log is None:
        return None
    value = (log.data or {}).get(field) if field else None
    if value:
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            pass
    return log.legal_date


def steps(record) -> Steps:
    """The record's steps, read once per record version: the 文书 panel asks several kinds whether
    they can be drawn up, each looking for its step."""
    cached = getattr(record, "_steps_cache", None)
    if cached is None or cached[0] != record.version:
        logs = engine.history(record).order_by("-at", "-id")
        cached = record._steps_cache = (record.version, Steps(logs))
    return cached[1]


def step_date(name: str, field: str | None = None) -> Callable[[object], dt.date | None]:
    """A document's 成文日期 (``DocumentKind.dated``): the day entered on the latest step ``name``."""
    return lambda record: steps(record).date(name, field)


def step_taken(name: str, reason: str) -> Callable[[object], str | None]:
    """A document's condition (``DocumentKind.check``): step ``name`` was taken; else ``reason``."""
    return lambda record: None if steps(record).last(name) else reason
