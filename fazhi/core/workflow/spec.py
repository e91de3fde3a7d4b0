"""How a domain declares its procedure: states, transitions and clocks, as plain data.

A domain's ``workflow.py`` builds one :class:`Procedure` and registers it. Nothing here runs
anything; :mod:`fazhi.core.workflow.engine` executes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# A guard returns None when the move is allowed, or a Chinese sentence saying why it is not.
Guard = Callable[[Any, dict], str | None]
# The inputs a guard reads carry the step's legal date under this key (its date field's value, or
# the day the move is made — for a move needing approval, the day it is confirmed).
STEP_DATE = "_step_date"

CLOCK_UNITS = ("day", "workday", "month")
FIELD_KINDS = ("text", "textarea", "date", "int", "choice", "user")


@dataclass(frozen=True)
class State:
    code: str
    label: str
    colour: str = "grey"  # badge colour: grey, blue, green, orange, red, purple
    terminal: bool = False
    # Records in this state wait for staff to act: the 待办 work queue lists them under this label
    # (e.g. "待登记", "待受理审查") to whoever may take a step out of it (fazhi.core.workflow.queue).
    # Empty: the record waits for someone else (补正 by the applicant, 答复 by the respondent, a
    # court) or for time, and only its clock shows on 待办.
    queue: str = ""
    # The steps the record waits for (e.g. 受理审查 waits for 受理 / 不予受理 / 通知补正, not for 终止);
    # empty: every step out of the state that a person takes.
    next_steps: tuple[str, ...] = ()


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
    # Chooses the unit / cited article at run time (e.g. by the law version governing the record).
    unit_for: Callable[[Any], str] | None = None
    article_for: Callable[[Any], str] | None = None
    # Chooses the start date from the record (e.g. 视为受理: the decision period runs from the day
    # the acceptance review ended, not from the day that was noted): a function of the record, the
    # name of its date field, or several names — the latest of their dates (a period of the same
    # length for every party, each from its own service: it has run for all once it has from the
    # last service). None (or no date) = the transition's date.
    start_for: Callable[[Any], dt.date | None] | str | tuple[str, ...] | None = None
    # Started only for records this says it applies to (罚款缴纳的十五日: a decision with a fine; a
    # 警告 owes nothing). None = always.
    applies: Callable[[Any], bool] | None = None

    def applies_to(self, record) -> bool:
        return self.applies is None or bool(self.applies(record))

    def length_of(self, record) -> int:
        return self.length_for(record) if self.length_for else self.length

    def unit_of(self, record) -> str:
        return (self.unit_for(record) if self.unit_for else None) or self.unit

    def article_of(self, record) -> str:
        return (self.article_for(record) if self.article_for else None) or self.article

    def start_of(self, record, when: dt.date) -> dt.date:
        if isinstance(self.start_for, str):
            return getattr(record, self.start_for) or when
        if isinstance(self.start_for, tuple):
            return max(filter(None, (getattr(record, name) for name in self.start_for)), default=when)
        return (self.start_for(record) if self.start_for else None) or when


@dataclass(frozen=True)
class Field:
    """A value the user supplies when taking a transition (shown as a form field)."""

    name: str
    label: str
    kind: str = "text"  # text, textarea, date, int, choice, user
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # or a model's TextChoices: its (value, label) pairs
    help: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.choices, type) and hasattr(self.choices, "choices"):
            object.__setattr__(self, "choices", tuple(self.choices.choices))


@dataclass(frozen=True)
class Approval:
    """The move takes effect only when the person named in the user field ``field`` confirms it in
    their own session: never the person who asked, and only someone holding one of ``roles`` (the
    authority the law names, ``authority``) who may see the record. Until then nothing changes;
    the approver sees it on their 待办 and confirms or refuses (:func:`fazhi.core.workflow.engine.confirm`)."""

    roles: tuple[str, ...]
    authority: str  # who the law names, e.g. "行政复议机构负责人"
    field: str = "approver"
    # Only when an input says so: ``("approval", "leader")`` — a 复议决定 needs its 负责人's own
    # confirmation when it is made 经负责人同意, not when 集体讨论通过 (the meeting decided).
    when: tuple[str, str] | None = None
    # The move dates from the confirmation (its ``date_field`` set to that day), not from the
    # date entered when it was asked: a decision is made when the 负责人 agrees to it.
    dated_on_confirmation: bool = False

    def applies(self, data: dict) -> bool:
        """Whether the move as filled in needs this approval."""
        if self.when is None:
            return True
        name, value = self.when
        return str(data.get(name) or "") == value


#: A transition's ``target`` when the record stays in the state it was taken from: a step recorded
#: during a stretch of several states (停止执行 at any time 行政复议期间, a 上级责令纠正, a piece of
#: evidence) — one declaration instead of one self-loop per state.
STAY = "="


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str  # a state code, or STAY
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
    # A second person must confirm the move (every extension of a statutory period declares one).
    approval: Approval | None = None
    # Fields of the record's ``shared_with`` whose organisation may also take this step (the
    # respondent answering); a step not declared so is for the record's own 承办单位 only.
    shared: tuple[str, ...] = ()
    style: str = "primary"  # button style: primary, secondary, danger
    # Chooses the cited article at run time (e.g. by the law version governing the record).
    article_for: Callable[[Any], str] | None = None
    # What the step records on the record: record field → the input it takes (e.g. {"accepted_on":
    # "accepted_on"}), written by the engine before the procedure's ``on_apply`` hooks. A value that
    # needs computing or a constant stays in a hook.
    copies: Mapping[str, str] = field(default_factory=dict, hash=False)
    # Clock code → the date input this step starts, stops, suspends, resumes or restarts that clock
    # on, when it is filled in (else the step's legal date): 发送副本 is dated the day it is sent,
    # which stops the 发送期限, while the 答复期限 runs from the day the respondent received it
    # ({"answer": "received_on"}); a mailed answer stops the 答复期限 on the day it was posted
    # ({"answer": "posted_on"}: 期满前交邮的，不算过期, 《民事诉讼法》第八十五条).
    clock_dates: Mapping[str, str] = field(default_factory=dict, hash=False)

    def target_from(self, source: str) -> str:
        """The state the record is in after the move from ``source``."""
        return source if self.target == STAY else self.target

    @property
    def stays(self) -> bool:
        return self.target == STAY

    def clock_date(self, code: str, data: Mapping, when: dt.date) -> dt.date:
        """The date this step moves clock ``code`` on: its ``clock_dates`` input, or ``when``."""
        name = self.clock_dates.get(code)
        return (data.get(name) if name else None) or when

    def article_of(self, record) -> str:
        return (self.article_for(record) if self.article_for else None) or self.article

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def on_date(name: str, label: str) -> dict:
    """A transition whose only input is its legal date: ``Transition(…, **on_date("sent_on",
    "被申请人收到副本日期"))`` declares the date field and makes it the step's ``date_field``."""
    return {"fields": (Field(name, label, "date"),), "date_field": name}


def period_to(
    deadline: str, start: str, length: int, unit: str, *, applies: Callable[[Any], bool] | None = None
) -> dict:
    """A ``ClockSpec`` period that runs to a date the record holds — the 整改回复期限 a 司法建议书
    sets — counted in days from its date ``start``, where ``applies`` (default: always) and that date
    lies after the start; else ``length`` ``unit`` (the period the law sets when none is given):
    ``ClockSpec(…, **period_to("rectification_deadline", "received_on", 2, "month"))``."""

    def days(record) -> int | None:
        end, begin = getattr(record, deadline), getattr(record, start)
        if (applies is not None and not applies(record)) or not (end and begin):
            return None
        return max((end - begin).days, 0) or None

    return {
        "length": length,
        "unit": unit,
        "length_for": lambda record: days(record) or length,
        "unit_for": lambda record: "day" if days(record) else unit,
    }


def suspensions(
    table: Sequence[tuple[str, str, str, str]],
    *,
    label: str,
    fields: tuple[Field, ...],
    date_field: str,
    resume_label: str,
    resume_fields: tuple[Field, ...],
    resume_date_field: str,
    clocks: tuple[str, ...],
    make: Callable[..., Transition] | None = None,
    style: str = "secondary",
) -> tuple[Transition, ...]:
    """中止 and 恢复 that bring a record back to the step it was suspended at, its periods not running
    meanwhile: one row ``(state, suspended state, suspend transition, resume transition)`` per step a
    record may be suspended at (the procedure stays plain data: every move has one fixed target).
    The suspend transitions (``clocks`` suspended) come first, then the resume transitions (``clocks``
    resumed). ``make`` builds each transition (default :class:`Transition`; e.g. one citing the
    article by law version)."""
    make = make or Transition
    suspend = tuple(
        make(
            name,
            label,
            (state,),
            paused,
            fields=fields,
            date_field=date_field,
            suspend_clocks=clocks,
            style=style,
        )
        for state, paused, name, _ in table
    )
    resume = tuple(
        make(
            name,
            resume_label,
            (paused,),
            state,
            fields=resume_fields,
            date_field=resume_date_field,
            resume_clocks=clocks,
        )
        for state, paused, _, name in table
    )
    return suspend + resume


@dataclass(frozen=True)
class DeadlineStep:
    """A step the law takes by itself when a clock runs out (视为受理, 逾期未答复 …).

    When the procedure's clock ``clock`` is running past its due date and the record stands in one
    of ``transition``'s sources, the scheduler (:mod:`fazhi.core.workflow.deadlines`, run by
    ``fazhi deadlines run`` and the job runner every 10 minutes) takes ``transition`` through the
    engine as the organisation's system account. The transition's ``date_field`` receives the lapse
    date (the day after the due date), which is its legal date. ``article`` is the provision that
    makes the step happen by operation of law.
    """

    clock: str
    transition: str
    article: str
    label: str = ""  # what the run report calls it; the transition's label when empty


@dataclass
class Procedure:
    name: str
    label: str
    model: str  # "app_label.ModelName"
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial: str
    description: str = ""
    deadline_steps: tuple[DeadlineStep, ...] = ()
    _states: dict[str, State] = field(init=False, repr=False)
    _transitions: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._states = {s.code: s for s in self.states}
        self._transitions = {t.name: t for t in self.transitions}
        problems = self._problems()
        if problems:
            raise ValueError(f"procedure {self.name}: " + "; ".join(problems))

    @property
    def open_states(self) -> tuple[str, ...]:
        """The states a record is still open in (not terminal): where its details may be corrected."""
        return tuple(s.code for s in self.states if not s.terminal)

    def _problems(self) -> list[str]:
        """Everything wrong with the declaration, found before any record follows it."""
        problems = []
        if len(self._states) != len(self.states):
            problems.append("duplicate state codes")
        if self.initial not in self._states:
            problems.append(f"initial state {self.initial!r} is not declared")
        if len(self._transitions) != len(self.transitions):
            problems.append("duplicate transition names")
        started = self.clock_specs()
        for t in self.transitions:
            for s in (*t.sources, *(() if t.stays else (t.target,))):
                if s not in self._states:
                    problems.append(f"transition {t.name!r} uses undeclared state {s!r}")
            if not t.sources:
                problems.append(f"transition {t.name!r} has no source state")
            for s in t.sources:
                if self._states.get(s) and self._states[s].terminal:
                    problems.append(f"transition {t.name!r} leaves terminal state {s!r}")
            if not t.roles:
                problems.append(f"transition {t.name!r} names no role that may take it")
            unknown = set(t.roles) - _case_roles()
            if unknown:
                problems.append(
                    f"transition {t.name!r} names unknown or administrator roles {sorted(unknown)}"
                )
            used = (*t.restart_clocks, *t.suspend_clocks, *t.resume_clocks, *t.stop_clocks)
            used += (t.extend_clock,) if t.extend_clock else ()
            for code in used:
                if code not in started:
                    problems.append(f"transition {t.name!r} uses clock {code!r} that no transition starts")
            for spec in t.start_clocks:
                if spec.unit not in CLOCK_UNITS:
                    problems.append(f"clock {spec.code!r} has unknown unit {spec.unit!r}")
                if not spec.article:
                    problems.append(f"clock {spec.code!r} cites no statute article")
                other = started[spec.code]
                if (other.length, other.unit, other.article) != (spec.length, spec.unit, spec.article):
                    problems.append(f"clock {spec.code!r} is declared twice with different terms")
            names = [f.name for f in t.fields]
            if len(set(names)) != len(names):
                problems.append(f"transition {t.name!r} has duplicate field names")
            for f in t.fields:
                if f.kind not in FIELD_KINDS:
                    problems.append(f"transition {t.name!r}: field {f.name!r} has unknown kind {f.kind!r}")
                if f.kind == "choice" and not f.choices:
                    problems.append(f"transition {t.name!r}: choice field {f.name!r} has no choices")
            if t.date_field and t.date_field not in names:
                problems.append(
                    f"transition {t.name!r}: date_field {t.date_field!r} is not one of its fields"
                )
            elif t.date_field and t.field(t.date_field).kind != "date":
                problems.append(f"transition {t.name!r}: date_field {t.date_field!r} is not a date field")
            moved = {*used, *(spec.code for spec in t.start_clocks)}
            for code, name in t.clock_dates.items():
                if code not in moved:
                    problems.append(f"transition {t.name!r} dates clock {code!r} that it does not move")
                if name not in names or t.field(name).kind != "date":
                    problems.append(
                        f"transition {t.name!r} dates clock {code!r} by {name!r}, which is not one of its "
                        "date fields"
                    )
            for attribute, name in t.copies.items():
                if name not in names:
                    problems.append(
                        f"transition {t.name!r} copies {name!r} onto {attribute!r} but has no such field"
                    )
            if t.extend_clock and not {"days", "approver", "reason"} <= set(names):
                problems.append(
                    f"transition {t.name!r} extends a clock but lacks days/approver/reason fields"
                )
            problems.extend(self._approval_problems(t, names))
        for step in self.deadline_steps:
            problems.extend(self._deadline_step_problems(step, started))
        if self.initial in self._states and not problems:
            reachable = set(self.paths())
            for s in self.states:
                if s.code not in reachable:
                    problems.append(f"state {s.code!r} cannot be reached from {self.initial!r}")
                elif not s.terminal and not self.transitions_from(s.code):
                    problems.append(f"state {s.code!r} is not terminal but no transition leaves it")
                if s.queue and s.terminal:
                    problems.append(f"state {s.code!r} is terminal: nothing waits in it for 待办")
                leaving = {t.name for t in self.transitions_from(s.code)}
                for step in s.next_steps:
                    if step not in leaving:
                        problems.append(f"state {s.code!r}: next step {step!r} does not leave it")
        return problems

    def automatic_transitions(self) -> frozenset[str]:
        """Transitions the scheduler takes by itself (deadline steps): nobody's work."""
        return frozenset(step.transition for step in self.deadline_steps)

    def _approval_problems(self, t: Transition, names: list[str]) -> list[str]:
        if t.extend_clock and t.approval is None:
            return [f"transition {t.name!r} extends a statutory period without declaring its approval"]
        if t.approval is None:
            return []
        problems = []
        if t.approval.field not in names or t.field(t.approval.field).kind != "user":
            problems.append(
                f"transition {t.name!r}: approval field {t.approval.field!r} is not one of its user fields"
            )
        if not t.approval.roles or set(t.approval.roles) - _case_roles():
            problems.append(f"transition {t.name!r}: approval names no role or an administrator role")
        if not t.approval.authority:
            problems.append(f"transition {t.name!r}: approval does not say which authority the law names")
        if t.approval.when is not None:
            name, value = t.approval.when
            field = t.field(name) if name in names else None
            if field is None or field.kind != "choice" or value not in {v for v, _ in field.choices}:
                problems.append(
                    f"transition {t.name!r}: approval applies when {name!r} is {value!r}, not a choice"
                )
        if t.approval.dated_on_confirmation and not t.date_field:
            problems.append(f"transition {t.name!r}: dated on confirmation without a date_field")
        return problems

    def _deadline_step_problems(self, step: DeadlineStep, started: dict[str, ClockSpec]) -> list[str]:
        where = f"deadline step {step.clock!r} → {step.transition!r}"
        problems = []
        if step.clock not in started:
            problems.append(f"{where}: clock {step.clock!r} is started by no transition")
        if not step.article:
            problems.append(f"{where} cites no statute article")
        t = self._transitions.get(step.transition)
        if t is None:
            return [*problems, f"{where}: transition {step.transition!r} is not declared"]
        if not t.date_field:
            problems.append(f"{where}: the transition has no date_field to hold the lapse date")
        other = [f.name for f in t.fields if f.required and f.name != t.date_field]
        if other:
            problems.append(f"{where}: the transition requires inputs nobody can supply {other}")
        if t.attachments:
            problems.append(f"{where}: the transition requires attachments {list(t.attachments)}")
        if t.extend_clock or t.approval:
            problems.append(f"{where}: a deadline step cannot extend a clock or need an approval")
        ends = (*t.stop_clocks, *t.restart_clocks, *t.suspend_clocks)
        if step.clock not in ends and (t.stays or t.target in t.sources):
            # The record would stay eligible with the clock still lapsed: the step would fire forever.
            problems.append(
                f"{where}: the transition neither leaves its state nor stops clock {step.clock!r}"
            )
        return problems

    def paths(self) -> dict[str, tuple[Transition, ...]]:
        """For each reachable state, a shortest sequence of transitions leading to it from the
        initial state (breadth first, in declaration order, so the answer is stable)."""
        found: dict[str, tuple[Transition, ...]] = {self.initial: ()}
        frontier = [self.initial]
        while frontier:
            following = []
            for state in frontier:
                for t in self.transitions_from(state):
                    target = t.target_from(state)
                    if target not in found:
                        found[target] = (*found[state], t)
                        following.append(target)
            frontier = following
        return found

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


def _case_roles() -> set[str]:
    """Roles that may take transitions: every role but the three administrators (三员 read no
    case data, docs/security.md 8). Imported late: a spec module must not need the app registry."""
    from fazhi.core.models import ADMIN_ROLES, RoleCode

    return set(RoleCode.values) - set(ADMIN_ROLES)


def legal_date(transition: Transition, data: dict, today: dt.date) -> dt.date:
    if transition.date_field and data.get(transition.date_field):
        return data[transition.date_field]
    return today
