"""How a domain declares its procedure: states, transitions and clocks, as plain data.

A domain's ``workflow.py`` builds one :class:`Procedure` and registers it. Nothing here runs
anything; :mod:`fazhi.core.workflow.engine` executes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# A guard returns None when the move is allowed, or a Chinese sentence saying why it is not.
Guard = Callable[[Any, dict], str | None]


@dataclass(frozen=True)
class State:
    code: str
    label: str
    colour: str = "grey"  # badge colour: grey, blue, green, orange, red, purple
    terminal: bool = False


@dataclass(frozen=True)
class ClockSpec:
    """A statutory period started by a transition (e.g. 受理 starts the 60 日 decision clock)."""

    code: str
    label: str
    length: int
    unit: str  # "day" (日), "workday" (工作日) or "month" (个月)
    article: str
    start_label: str = ""
    extension_cap: int | None = None
    # Chooses the length at run time (e.g. simple procedure 30 日 vs ordinary 60 日).
    length_for: Callable[[Any], int] | None = None


@dataclass(frozen=True)
class Field:
    """A value the user supplies when taking a transition (shown as a form field)."""

    name: str
    label: str
    kind: str = "text"  # text, textarea, date, int, choice, user
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...] = ("officer",)
    fields: tuple[Field, ...] = ()
    attachments: tuple[str, ...] = ()  # attachment kinds that must exist before the move
    guard: Guard | None = None
    article: str = ""
    date_field: str | None = None  # which field holds the legal date of the event (else today)
    start_clocks: tuple[ClockSpec, ...] = ()
    restart_clocks: tuple[str, ...] = ()
    suspend_clocks: tuple[str, ...] = ()
    resume_clocks: tuple[str, ...] = ()
    stop_clocks: tuple[str, ...] = ()
    extend_clock: str | None = None  # clock code; "days" and "approver" fields supply the rest
    style: str = "primary"  # button style: primary, secondary, danger


@dataclass
class Procedure:
    name: str
    label: str
    model: str  # "app_label.ModelName"
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial: str
    description: str = ""
    _states: dict[str, State] = field(init=False, repr=False)
    _transitions: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._states = {s.code: s for s in self.states}
        self._transitions = {t.name: t for t in self.transitions}
        problems = []
        if self.initial not in self._states:
            problems.append(f"initial state {self.initial!r} is not declared")
        if len(self._transitions) != len(self.transitions):
            problems.append("duplicate transition names")
        clock_codes = {c.code for t in self.transitions for c in t.start_clocks}
        for t in self.transitions:
            for s in (*t.sources, t.target):
                if s not in self._states:
                    problems.append(f"transition {t.name!r} uses undeclared state {s!r}")
            for s in t.sources:
                if self._states.get(s) and self._states[s].terminal:
                    problems.append(f"transition {t.name!r} leaves terminal state {s!r}")
            used = (*t.restart_clocks, *t.suspend_clocks, *t.resume_clocks, *t.stop_clocks)
            used += (t.extend_clock,) if t.extend_clock else ()
            for code in used:
                if code not in clock_codes:
                    problems.append(f"transition {t.name!r} uses clock {code!r} that no transition starts")
            names = [f.name for f in t.fields]
            if t.date_field and t.date_field not in names:
                problems.append(
                    f"transition {t.name!r}: date_field {t.date_field!r} is not one of its fields"
                )
            if t.extend_clock and not {"days", "approver", "reason"} <= set(names):
                problems.append(
                    f"transition {t.name!r} extends a clock but lacks days/approver/reason fields"
                )
        if problems:
            raise ValueError(f"procedure {self.name}: " + "; ".join(problems))

    def state(self, code: str) -> State:
        return self._states[code]

    def transition(self, name: str) -> Transition:
        return self._transitions[name]

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    @property
    def status_choices(self) -> list[tuple[str, str]]:
        return [(s.code, s.label) for s in self.states]

    def clock_specs(self) -> dict[str, ClockSpec]:
        return {c.code: c for t in self.transitions for c in t.start_clocks}


def legal_date(transition: Transition, data: dict, today: dt.date) -> dt.date:
    if transition.date_field and data.get(transition.date_field):
        return data[transition.date_field]
    return today
