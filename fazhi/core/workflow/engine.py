"""The one writer of status. ``perform()`` takes a transition on a record, atomically:

1. lock the record's row (``select_for_update``) and re-read it;
2. refuse — with a typed error carrying a Chinese message — a transition that is not allowed from
   the current state, by this user, without its required inputs or attachments, or whose guard
   fails; nothing is changed then;
3. write the new status, the transition log, the clock ledger and one audit row in the same
   transaction (if the audit write fails, everything rolls back: SECURITY.md 14);
4. run side effects (notifications, documents) only after commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from fazhi.core import access
from fazhi.core.audit.services import record as audit_record
from fazhi.core.calendar import services as clocks
from fazhi.core.calendar.models import ClockState
from fazhi.core.workflow.models import Attachment, TransitionLog, WorkflowModel, _engine_writing
from fazhi.core.workflow.spec import Field, Procedure, Transition, legal_date


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


def options(record: WorkflowModel, user) -> list[Option]:
    """Transitions leaving the record's current state that the user holds a role for."""
    result = []
    for t in record.procedure.transitions_from(record.status):
        if not _role_ok(user, t):
            continue
        reason = ""
        missing = _missing_attachments(record, t)
        if missing:
            reason = f"须先上传：{'、'.join(missing)}"
        elif t.guard is not None:
            reason = t.guard(record, {}) or ""
            if t.fields:  # the guard may depend on what the user fills in; judge it at submit time
                reason = ""
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


def _clean_value(f: Field, raw):
    if raw in (None, ""):
        return None
    if f.kind == "date":
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            raise ValueError(f"“{f.label}”不是有效日期（格式：2026-01-31）。") from None
    if f.kind == "int":
        try:
            value = int(raw)
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

        user = User.objects.filter(pk=getattr(raw, "pk", raw), is_active=True).first()
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


def perform(
    record: WorkflowModel,
    name: str,
    *,
    actor,
    data: dict | None = None,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> WorkflowModel:
    """Take transition ``name`` on ``record`` as ``actor``. Returns the refreshed record."""
    procedure: Procedure = record.procedure
    try:
        t = procedure.transition(name)
    except KeyError:
        raise UnknownTransition(f"“{procedure.label}”没有“{name}”这一操作。") from None
    today = today or timezone.localdate()
    model = type(record)
    with transaction.atomic():
        try:
            locked = access.visible(actor, model).select_for_update().get(pk=record.pk)
        except model.DoesNotExist:
            raise NotPermitted("记录不存在或您无权办理。") from None
        if expected_version is not None and locked.version != expected_version:
            raise StaleRecord("该记录已被他人更新，请刷新页面后重试。您的操作未保存。")
        current = procedure.state(locked.status)
        if locked.status not in t.sources:
            raise IllegalTransition(f"当前状态为“{current.label}”，不能进行“{t.label}”操作。")
        if not _role_ok(actor, t):
            raise NotPermitted(f"您没有进行“{t.label}”操作的权限。")
        cleaned = clean_data(t, data)
        missing = _missing_attachments(locked, t)
        if missing:
            raise MissingInput(f"进行“{t.label}”前须上传：{'、'.join(missing)}。")
        if t.guard is not None:
            reason = t.guard(locked, cleaned)
            if reason:
                raise GuardFailed(reason)
        when = legal_date(t, cleaned, today)
        if when > today:
            raise MissingInput(
                "法律事实发生日不能晚于今天。", field_errors={t.date_field or "": "日期不能晚于今天。"}
            )

        for hook in _apply_hooks.get(procedure.name, []):
            hook(locked, t, cleaned, when)
        token = _engine_writing.set(True)
        try:
            locked.status = t.target
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
            to_status=t.target,
            legal_date=when,
            data=_jsonable(cleaned),
            article=t.article,
            actor=actor,
        )
        audit_record(
            "workflow.transition",
            obj=locked,
            user=actor,
            detail={
                "procedure": procedure.name,
                "transition": t.name,
                "from": current.code,
                "to": t.target,
                "legal_date": when.isoformat(),
            },
        )
        for hook in _after_commit_hooks.get(procedure.name, []):
            transaction.on_commit(lambda hook=hook: hook(locked, t, cleaned, when))
    return locked


def _run_clocks(record: WorkflowModel, t: Transition, data: dict, when: dt.date, actor) -> None:
    existing = {c.code: c for c in clocks.clocks_for(record).exclude(state=ClockState.STOPPED)}
    for code in t.stop_clocks:
        if code in existing:
            clocks.stop_clock(existing.pop(code), date=when, actor=actor)
    for code in t.suspend_clocks:
        if code in existing and existing[code].state == ClockState.RUNNING:
            clocks.suspend_clock(existing[code], date=when, reason=data.get("reason") or t.label, actor=actor)
    for code in t.resume_clocks:
        if code in existing and existing[code].state == ClockState.SUSPENDED:
            clocks.resume_clock(existing[code], date=when, reason=t.label, actor=actor)
    for code in t.restart_clocks:
        if code in existing:
            clocks.restart_clock(existing[code], date=when, reason=t.label, actor=actor)
    if t.extend_clock:
        clock = existing.get(t.extend_clock)
        if clock is None:
            raise GuardFailed("没有可延长的期限。")
        clocks.extend_clock(
            clock, days=data["days"], reason=data["reason"], approver=data["approver"], actor=actor
        )
    for spec in t.start_clocks:
        length = spec.length_for(record) if spec.length_for else spec.length
        clocks.start_clock(
            record,
            code=spec.code,
            label=spec.label,
            start_date=when,
            length=length,
            unit=spec.unit,
            article=spec.article,
            start_label=spec.start_label,
            extension_cap=spec.extension_cap,
            actor=actor,
        )


def create(model: type[WorkflowModel], *, actor, **fields) -> WorkflowModel:
    """Register a new record in the procedure's initial state, with its audit row."""
    with transaction.atomic():
        record = model(**fields)
        record.full_clean()
        record.save()
        audit_record("record.create", obj=record, user=actor, detail={"procedure": record.procedure_name})
    return record


def history(record: WorkflowModel):
    return TransitionLog.objects.filter(
        subject_type=ContentType.objects.get_for_model(record), subject_id=record.pk
    ).select_related("actor")
