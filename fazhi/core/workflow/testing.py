"""A generic test suite that walks any procedure spec; a domain applies it by supplying data.

It plays the part NetBox's ``ViewTestCases`` play for views (docs/conventions.md 9): the domain writes a
dozen lines, the suite generates one test per allowed move, per state (forbidden moves and the
offered options), per transition (role refusal, missing and malformed input, attachments, guard)
and per clock and deadline step. Only tests import this module (it needs pytest).

Usage, in a domain's ``tests/test_workflow.py``::

    import datetime as dt
    import pytest
    from fazhi.core.workflow import engine
    from fazhi.core.workflow.testing import ProcedureSuite

    class TestReconsiderationProcedure(ProcedureSuite):
        procedure_name = "reconsideration"
        today = dt.date(2026, 9, 28)           # every move is taken on this day
        inputs = {                              # valid data per transition (dict, or ctx -> dict);
            "decide": {"outcome": "revoke"},    # fields left out get a default for their kind
        }
        guard_failures = {                      # per guarded transition: make its guard refuse
            "accept": lambda ctx, case: ctx.update(case, applicant=""),
        }

        @pytest.fixture
        def env(self, tree):                    # whatever the factories below need
            return tree

        def make_record(self, ctx):             # a record in the initial state, via the engine
            return engine.create(Case, actor=ctx.actor, organisation=ctx.env["east_justice"], ...)

        def make_user(self, ctx, roles, *, outsider=False):
            org = ctx.env["west_justice"] if outsider else ctx.env["east_justice"]
            return factories.user(org, roles=roles)

A record is driven to a state through the engine along the shortest path of transitions from the
initial state (``Procedure.paths()``), each taken with the valid input above; override
:meth:`ProcedureSuite.record_in` to reach a state differently. "Nothing changed" means: the
record's row (status, version and every other column), its transition log, its clocks and their
ledgers, its attachments and the number of audit rows are all exactly as before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from fazhi.core.audit.models import AuditEvent
from fazhi.core.calendar import services as clock_services
from fazhi.core.calendar.deadlines import compute_deadline
from fazhi.core.calendar.models import Clock, ClockEntry, ClockState, EntryKind
from fazhi.core.models import ADMIN_ROLES, RoleCode
from fazhi.core.workflow import engine, registry
from fazhi.core.workflow.models import Attachment, TransitionLog, WorkflowModel
from fazhi.core.workflow.spec import Field, Procedure, Transition, legal_date

CASE_ROLES: tuple[str, ...] = tuple(r for r in RoleCode.values if r not in ADMIN_ROLES)
_CHINESE = re.compile(r"[\u4e00-\u9fff]")

# A value of each kind that the engine must refuse (kind → bad value).
BAD_VALUES: dict[str, Any] = {
    "date": "2026-02-30",
    "int": "十天",
    "choice": "__not_a_choice__",
    "user": "nobody",
}


def is_chinese_message(message: str) -> bool:
    """A message a user can read: non-empty, in Chinese, no Python repr leaking through."""
    return bool(message) and bool(_CHINESE.search(message)) and "Traceback" not in message


@dataclass
class SuiteContext:
    """What one generated test works with: the domain's environment, users, records, data."""

    suite: ProcedureSuite
    env: Any
    today: dt.date
    _users: dict = field(default_factory=dict)

    @property
    def procedure(self) -> Procedure:
        return registry.get(self.suite.procedure_name)

    def user(self, roles=(), *, outsider: bool = False):
        """A staff user holding exactly ``roles`` (cached per test), inside the record's data scope
        unless ``outsider``."""
        key = (tuple(sorted(roles)), outsider)
        if key not in self._users:
            self._users[key] = self.suite.make_user(self, tuple(roles), outsider=outsider)
        return self._users[key]

    @property
    def actor(self):
        """A user holding every case role: can take any transition the state allows."""
        return self.user(CASE_ROLES)

    def data_for(self, t: Transition) -> dict:
        """Valid input for ``t``: a default per field kind, overlaid with the suite's ``inputs``."""
        data = {f.name: self._default_value(f) for f in t.fields}
        supplied = self.suite.inputs.get(t.name, {})
        data.update(supplied(self) if callable(supplied) else supplied)
        if t.approval is not None:  # another person than any asker, holding the role the law names
            data[t.approval.field] = self.approver(t).pk
            if t.approval.when is not None:  # filled in so that the approval applies
                data[t.approval.when[0]] = t.approval.when[1]
        return data

    def approver(self, t: Transition):
        key = ("approver", tuple(sorted(t.approval.roles)))
        if key not in self._users:
            self._users[key] = self.suite.make_user(self, tuple(t.approval.roles), outsider=False)
        return self._users[key]

    def _default_value(self, f: Field):
        if f.kind == "date":
            return self.today.isoformat()
        if f.kind == "int":
            return 1
        if f.kind == "choice":
            return f.choices[0][0]
        if f.kind == "user":
            return self.actor.pk
        return f"测试{f.label}"

    def new_record(self) -> WorkflowModel:
        record = self.suite.make_record(self)
        assert record.status == self.procedure.initial, (
            "make_record must return a record in the initial state"
        )
        return record

    def record_in(self, state: str) -> WorkflowModel:
        return self.suite.record_in(self, state)

    def provide_attachments(self, record: WorkflowModel, name: str) -> None:
        """Upload what transition ``name`` requires, so a refusal is about something else."""
        present = set(
            Attachment.objects.filter(subject_type=_ct(record), subject_id=record.pk).values_list(
                "kind", flat=True
            )
        )
        for kind in self.procedure.transition(name).attachments:
            if kind not in present:
                self.suite.attach(self, record, kind)

    def perform(self, record: WorkflowModel, name: str, *, actor=None, data=None) -> WorkflowModel:
        """Take ``name``; a move that needs approval is then confirmed by its approver."""
        t = self.procedure.transition(name)
        return perform_and_confirm(
            record,
            name,
            actor=actor or self.actor,
            data=self.data_for(t) if data is None else data,
            today=self.today,
        )

    @staticmethod
    def update(record: WorkflowModel, **fields) -> None:
        """Change ordinary fields of a record (never status) and save them."""
        for name, value in fields.items():
            setattr(record, name, value)
        record.save()


# --- what "nothing changed" and "the clock is right" mean -------------------------------------------


def _ct(record: WorkflowModel) -> ContentType:
    return ContentType.objects.get_for_model(record)


def confirm_pending(record: WorkflowModel, today=None) -> WorkflowModel:
    """If ``record`` was only asked for (its transition needs approval), confirm it as the named
    approver on ``today``; for tests about what a move does once approved."""
    pending = getattr(record, "pending_approval", None)
    if pending is None:
        return record
    fresh = engine.confirm(pending, actor=pending.approver, today=today)
    engine._copy_into(record, fresh)
    record.pending_approval = None
    return fresh


def perform_and_confirm(record: WorkflowModel, name: str, *, actor, data=None, today=None) -> WorkflowModel:
    """``engine.perform`` and, when the transition needs approval, the named approver's confirmation
    on the same day (for tests about what a move does once approved)."""
    fresh = engine.perform(record, name, actor=actor, data=data, today=today)
    if getattr(fresh, "pending_approval", None) is None:
        return fresh
    record.pending_approval = fresh.pending_approval
    return confirm_pending(record, today)


def snapshot(record: WorkflowModel) -> dict:
    ct = _ct(record)
    clocks = Clock.objects.filter(subject_type=ct, subject_id=record.pk)
    return {
        "row": type(record)._base_manager.filter(pk=record.pk).values().get(),
        "log": list(
            TransitionLog.objects.filter(subject_type=ct, subject_id=record.pk).values_list("id", flat=True)
        ),
        "clocks": list(
            clocks.order_by("id").values(
                "id", "code", "state", "start_date", "due_date", "explanation", "stopped_on"
            )
        ),
        "clock_entries": list(
            ClockEntry.objects.filter(clock__in=clocks).order_by("id").values_list("id", flat=True)
        ),
        "attachments": list(
            Attachment.objects.filter(subject_type=ct, subject_id=record.pk).values_list("id", flat=True)
        ),
        "audit_rows": AuditEvent.objects.count(),
    }


def assert_unchanged(before: dict, record: WorkflowModel, what: str) -> None:
    after = snapshot(record)
    changed = [key for key in before if before[key] != after[key]]
    assert not changed, f"{what}: refused, yet {', '.join(changed)} changed: {before} → {after}"


def assert_refused(excinfo, record: WorkflowModel, before: dict, what: str) -> None:
    message = excinfo.value.message
    assert is_chinese_message(message), f"{what}: message is not a clear Chinese sentence: {message!r}"
    assert_unchanged(before, record, what)


def ledger_due_date(clock: Clock) -> dt.date | None:
    """The due date the clock's ledger calls for, recomputed now (without saving). A stored due
    date that differs means a ledger entry was written without recomputing the clock."""
    fresh = Clock.objects.get(pk=clock.pk)
    clock_services.recompute(fresh, save=False)
    return fresh.due_date


def _open_clocks(record: WorkflowModel) -> dict[str, Clock]:
    return {c.code: c for c in clock_services.clocks_for(record).exclude(state=ClockState.STOPPED)}


def _last_entry(clock: Clock) -> ClockEntry | None:
    return ClockEntry.objects.filter(clock=clock).order_by("-id").first()


def check_clock_effects(
    t: Transition, record: WorkflowModel, before: dict[str, Clock], when: dt.date, data: dict
) -> None:
    """Every clock ``t`` declares was started / suspended / resumed / restarted / extended /
    stopped on the legal date, and every open clock's due date is what the ledger calls for."""
    after = _open_clocks(record)
    for code in t.stop_clocks:
        if code in before:
            clock = Clock.objects.get(pk=before[code].pk)
            assert clock.state == ClockState.STOPPED, f"{t.name}: clock {code} should have stopped"
            assert clock.stopped_on == when, (
                f"{t.name}: clock {code} stopped on {clock.stopped_on}, not {when}"
            )
    for code in t.suspend_clocks:
        if code in before and before[code].state == ClockState.RUNNING:
            clock = Clock.objects.get(pk=before[code].pk)
            assert clock.state == ClockState.SUSPENDED, f"{t.name}: clock {code} should be suspended"
            assert clock.due_date is None, f"{t.name}: a suspended clock {code} shows a due date"
            entry = _last_entry(clock)
            assert (entry.kind, entry.date) == (EntryKind.SUSPEND, when), f"{t.name}: no suspension entry"
    for code in t.resume_clocks:
        if code in before and before[code].state == ClockState.SUSPENDED:
            clock = after[code]
            assert clock.state == ClockState.RUNNING, f"{t.name}: clock {code} should run again"
            entry = _last_entry(clock)
            assert (entry.kind, entry.date) == (EntryKind.RESUME, when), f"{t.name}: no resumption entry"
    for code in t.restart_clocks:
        if code in before:
            clock = after[code]
            assert clock.state == ClockState.RUNNING, f"{t.name}: clock {code} should run after restart"
            # 重新起算: a new full period from the legal date of this step.
            expected = compute_deadline(
                clock_services.work_calendar(), start=when, length=clock.length, unit=clock.unit
            )
            assert clock.due_date == expected.due, (
                f"{t.name}: restarted {code} due {clock.due_date}, not {expected.due}"
            )
    if t.extend_clock:
        clock = after[t.extend_clock]
        entry = _last_entry(clock)
        assert (entry.kind, entry.days, entry.date) == (EntryKind.EXTEND, int(data["days"]), when), (
            f"{t.name}: no extension entry of {data['days']} days on {when}"
        )
        assert entry.approver_id is not None, f"{t.name}: extension without approver"
        old_due = before[t.extend_clock].due_date
        assert old_due is None or clock.due_date > old_due, f"{t.name}: extension did not move the due date"
    for spec in t.start_clocks:
        assert spec.code in after, f"{t.name}: clock {spec.code} was not started"
        clock = after[spec.code]
        length, unit = spec.length_of(record), spec.unit_of(record)
        assert (clock.length, clock.unit, clock.article) == (length, unit, spec.article_of(record)), (
            f"{t.name}: clock {spec.code} started with the wrong terms"
        )
        if spec.code not in before:
            start = spec.start_of(record, when)
            assert clock.start_date == start, (
                f"{t.name}: clock {spec.code} starts {clock.start_date}, not {start}"
            )
            expected = compute_deadline(clock_services.work_calendar(), start=start, length=length, unit=unit)
            assert clock.due_date == expected.due, (
                f"{t.name}: clock {spec.code} due {clock.due_date}, not {expected.due}"
            )
    for code, clock in after.items():
        due = ledger_due_date(clock)
        assert clock.due_date == due, f"{t.name}: clock {code} due {clock.due_date}, ledger says {due}"


# --- the suite ------------------------------------------------------------------------------------


class ProcedureSuite:
    """Subclass as ``Test<Something>`` and fill in the class attributes and the two factories."""

    procedure_name: ClassVar[str]
    today: ClassVar[dt.date] = dt.date(2026, 9, 28)
    inputs: ClassVar[dict[str, dict | Callable[[SuiteContext], dict]]] = {}
    # transition name → fn(ctx, record) that makes its guard refuse; may return input overrides.
    guard_failures: ClassVar[dict[str, Callable[[SuiteContext, WorkflowModel], dict | None]]] = {}

    # --- what the domain supplies ---

    @pytest.fixture
    def env(self, db):
        return {}

    def make_record(self, ctx: SuiteContext) -> WorkflowModel:
        raise NotImplementedError("make_record(ctx) must create a record in the initial state")

    def make_user(self, ctx: SuiteContext, roles: tuple[str, ...], *, outsider: bool = False):
        raise NotImplementedError("make_user(ctx, roles, outsider=) must create a staff user")

    def attach(self, ctx: SuiteContext, record: WorkflowModel, kind: str) -> Attachment:
        """Attach a small file of ``kind`` (for transitions that require attachments)."""
        content = f"测试材料：{kind}".encode()
        attachment = Attachment(
            subject_type=_ct(record),
            subject_id=record.pk,
            organisation_id=record.organisation_id,
            region_code=record.region_code,
            kind=kind,
            filename=f"{kind}.txt",
            content_type="text/plain",
            size=len(content),
            sha256=Attachment.digest([content]),
            uploaded_by=ctx.actor,
        )
        attachment.file.save(f"{kind}.txt", ContentFile(content), save=False)
        attachment.save()
        return attachment

    def record_in(self, ctx: SuiteContext, state: str) -> WorkflowModel:
        """A record in ``state``, driven there through the engine along a shortest path."""
        paths = ctx.procedure.paths()
        assert state in paths, f"state {state!r} cannot be reached from the initial state"
        record = ctx.new_record()
        for t in paths[state]:
            ctx.provide_attachments(record, t.name)
            record = ctx.perform(record, t.name)
        assert record.status == state
        return record

    # --- plumbing ---

    @pytest.fixture
    def ctx(self, env, db) -> SuiteContext:
        return SuiteContext(self, env, self.today)

    def pytest_generate_tests(self, metafunc) -> None:
        procedure = registry.get(self.procedure_name)
        states = [s.code for s in procedure.states]
        params = {
            "allowed_move": [(t.name, s) for t in procedure.transitions for s in t.sources],
            "forbidden_state": [
                s for s in states if len(procedure.transitions_from(s)) < len(procedure.transitions)
            ],
            "options_state": states,
            "refused_transition": [t.name for t in procedure.transitions],
            "input_transition": [t.name for t in procedure.transitions if t.fields],
            "attachment_transition": [t.name for t in procedure.transitions if t.attachments],
            "guarded_transition": [t.name for t in procedure.transitions if t.guard],
            "approval_transition": [t.name for t in procedure.transitions if t.approval],
            "clock_code": list(procedure.clock_specs()),
            "deadline_step": [f"{d.clock}:{d.transition}" for d in procedure.deadline_steps],
        }
        for name, values in params.items():
            if name in metafunc.fixturenames:
                ids = [f"{v[0]}-from-{v[1]}" if isinstance(v, tuple) else v for v in values]
                metafunc.parametrize(name, values, ids=ids)

    # --- the generated tests ---

    def test_spec_is_complete(self):
        """Labels are Chinese, clocks cite articles, the model is the procedure's, and the suite
        data names real transitions and covers every guard."""
        from django.apps import apps

        procedure = registry.get(self.procedure_name)
        model = apps.get_model(procedure.model)
        assert issubclass(model, WorkflowModel) and model.procedure_name == procedure.name
        assert is_chinese_message(procedure.label)
        for s in procedure.states:
            assert is_chinese_message(s.label), f"state {s.code} needs a Chinese label"
        for t in procedure.transitions:
            assert is_chinese_message(t.label), f"transition {t.name} needs a Chinese label"
            for f in t.fields:
                assert is_chinese_message(f.label), f"field {t.name}.{f.name} needs a Chinese label"
        for c in procedure.clock_specs().values():
            assert is_chinese_message(c.label) and "《" in c.article, f"clock {c.code} must cite its article"
        unknown = (set(self.inputs) | set(self.guard_failures)) - {t.name for t in procedure.transitions}
        assert not unknown, f"suite data names transitions the procedure lacks: {sorted(unknown)}"
        unguarded = [t.name for t in procedure.transitions if t.guard and t.name not in self.guard_failures]
        assert not unguarded, f"supply guard_failures for guarded transitions: {unguarded}"

    def test_allowed_transition(self, ctx, allowed_move):
        name, source = allowed_move
        t = ctx.procedure.transition(name)
        record = ctx.record_in(source)
        ctx.provide_attachments(record, name)
        actor = ctx.user(t.roles)  # the declared roles alone must suffice
        data = ctx.data_for(t)
        clocks_before = _open_clocks(record)
        version, last_audit = (
            record.version,
            AuditEvent.objects.order_by("-id").values_list("id", flat=True).first(),
        )
        log_before = set(engine.history(record).values_list("id", flat=True))

        result = ctx.perform(record, name, actor=actor, data=data)

        when = legal_date(t, engine.clean_data(t, data), ctx.today)
        stored = type(record)._base_manager.get(pk=record.pk)
        target = t.target_from(source)
        assert (stored.status, stored.version) == (target, version + 1)
        assert (result.status, record.status) == (target, target), "caller's instance not refreshed"
        logs = [log for log in engine.history(record) if log.pk not in log_before]
        assert len(logs) == 1, f"{name}: expected one transition log row, got {len(logs)}"
        log = logs[0]
        assert (log.transition, log.from_status, log.to_status) == (name, source, target)
        assert (log.actor_id, log.legal_date, log.article) == (actor.pk, when, t.article_of(record))
        events = list(AuditEvent.objects.filter(id__gt=last_audit or 0))
        if t.approval is not None:  # asked, then confirmed: a row for each of the two people's acts
            events.sort(key=lambda e: e.pk)
            actions = [e.action for e in events]
            assert actions == [
                "workflow.approval.requested",
                "workflow.transition",
                "workflow.approval.confirmed",
            ], f"{name}: expected the request, the move and the confirmation in the audit, got {actions}"
            events = [events[1]]
        assert len(events) == 1, f"{name}: expected exactly one audit row, got {len(events)}"
        event = events[0]
        assert (event.action, event.object_id, event.user_id) == (
            "workflow.transition",
            str(record.pk),
            actor.pk,
        )
        assert (event.detail["transition"], event.detail["from"], event.detail["to"]) == (
            name,
            source,
            target,
        )
        check_clock_effects(t, record, clocks_before, when, data)

    def test_forbidden_transitions(self, ctx, forbidden_state):
        procedure = ctx.procedure
        record = ctx.record_in(forbidden_state)
        label = procedure.state(forbidden_state).label
        for t in procedure.transitions:
            if forbidden_state in t.sources:
                continue
            ctx.provide_attachments(record, t.name)
            before = snapshot(record)
            with pytest.raises(engine.IllegalTransition) as excinfo:
                ctx.perform(record, t.name)
            what = f"{t.name} from {forbidden_state}"
            assert_refused(excinfo, record, before, what)
            assert label in excinfo.value.message and t.label in excinfo.value.message, (
                f"{what}: the message should name the state and the action: {excinfo.value.message}"
            )

    def test_options_offered(self, ctx, options_state):
        procedure = ctx.procedure
        record = ctx.record_in(options_state)
        offered = [o.transition.name for o in engine.options(record, ctx.actor)]
        assert offered == [t.name for t in procedure.transitions_from(options_state)]
        assert engine.options(record, ctx.user(())) == [], "a user without case roles is offered moves"
        assert engine.options(record, ctx.user(CASE_ROLES, outsider=True)) == [], (
            "a user outside the record's data scope is offered moves"
        )

    def test_role_refused(self, ctx, refused_transition):
        t = ctx.procedure.transition(refused_transition)
        record = ctx.record_in(t.sources[0])
        ctx.provide_attachments(record, t.name)
        others = tuple(r for r in CASE_ROLES if r not in t.roles)
        for roles in {others, ()}:
            user = ctx.user(roles)
            before = snapshot(record)
            with pytest.raises(engine.NotPermitted) as excinfo:
                ctx.perform(record, t.name, actor=user)
            assert_refused(excinfo, record, before, f"{t.name} by roles {roles}")
            assert t.name not in [o.transition.name for o in engine.options(record, user)]

    def test_outsider_refused(self, ctx, refused_transition):
        """A user holding every role but outside the record's data scope cannot move it."""
        t = ctx.procedure.transition(refused_transition)
        record = ctx.record_in(t.sources[0])
        ctx.provide_attachments(record, t.name)
        before = snapshot(record)
        with pytest.raises(engine.NotPermitted) as excinfo:
            ctx.perform(record, t.name, actor=ctx.user(CASE_ROLES, outsider=True))
        assert_refused(excinfo, record, before, f"{t.name} by an outsider")

    def test_missing_or_bad_input(self, ctx, input_transition):
        t = ctx.procedure.transition(input_transition)
        record = ctx.record_in(t.sources[0])
        ctx.provide_attachments(record, t.name)
        required = {f.name for f in t.fields if f.required}
        if required:
            before = snapshot(record)
            with pytest.raises(engine.MissingInput) as excinfo:
                ctx.perform(record, t.name, data={})
            assert_refused(excinfo, record, before, f"{t.name} without input")
            assert set(excinfo.value.field_errors) == required
            assert all(is_chinese_message(m) for m in excinfo.value.field_errors.values())
        for f in t.fields:
            bad = BAD_VALUES.get(f.kind)
            if bad is None:
                continue
            before = snapshot(record)
            with pytest.raises(engine.MissingInput) as excinfo:
                ctx.perform(record, t.name, data={**ctx.data_for(t), f.name: bad})
            assert_refused(excinfo, record, before, f"{t.name} with bad {f.name}")
            assert f.name in excinfo.value.field_errors, f"{t.name}: bad {f.name} not reported on the field"
            assert f.label in excinfo.value.field_errors[f.name]

    def test_missing_attachment(self, ctx, attachment_transition):
        t = ctx.procedure.transition(attachment_transition)
        record = ctx.record_in(t.sources[0])
        before = snapshot(record)
        with pytest.raises(engine.MissingInput) as excinfo:
            engine.perform(record, t.name, actor=ctx.actor, data=ctx.data_for(t), today=ctx.today)
        assert_refused(excinfo, record, before, f"{t.name} without attachments")
        assert all(kind in excinfo.value.message for kind in t.attachments)

    def test_guard_refuses(self, ctx, guarded_transition):
        t = ctx.procedure.transition(guarded_transition)
        assert t.name in self.guard_failures, f"supply guard_failures[{t.name!r}]"
        record = ctx.record_in(t.sources[0])
        ctx.provide_attachments(record, t.name)
        overrides = self.guard_failures[t.name](ctx, record) or {}
        record.refresh_from_db()
        before = snapshot(record)
        with pytest.raises(engine.GuardFailed) as excinfo:
            ctx.perform(record, t.name, data={**ctx.data_for(t), **overrides})
        assert_refused(excinfo, record, before, f"{t.name} with its guard failing")
        if not t.fields:  # the offered button says why, too
            option = next(o for o in engine.options(record, ctx.actor) if o.transition.name == t.name)
            assert not option.enabled and option.reason == excinfo.value.message

    def test_approval_needs_another_person_who_confirms(self, ctx, approval_transition):
        """The move is only asked: refused when the approver is the asker or lacks the role the law
        names; changes nothing until confirmed; a refusal changes nothing; the confirmation makes it."""
        t = ctx.procedure.transition(approval_transition)
        record = ctx.record_in(t.sources[0])
        ctx.provide_attachments(record, t.name)
        record.refresh_from_db()
        asker = ctx.user(t.roles)
        data = ctx.data_for(t)
        before = snapshot(record)
        with pytest.raises(engine.ApprovalRefused) as excinfo:
            engine.perform(
                record, t.name, actor=asker, data={**data, t.approval.field: asker.pk}, today=ctx.today
            )
        assert_refused(excinfo, record, before, f"{t.name} approved by the asker")
        lacking = [r for r in CASE_ROLES if r not in t.approval.roles][:1] or ["officer"]
        with pytest.raises(engine.ApprovalRefused) as excinfo:
            engine.perform(
                record,
                t.name,
                actor=asker,
                data={**data, t.approval.field: ctx.user(tuple(lacking)).pk},
                today=ctx.today,
            )
        assert_refused(excinfo, record, before, f"{t.name} approved by someone without the role")
        asked = engine.perform(record, t.name, actor=asker, data=data, today=ctx.today)
        pending = asked.pending_approval
        before.pop("audit_rows", None)  # asking and refusing are audited; nothing else may change
        assert_unchanged(before, record, f"{t.name} before confirmation")
        with pytest.raises(engine.ApprovalRefused):
            engine.confirm(pending, actor=asker, today=ctx.today)
        engine.refuse(pending, actor=pending.approver, note="不同意")
        assert_unchanged(before, record, f"{t.name} refused by the approver")
        pending = engine.perform(record, t.name, actor=asker, data=data, today=ctx.today).pending_approval
        engine.confirm(pending, actor=pending.approver, today=ctx.today)
        record.refresh_from_db()
        after = snapshot(record)
        after.pop("audit_rows", None)
        assert after != before, f"{t.name}: confirmed, yet nothing changed"

    def test_clock_due_date(self, ctx, clock_code):
        procedure = ctx.procedure
        spec = procedure.clock_specs()[clock_code]
        t = next(t for t in procedure.transitions if any(c.code == clock_code for c in t.start_clocks))
        record = ctx.record_in(t.sources[0])
        ctx.provide_attachments(record, t.name)
        data = ctx.data_for(t)
        ctx.perform(record, t.name, data=data)
        when = legal_date(t, engine.clean_data(t, data), ctx.today)
        record.refresh_from_db()
        clock = clock_services.clocks_for(record).filter(code=clock_code).latest("id")
        length, unit, article = spec.length_of(record), spec.unit_of(record), spec.article_of(record)
        expected = compute_deadline(
            clock_services.work_calendar(),
            start=spec.start_of(record, when),
            length=length,
            unit=unit,
            article=article,
            start_label=spec.start_label,
        )
        assert clock.state == ClockState.RUNNING
        assert (clock.label, clock.article, clock.length, clock.unit) == (
            spec.label,
            article,
            length,
            unit,
        )
        assert (clock.due_date, clock.provisional) == (expected.due, expected.provisional)
        assert expected.explanation in clock.explanation and article in clock.explanation

    def test_deadline_step(self, ctx, deadline_step):
        """A declared deadline step is taken by the scheduler the day after its clock's due date — not
        on the due date — as a system account, dated the lapse day, and only once."""
        from fazhi.core.workflow import deadlines

        clock_code, name = deadline_step.split(":")
        t = ctx.procedure.transition(name)
        record = ctx.record_in(t.sources[0])
        clock = clock_services.clocks_for(record).filter(code=clock_code, state=ClockState.RUNNING).first()
        assert clock is not None, f"no running clock {clock_code!r} in state {t.sources[0]!r}"
        assert not clock.provisional, "choose a suite `today` whose due dates fall in confirmed years"
        assert deadlines.run(today=clock.due_date).done == [] and _reload(record).status == t.sources[0]
        lapse = clock.due_date + dt.timedelta(days=1)
        result = deadlines.run(today=lapse)
        assert result.errors == [], result.errors
        assert _reload(record).status == t.target_from(t.sources[0])
        log = engine.history(record).get(transition=name)
        assert log.legal_date == lapse and log.actor.username.startswith("system.")
        assert not log.actor.has_usable_password() and log.actor.organisation_id == record.organisation_id
        audit_rows = AuditEvent.objects.count()
        assert deadlines.run(today=lapse).done == [] and AuditEvent.objects.count() == audit_rows


def _reload(record: WorkflowModel) -> WorkflowModel:
    return type(record).objects.get(pk=record.pk)
