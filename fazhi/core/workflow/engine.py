"""The one writer of status. ``perform()`` takes a transition on a record, atomically:

1. lock the record's row (``select_for_update``) and re-read it through the actor's data scope;
2. refuse — with a typed error carrying a Chinese message — a stale version, a transition that is
   not allowed from the current state, by this user, without its required inputs or attachments,
   whose guard fails, or whose legal date is in the future or before the previous step's; nothing
   is changed then;
3. write the new status, the transition log, the clock ledger and one audit row in the same
   transaction (if the audit write fails, everything rolls back: docs/security.md 14);
4. run side effects (notifications, documents) only after commit.

``create()`` registers a record in the initial state and ``bulk_import()`` loads records already in
later states (with an audit row naming the source; :mod:`fazhi.core.workflow.replay` loads them
with their past); nothing else may write ``status`` (see
:mod:`fazhi.core.workflow.models` and docs/adr/0002-procedure-engine.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from fazhi.core import access
from fazhi.core.audit import services as audit
from fazhi.core.calendar import services as clocks
from fazhi.core.calendar.models import ClockEntry, ClockState
from fazhi.core.dates import written_date
from fazhi.core.workflow import registry
from fazhi.core.workflow.models import (
    ApprovalStatus,
    Attachment,
    PendingApproval,
    StatusProtected,
    TransitionLog,
    WorkflowModel,
    _engine_writing,
)
from fazhi.core.workflow.spec import STEP_DATE, Field, Procedure, Transition, legal_date


class TransitionError(Exception):
    """A refused move. ``message`` is shown to the user as is."""

    code = "transition_error"

    def __init__(self, message: str, *, field_errors: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


class UnknownTransition(TransitionError):
    code = "unknown_transition"


class IllegalTransition(TransitionError):
    code = "illegal_transition"


class NotPermitted(TransitionError):
    code = "not_permitted"


class MissingInput(TransitionError):
    code = "missing_input"


class GuardFailed(TransitionError):
    code = "guard_failed"


class StaleRecord(TransitionError):
    code = "stale_record"


class ApprovalRefused(TransitionError):
    code = "approval_refused"


# Domain hooks: (record, transition, cleaned data, legal date) → None, run inside the transaction
# (to copy transition inputs onto the record's own fields) or after commit (side effects).
Hook = Callable[[WorkflowModel, Transition, dict, dt.date], None]
_apply_hooks: dict[str, list[Hook]] = {}
_after_commit_hooks: dict[str, list[Hook]] = {}


def on_apply(procedure_name: str, hook: Hook) -> Hook:
    _apply_hooks.setdefault(procedure_name, []).append(hook)
    return hook


def after_commit(procedure_name: str, hook: Hook) -> Hook:
    _after_commit_hooks.setdefault(procedure_name, []).append(hook)
    return hook


@dataclass(frozen=True)
class Option:
    """A transition as offered to one user on one record: enabled, or disabled with the reason."""

    transition: Transition
    enabled: bool
    reason: str = ""


def _role_ok(user, transition: Transition) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(*transition.roles)


def _side_ok(user, record, transition: Transition, holds: bool | None = None) -> bool:
    """The record's own 承办单位 side takes every step; a party it is only shared with (its
    ``shared_with``) takes only the steps declared ``shared`` for it."""
    if not getattr(type(record), "shared_with", ()):
        return True
    if holds if holds is not None else access.holds(user, record):
        return True
    return bool(transition.shared) and access.shares(user, record, transition.shared)


def may_attach(user, record, offered: list | None = None) -> bool:
    """The user may add files to ``record``: its own 承办单位 side always; a party the record is only
    shared with (the 被申请人) while a step of its own waits (its 答复书 and evidence, 第四十八条).
    ``offered``: the steps :func:`options` already gave the user for the record, if known."""
    if not getattr(type(record), "shared_with", ()):
        return True
    if offered is None and isinstance(record, WorkflowModel):
        offered = options(record, user)
    return bool(offered) or access.holds(user, record)


def options(record: WorkflowModel, user, *, today: dt.date | None = None) -> list[Option]:
    """Transitions leaving the record's current state that the user holds a role for.

    A transition is offered disabled, with the reason, when an attachment is missing or its guard
    already refuses: a transition without input fields is judged as if taken ``today``; one with
    fields only by its guard's ``preview`` (:mod:`fazhi.core.workflow.guards`: what every input would
    be refused for — 视为受理 before the period ends, 转普通程序 of an ordinary case). A guard without
    a preview may depend on what the user fills in, so it is judged only at submit time (it is never
    called here with empty data, which could raise or refuse wrongly).
    """
    if not access.visible(user, type(record)).filter(pk=record.pk).exists():
        return []
    today = today or timezone.localdate()
    result = []
    holds = access.holds(user, record) if getattr(type(record), "shared_with", ()) else True
    asked = {p.transition: p for p in pending_approvals_of(record)}
    for t in record.procedure.transitions_from(record.status):
        if not _role_ok(user, t) or not _side_ok(user, record, t, holds):
            continue
        reason = ""
        missing = _missing_attachments(record, t)
        if t.name in asked:  # asked once already: the approver confirms or refuses it first
            reason = f"已提交“{t.label}”，待{asked[t.name].approver}本人确认或拒绝后再办理。"
        elif missing:
            reason = f"须先上传：{'、'.join(missing)}。"
        elif t.guard is not None:
            preview = getattr(t.guard, "preview", None)
            if preview is not None:
                reason = preview(record, today) or ""
            elif not t.fields:
                reason = t.guard(record, {STEP_DATE: today}) or ""
        result.append(Option(t, enabled=not reason, reason=reason))
    return result


def _missing_attachments(record: WorkflowModel, t: Transition) -> list[str]:
    if not t.attachments:
        return []
    present = set(
        Attachment.objects.filter(
            subject_type=ContentType.objects.get_for_model(record), subject_id=record.pk
        ).values_list("kind", flat=True)
    )
    return [kind for kind in t.attachments if kind not in present]


_DATE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _clean_value(f: Field, raw):
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if f.kind == "date":
        if isinstance(raw, dt.datetime):
            return timezone.localtime(raw).date() if timezone.is_aware(raw) else raw.date()
        if isinstance(raw, dt.date):
            return raw
        text = str(raw).strip()
        try:
            if not _DATE_FORMAT.match(text):
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"“{f.label}”不是有效日期（格式：2026-01-31）。") from None
    if f.kind == "int":
        if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
            raise ValueError(f"“{f.label}”应为整数。")
        try:
            value = int(str(raw).strip()) if isinstance(raw, str) else int(raw)
        except (TypeError, ValueError):
            raise ValueError(f"“{f.label}”应为整数。") from None
        if value < 0:
            raise ValueError(f"“{f.label}”不能为负数。")
        return value
    if f.kind == "choice":
        allowed = {code for code, _ in f.choices}
        if str(raw) not in allowed:
            raise ValueError(f"“{f.label}”的取值不在可选范围内。")
        return str(raw)
    if f.kind == "user":
        from fazhi.core.models import User

        try:
            user = User.objects.filter(pk=getattr(raw, "pk", raw), is_active=True).first()
        except (TypeError, ValueError):
            user = None
        if user is None:
            raise ValueError(f"“{f.label}”不是有效的工作人员。")
        return user
    value = str(raw).strip()
    if len(value) > 2000:
        raise ValueError(f"“{f.label}”不能超过2000字。")
    return value


def clean_data(t: Transition, data: dict | None) -> dict:
    data = data or {}
    cleaned, errors = {}, {}
    for f in t.fields:
        try:
            value = _clean_value(f, data.get(f.name))
        except ValueError as exc:
            errors[f.name] = str(exc)
            continue
        if value is None and f.required:
            errors[f.name] = f"请填写“{f.label}”。"
        cleaned[f.name] = value
    if errors:
        raise MissingInput("；".join(errors.values()), field_errors=errors)
    return cleaned


def _jsonable(data: dict) -> dict:
    out = {}
    for key, value in data.items():
        if isinstance(value, dt.date):
            out[key] = value.isoformat()
        elif isinstance(value, models.Model):
            out[key] = {"id": value.pk, "name": str(value)}
        else:
            out[key] = value
    return out


def _check_legal_date(record: WorkflowModel, t: Transition, when: dt.date, today: dt.date) -> None:
    """The date of the legal event may not lie in the future, nor before the previous step's date:
    steps happen in the order the procedure allows, so a later step cannot have happened earlier
    (and a clock cannot resume before it was suspended, or stop before it started)."""
    key = t.date_field or "__all__"
    if when > today:
        raise MissingInput(
            f"“{t.label}”的日期不能晚于今天（{written_date(today)}）。",
            field_errors={key: "日期不能晚于今天。"},
        )
    last = (
        TransitionLog.objects.filter(
            subject_type=ContentType.objects.get_for_model(record), subject_id=record.pk
        )
        .order_by("-legal_date", "-id")
        .first()
    )
    if last is not None and when < last.legal_date:
        raise MissingInput(
            f"“{t.label}”的日期（{written_date(when)}）不能早于上一办理环节“{last.label}”的日期"
            f"（{written_date(last.legal_date)}）。",
            field_errors={key: f"日期不能早于{written_date(last.legal_date)}。"},
        )


def perform(
    record: WorkflowModel,
    name: str,
    *,
    actor,
    data: dict | None = None,
    today: dt.date | None = None,
    expected_version: int | None = None,
    _confirmed_by=None,
) -> WorkflowModel:
    """Take transition ``name`` on ``record`` as ``actor``. Returns the refreshed record.

    The passed ``record`` instance is refreshed in place as well, so a caller that keeps using it
    sees the new status and version. On any :class:`TransitionError` nothing has been written.

    A transition that declares an :class:`~fazhi.core.workflow.spec.Approval` is only *asked* here:
    every check runs, then a :class:`PendingApproval` is stored for the named approver and nothing
    else changes (the returned record carries it as ``pending_approval``); the move is made when
    the approver confirms it (:func:`confirm`).
    """
    procedure: Procedure = record.procedure
    try:
        t = procedure.transition(name)
    except KeyError:
        raise UnknownTransition(f"“{procedure.label}”没有“{name}”这一操作。") from None
    today = today or timezone.localdate()
    model = type(record)
    with transaction.atomic():
        try:
            locked = access.visible(actor, model).select_for_update(of=("self",)).get(pk=record.pk)
        except model.DoesNotExist:
            raise NotPermitted("记录不存在或您无权办理。") from None
        if expected_version is not None and locked.version != expected_version:
            raise StaleRecord("该记录已被他人更新，请刷新页面后重试。您的操作未保存。")
        current = procedure.state(locked.status)
        if locked.status not in t.sources:
            allowed = "、".join(f"“{procedure.state(s).label}”" for s in t.sources)
            raise IllegalTransition(
                f"当前状态为“{current.label}”，不能进行“{t.label}”操作（仅在{allowed}状态下可以进行）。"
            )
        if not _role_ok(actor, t):
            raise NotPermitted(f"您没有进行“{t.label}”操作的权限。")
        if not _side_ok(actor, locked, t):
            raise NotPermitted(f"“{t.label}”由{locked.organisation.name}办理，您所在单位不能进行此操作。")
        cleaned = clean_data(t, data)
        missing = _missing_attachments(locked, t)
        if missing:
            raise MissingInput(f"进行“{t.label}”前须上传：{'、'.join(missing)}。")
        when = legal_date(t, cleaned, today)
        if t.guard is not None:
            reason = t.guard(locked, {**cleaned, STEP_DATE: when})
            if reason:
                raise GuardFailed(reason)
        _check_legal_date(locked, t, when, today)
        if t.approval is not None and t.approval.applies(cleaned):
            _check_approver(locked, t, cleaned, actor)
            if _confirmed_by is None:
                _dry_run_clocks(locked, t, cleaned, when, actor)  # e.g. an extension over its cap
                pending = _ask_approval(locked, t, cleaned, actor)
                _copy_into(record, locked)
                record.pending_approval = locked.pending_approval = pending
                return locked
            if cleaned[t.approval.field].pk != _confirmed_by.pk:
                raise ApprovalRefused("只有申请中指定的批准人本人可以确认。")

        for attribute, name in t.copies.items():
            setattr(locked, attribute, cleaned[name])
        for hook in _apply_hooks.get(procedure.name, []):
            hook(locked, t, cleaned, when)
        token = _engine_writing.set(True)
        try:
            locked.status = t.target_from(current.code)
            locked.version += 1
            locked.save()
        finally:
            _engine_writing.reset(token)

        try:
            _run_clocks(locked, t, cleaned, when, actor)
        except ValidationError as exc:
            raise GuardFailed("；".join(exc.messages)) from None
        TransitionLog.objects.create(
            subject_type=ContentType.objects.get_for_model(locked),
            subject_id=locked.pk,
            procedure=procedure.name,
            transition=t.name,
            label=t.label,
            from_status=current.code,
            to_status=locked.status,
            legal_date=when,
            data=_jsonable(cleaned),
            article=t.article_of(locked),
            actor=actor,
        )
        target = procedure.state(locked.status)
        # Field values stay in the transition log (the record's own history, behind data scope);
        # the audit row names which fields were filled, never their content (docs/security.md 11–12).
        audit.record(
            "workflow.transition",
            obj=locked,
            user=actor,
            detail={
                "procedure": procedure.name,
                "transition": t.name,
                "label": t.label,
                "from": current.code,
                "to": locked.status,
                "summary": f"{t.label}：{current.label} → {target.label}",
                "legal_date": when.isoformat(),
                "article": t.article_of(locked),
                "version": locked.version,
                "fields": sorted(k for k, v in cleaned.items() if v is not None),
            },
        )
        for hook in _after_commit_hooks.get(procedure.name, []):
            transaction.on_commit(lambda hook=hook: hook(locked, t, cleaned, when))
    _copy_into(record, locked)
    return locked


def _check_approver(record: WorkflowModel, t: Transition, cleaned: dict, actor) -> None:
    """The approver is another person, holds a role the law names and may see the record."""
    approval = t.approval
    approver = cleaned.get(approval.field)
    label = t.field(approval.field).label
    if approver is None:
        raise MissingInput(f"请填写“{label}”。", field_errors={approval.field: "请选择批准人。"})
    if approver.pk == getattr(actor, "pk", None):
        raise ApprovalRefused(
            f"“{t.label}”须由{approval.authority}另行批准，不能由申请人本人批准。",
            field_errors={approval.field: "批准人不能是申请人本人。"},
        )
    if (
        not approver.has_role(*approval.roles)
        or not access.visible(approver, type(record)).filter(pk=record.pk).exists()
    ):
        raise ApprovalRefused(
            f"“{t.label}”须由{approval.authority}批准，所选人员不具有该职权或无权办理本案。",
            field_errors={approval.field: f"请选择{approval.authority}。"},
        )


class _DryRun(Exception):
    pass


def _dry_run_clocks(record, t: Transition, cleaned: dict, when: dt.date, actor) -> None:
    """What the move would do to the clocks, rolled back: refuse now what confirmation would."""
    try:
        with transaction.atomic():
            _run_clocks(record, t, cleaned, when, actor)
            raise _DryRun
    except _DryRun:
        pass
    except ValidationError as exc:
        raise GuardFailed("；".join(exc.messages)) from None


def _ask_approval(record: WorkflowModel, t: Transition, cleaned: dict, actor) -> PendingApproval:
    subject_type = ContentType.objects.get_for_model(record)
    if PendingApproval.objects.filter(
        subject_type=subject_type, subject_id=record.pk, transition=t.name, status=ApprovalStatus.PENDING
    ).exists():
        raise IllegalTransition(f"本案已有一项“{t.label}”待批准人确认，请待其确认或拒绝后再申请。")
    data = {k: (v.pk if isinstance(v, models.Model) else v) for k, v in _jsonable(cleaned).items()}
    data = {k: (v["id"] if isinstance(v, dict) and "id" in v else v) for k, v in data.items()}
    pending = PendingApproval.objects.create(
        subject_type=subject_type,
        subject_id=record.pk,
        procedure=record.procedure.name,
        transition=t.name,
        label=t.label,
        data=data,
        version=record.version,
        requested_by=actor,
        approver=cleaned[t.approval.field],
    )
    audit.record(
        "workflow.approval.requested",
        obj=record,
        user=actor,
        detail={
            "procedure": record.procedure.name,
            "transition": t.name,
            "approval": pending.pk,
            "approver": pending.approver_id,
            "fields": sorted(k for k, v in cleaned.items() if v is not None),
        },
    )
    return pending


def pending_approvals_of(record: WorkflowModel) -> list[PendingApproval]:
    """Moves on ``record`` asked and not yet confirmed or refused (read once per record instance;
    no query for a procedure that declares no approval)."""
    if not any(t.approval is not None for t in record.procedure.transitions):
        return []
    cached = record.__dict__.get("_pending_approvals")
    if cached is None:
        cached = list(
            PendingApproval.objects.filter(
                subject_type=ContentType.objects.get_for_model(record),
                subject_id=record.pk,
                status=ApprovalStatus.PENDING,
            ).select_related("approver", "requested_by")
        )
        record.__dict__["_pending_approvals"] = cached
    return cached


def pending_approvals_for(user):
    """Moves waiting for ``user``'s confirmation (their 待办)."""
    if not getattr(user, "is_authenticated", False):
        return PendingApproval.objects.none()
    return PendingApproval.objects.filter(approver=user, status=ApprovalStatus.PENDING).select_related(
        "requested_by", "subject_type"
    )


def _decidable(approval: PendingApproval, actor):
    with transaction.atomic():
        locked = PendingApproval.objects.select_for_update().get(pk=approval.pk)
    if locked.status != ApprovalStatus.PENDING:
        raise ApprovalRefused(f"该事项已{locked.get_status_display()}，不能再确认。")
    if getattr(actor, "pk", None) != locked.approver_id:
        raise ApprovalRefused("只有申请中指定的批准人本人可以确认或拒绝。")
    model = locked.subject_type.model_class()
    record = access.visible(actor, model).filter(pk=locked.subject_id).first()
    if record is None:
        raise NotPermitted("记录不存在或您无权办理。")
    return locked, record


def confirm(approval: PendingApproval, *, actor, today: dt.date | None = None) -> WorkflowModel:
    """The approver, in their own session, confirms: the move is made now (its legal date is
    today unless the transition records its own — and today when the approval is
    ``dated_on_confirmation``), as asked, on the record as it was when asked."""
    approval, record = _decidable(approval, actor)
    data = dict(approval.data)
    t = record.procedure.transition(approval.transition)
    if t.approval is not None and t.approval.dated_on_confirmation:
        data[t.date_field] = (today or timezone.localdate()).isoformat()
    with transaction.atomic():
        fresh = perform(
            record,
            approval.transition,
            actor=approval.requested_by,
            data=data,
            today=today,
            expected_version=approval.version,
            _confirmed_by=actor,
        )
        PendingApproval.objects.filter(pk=approval.pk).update(
            status=ApprovalStatus.CONFIRMED, decided_at=timezone.now()
        )
        audit.record(
            "workflow.approval.confirmed",
            obj=fresh,
            user=actor,
            detail={
                "transition": approval.transition,
                "approval": approval.pk,
                "requested_by": approval.requested_by_id,
            },
        )
    return fresh


def refuse(approval: PendingApproval, *, actor, note: str = "") -> PendingApproval:
    """The approver refuses: nothing changes on the record."""
    approval, record = _decidable(approval, actor)
    note = " ".join((note or "").split())[:500]
    with transaction.atomic():
        PendingApproval.objects.filter(pk=approval.pk).update(
            status=ApprovalStatus.REFUSED, decided_at=timezone.now(), note=note
        )
        audit.record(
            "workflow.approval.refused",
            obj=record,
            user=actor,
            detail={
                "transition": approval.transition,
                "approval": approval.pk,
                "requested_by": approval.requested_by_id,
            },
        )
    approval.refresh_from_db()
    return approval


def _copy_into(record: WorkflowModel, fresh: WorkflowModel) -> None:
    if record is fresh:
        return
    for f in fresh._meta.concrete_fields:
        if f.attname in fresh.__dict__:
            setattr(record, f.attname, getattr(fresh, f.attname))
    record._loaded_status = fresh.status


_REASON_MAX = ClockEntry._meta.get_field("reason").max_length


def _run_clocks(
    record: WorkflowModel,
    t: Transition,
    data: dict,
    when: dt.date,
    actor,
    book: clocks.ClockBook | None = None,
) -> None:
    """What a step does to the record's clocks. Live moves read and write the database; a replayed
    past (:mod:`fazhi.core.workflow.replay`) passes its in-memory ``book``, written in bulk later."""
    if book is None:
        existing = {c.code: c for c in clocks.clocks_for(record).exclude(state=ClockState.STOPPED)}
    else:
        existing = book.open()
    reason = str(data.get("reason") or t.label)[:_REASON_MAX]

    def on(code: str) -> dt.date:  # the step's date, or the input it dates this clock by
        return t.clock_date(code, data, when)

    for code in t.stop_clocks:
        if code in existing:
            clocks.stop_clock(existing.pop(code), date=on(code), actor=actor)
    for code in t.suspend_clocks:
        if code in existing and existing[code].state == ClockState.RUNNING:
            clocks.suspend_clock(existing[code], date=on(code), reason=reason, actor=actor)
    for code in t.resume_clocks:
        if code in existing and existing[code].state == ClockState.SUSPENDED:
            clocks.resume_clock(existing[code], date=on(code), reason=t.label, actor=actor)
    for code in t.restart_clocks:
        if code in existing:
            clocks.restart_clock(existing[code], date=on(code), reason=t.label, actor=actor)
    if t.extend_clock:
        clock = existing.get(t.extend_clock)
        if clock is None:
            raise GuardFailed("没有可延长的期限。")
        clocks.extend_clock(
            clock, days=data["days"], reason=reason, approver=data["approver"], actor=actor, date=when
        )
    for spec in t.start_clocks:
        if not spec.applies_to(record):
            continue
        (book.start if book is not None else clocks.start_clock)(
            record,
            code=spec.code,
            label=spec.label,
            start_date=spec.start_of(record, on(spec.code)),
            length=spec.length_of(record),
            unit=spec.unit_of(record),
            article=spec.article_of(record),
            start_label=spec.start_label,
            extension_cap=spec.extension_cap,
            actor=actor,
        )


def create(model: type[WorkflowModel], *, actor, **fields) -> WorkflowModel:
    """Register a new record in the procedure's initial state, with its audit row.

    A staff ``actor`` may only register records inside their own data scope. ``actor=None`` is for
    submissions from the public portal; the audit row then names the request's context.
    """
    with transaction.atomic():
        record = model(**fields)
        record.full_clean()
        record.save()
        if actor is not None and not access.visible(actor, model).filter(pk=record.pk).exists():
            raise NotPermitted("您无权为该单位登记记录。")
        audit.record(
            "record.create",
            obj=record,
            user=actor,
            detail={"procedure": record.procedure_name, "status": record.status},
        )
    return record


def bulk_import(
    model: type[WorkflowModel], records, *, actor=None, source: str, batch_size: int = 2000
) -> list[WorkflowModel]:
    """Load records that already stand in some state — historical data migrated from another
    system, or the demo generator — in bulk, with one audit row for the batch.

    This is the one sanctioned way to write a status other than the initial one without taking
    transitions, so it stays here in the engine and says so in the audit trail. Every status must
    be a declared state. It writes no history: records with a past (historical imports, the demo)
    are loaded through :func:`fazhi.core.workflow.replay.replay_many`, which calls this and then
    writes their transition logs and clocks as the engine would; use this alone only for
    snapshots without a past (e.g. test fixtures of indicator counts).
    """
    records = list(records)
    procedure = registry.get(model.procedure_name)
    for obj in records:
        obj.status = obj.status or procedure.initial
        if obj.status not in procedure._states:
            raise StatusProtected(f"“{procedure.label}”没有“{obj.status}”这一状态，不能导入。")
    with transaction.atomic():
        token = _engine_writing.set(True)
        try:
            created = model.objects.bulk_create(records, batch_size=batch_size)
        finally:
            _engine_writing.reset(token)
        audit.record(
            "record.import",
            object_type=model._meta.label_lower,
            object_repr=f"{procedure.label}：导入{len(created)}条",
            user=actor,
            detail={"procedure": procedure.name, "count": len(created), "source": source},
        )
    return created


def history(record: WorkflowModel):
    return TransitionLog.objects.filter(
        subject_type=ContentType.objects.get_for_model(record), subject_id=record.pk
    ).select_related("actor")
