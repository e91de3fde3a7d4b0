"""The one writer of a record's ordinary fields: :func:`record_create` and :func:`record_update`.

Every create and edit page the staff shell generates from a form declaration (``fazhi.web.formspec``)
writes through here, and domain services may too. In one transaction each:

1. checks the actor's data scope (``fazhi.core.access``): a record is created only for an
   organisation the actor may see, and edited only if the actor may see it (else ``NotPermitted``:
   "记录不存在或您无权办理", never disclosing that it exists);
2. refuses a stale edit: the editor sends the ``version`` it read; if anyone saved the record since,
   nothing is written (``StaleRecord``, a Chinese sentence) — for plain records as for procedures;
3. runs the model's ``full_clean`` (its validators, e.g. 公民身份号码 GB 11643, give the Chinese
   messages) and the rows declared inline (e.g. the plaintiffs of a lawsuit), created, updated and
   deleted together with the record;
4. writes one audit row naming the fields changed and the rows added, changed or removed — never
   their values, which may be personal data (as ``engine.perform`` does, docs/security.md 11–12);
5. runs the model's ``on_saved`` hooks inside the transaction and its ``after_commit`` hooks only
   once it has committed.

A :class:`~fazhi.core.workflow.models.WorkflowModel` is created through ``engine.create`` (its
initial state, its audit row); neither function ever writes ``status``.

Errors: ``django.core.exceptions.ValidationError`` (with ``error_dict`` per field; inline rows as
``"<inline>-<index>-<field>"``) and ``engine.TransitionError`` subclasses; either way nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F

from fazhi.core import access
from fazhi.core.audit import services as audit
from fazhi.core.workflow import engine
from fazhi.core.workflow.models import WorkflowModel

STALE = "该记录已被他人更新，请刷新页面后重试。您的修改未保存。"
NOT_PERMITTED = "记录不存在或您无权办理。"

# hook(record, *, actor, created: bool, changed: list[str]) → None
Hook = Callable[..., None]
_before_save: dict[type, list[Hook]] = {}
_on_saved: dict[type, list[Hook]] = {}
_after_commit: dict[type, list[Hook]] = {}


def before_save(model: type[models.Model], hook: Hook) -> Hook:
    """Run before ``full_clean`` (e.g. give a new record its 案号); inside the transaction."""
    _before_save.setdefault(model, []).append(hook)
    return hook


def on_saved(model: type[models.Model], hook: Hook) -> Hook:
    """Run after the record and its rows are saved, inside the transaction (a refusal raised here
    rolls everything back)."""
    _on_saved.setdefault(model, []).append(hook)
    return hook


def after_commit(model: type[models.Model], hook: Hook) -> Hook:
    """Side effects (notifications, documents): only once the write has committed."""
    _after_commit.setdefault(model, []).append(hook)
    return hook


def _hooks(table: dict, model) -> list[Hook]:
    return [h for cls in model.__mro__ for h in table.get(cls, [])]


@dataclass(frozen=True)
class Rows:
    """Child rows written with their parent: ``model`` has a foreign key ``fk`` to the parent;
    ``fixed`` values are set on every row (e.g. ``role="plaintiff"``) and select which existing rows
    these are. ``rows`` are dicts of field values; a dict with ``"pk"`` updates that row, and existing
    rows (matching ``fixed``) not named are deleted."""

    model: type[models.Model]
    fk: str
    rows: Sequence[Mapping[str, Any]]
    fixed: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""  # one row in words (e.g. 原告), for messages


def visible(actor, model) -> models.QuerySet:
    """Records of ``model`` the actor may see: its own data scope, or — for a child record without
    one (``scope_through = "lawsuit"``) — its parent's."""
    through = getattr(model, "scope_through", "")
    if through:
        return access.visible(
            actor,
            model,
            organisation_field=f"{through}__organisation",
            region_field=f"{through}__region_code",
        )
    if "organisation" not in _field_names(model):
        return model._default_manager.all()  # reference tables: who may is the page's roles
    return access.visible(actor, model)


def _scoped(model) -> bool:
    return "organisation" in _field_names(model) or bool(getattr(model, "scope_through", ""))


def _has_version(model) -> bool:
    try:
        model._meta.get_field("version")
    except Exception:
        return False
    return True


def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.concrete_fields}


def _check_fields(model, data: Mapping[str, Any]) -> None:
    """Only editable model fields: status, version and what procedure steps record (e.g. 受理日期,
    editable=False) are never written here."""
    editable = {f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key}
    unknown = [n for n in data if n not in editable or n in ("status", "version", "region_code")]
    if unknown:
        raise ValidationError(f"这些内容不能在此填写：{'、'.join(sorted(unknown))}。")


def _write_rows(parent, name: str, spec: Rows) -> dict[str, int]:
    """Create, update and delete the child rows; errors are keyed ``<name>-<i>-<field>``."""
    existing = {r.pk: r for r in spec.model._default_manager.filter(**{spec.fk: parent}, **dict(spec.fixed))}
    errors: dict[str, list[str]] = {}
    kept, counts = set(), {"added": 0, "changed": 0, "removed": 0}
    _check_fields(spec.model, {k: v for r in spec.rows for k, v in r.items() if k != "pk"})
    built = []
    for i, values in enumerate(spec.rows):
        values = dict(values)
        pk = values.pop("pk", None)
        if pk:
            row = existing.get(int(pk))
            if row is None:  # a row of another record, or one deleted meanwhile
                raise ValidationError({f"{name}-{i}-__all__": "该行记录已不存在，请刷新页面后重试。"})
            kept.add(row.pk)
            before = {n: getattr(row, n) for n in values}
        else:
            row = spec.model(**{spec.fk: parent})
            before = None
        for key, value in {**values, **dict(spec.fixed)}.items():
            setattr(row, key, value)
        try:
            row.full_clean(exclude=[spec.fk])
        except ValidationError as exc:
            for fname, msgs in exc.message_dict.items():
                errors.setdefault(f"{name}-{i}-{fname}", []).extend(msgs)
        built.append((row, before, values))
    if errors:
        raise ValidationError(errors)
    for row, before, values in built:
        if before is None:
            row.save()
            counts["added"] += 1
        elif any(before[n] != getattr(row, n) for n in values):
            row.save()
            counts["changed"] += 1
    stale = [pk for pk in existing if pk not in kept]
    if stale:
        spec.model._default_manager.filter(pk__in=stale).delete()
        counts["removed"] = len(stale)
    return {k: v for k, v in counts.items() if v}


def record_create(
    model: type[models.Model],
    *,
    actor,
    organisation=None,
    data: Mapping[str, Any],
    rows: Mapping[str, Rows] | None = None,
):
    """Register a new record of ``model`` for ``organisation`` with ``data`` (model field values)
    and its inline ``rows``. Returns the saved record."""
    data = dict(data)
    _check_fields(model, {k: v for k, v in data.items() if k != "organisation"})
    rows = dict(rows or {})
    scoped = "organisation" in _field_names(model)
    if scoped:
        if organisation is None:
            raise ValidationError({"organisation": "请选择单位。"})
        data["organisation"] = organisation
    with transaction.atomic():
        if issubclass(model, WorkflowModel):
            probe = model(**data)
            for hook in _hooks(_before_save, model):
                hook(probe, actor=actor, created=True, changed=sorted(data))
            skip = {"status", "version", "region_code", "created_at", "updated_at"}
            values = {
                f.attname: getattr(probe, f.attname)
                for f in model._meta.concrete_fields
                if not f.primary_key and f.name not in skip
            }
            # engine.create: full_clean, the initial state, the scope check and the audit row.
            record = engine.create(model, actor=actor, **values)
            audited = True
        else:
            record = model(**data)
            for hook in _hooks(_before_save, model):
                hook(record, actor=actor, created=True, changed=sorted(data))
            record.full_clean()
            record.save()
            if _scoped(model) and not visible(actor, model).filter(pk=record.pk).exists():
                raise engine.NotPermitted("您无权为该单位登记记录。")
            audited = False
        written = {}
        for name, spec in rows.items():
            counts = _write_rows(record, name, spec)
            if counts:
                written[name] = counts
        filled = sorted(k for k, v in data.items() if v not in (None, "") and k != "organisation")
        if not audited:
            audit.record("record.create", obj=record, user=actor, detail={"fields": filled, "rows": written})
        elif written:
            # engine.create wrote the record's row; the inline rows are named in one more.
            audit.record("record.rows", obj=record, user=actor, detail={"rows": written})
        for hook in _hooks(_on_saved, model):
            hook(record, actor=actor, created=True, changed=filled)
        for hook in _hooks(_after_commit, model):
            transaction.on_commit(lambda hook=hook: hook(record, actor=actor, created=True, changed=filled))
    return record


def record_update(
    record: models.Model,
    *,
    actor,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    rows: Mapping[str, Rows] | None = None,
):
    """Change the named fields of ``record`` (and its inline rows) as ``actor``.

    Only the fields in ``data`` are written, onto the row as it stands in the database (locked), so
    a field changed meanwhile by someone else — or a status moved by the engine — is never put back
    from a stale instance. With ``expected_version`` a record saved since is refused (``StaleRecord``).
    Returns the fresh record; ``record`` itself is refreshed too."""
    model = type(record)
    data = dict(data)
    _check_fields(model, data)
    rows = dict(rows or {})
    versioned = _has_version(model)
    if expected_version is not None and not versioned:
        raise TypeError(f"{model.__name__} has no version field")
    with transaction.atomic():
        try:
            locked = visible(actor, model).select_for_update(of=("self",)).get(pk=record.pk)
        except model.DoesNotExist:
            raise engine.NotPermitted(NOT_PERMITTED) from None
        if expected_version is not None and locked.version != expected_version:
            raise engine.StaleRecord(STALE)
        before = {n: getattr(locked, n) for n in data}
        for name, value in data.items():
            setattr(locked, name, value)
        changed = sorted(n for n in data if before[n] != getattr(locked, n))
        for hook in _hooks(_before_save, model):
            hook(locked, actor=actor, created=False, changed=changed)
        locked.full_clean()
        written = {}
        for name, spec in rows.items():
            counts = _write_rows(locked, name, spec)
            if counts:
                written[name] = counts
        if not changed and not written:
            return locked
        update_fields = list(changed)
        if "updated_at" in _field_names(model):
            update_fields.append("updated_at")
        if update_fields:
            locked.save(update_fields=update_fields)
        if versioned:
            # Every edit moves the version on, so an editor still holding the old one is refused.
            model._default_manager.filter(pk=locked.pk).update(version=F("version") + 1)
            locked.refresh_from_db(fields=["version"])
        detail: dict[str, Any] = {"fields": changed}
        if written:
            detail["rows"] = written
        if versioned:
            detail["version"] = locked.version
        audit.record("record.update", obj=locked, user=actor, detail=detail)
        for hook in _hooks(_on_saved, model):
            hook(locked, actor=actor, created=False, changed=changed)
        for hook in _hooks(_after_commit, model):
            transaction.on_commit(lambda hook=hook: hook(locked, actor=actor, created=False, changed=changed))
    for f in model._meta.concrete_fields:
        setattr(record, f.attname, getattr(locked, f.attname))
    if isinstance(record, WorkflowModel):
        record._loaded_status = locked.status
    return locked
