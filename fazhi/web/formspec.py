"""Create and edit pages as declarations: a :class:`FormSpec` on a ``ListSpec`` registration.

::

    register(ListSpec(
        model=Officer, slug="officers", title="执法人员", columns=(...),
        form=FormSpec(
            fields=(FormSection("基本信息", ("name", "id_number", "certificate_number")), "certified_on"),
            inlines=(InlineSpec("trainings", Training, fk="officer", fields=("course", "hours"), max=10),),
            create_roles=("officer",),
            editable={"officer": ANY_STATE, "reviewer": ("received", "review")},
        ),
    ))

gives ``/staff/officers/new/`` (``web:create``) and ``/staff/officers/<pk>/edit/`` (``web:edit``):
Django forms built from the model's fields — labels and Chinese messages from the fields' verbose
names, date pickers, choices as drop-downs, the model's own validators (公民身份号码, 统一社会信用代码)
— written by :func:`fazhi.core.records.record_create` / ``record_update`` (data scope, optimistic
version, audit, hooks). Who may open them is declared here; everyone else gets a 404.

What carries domain meaning stays a declaration too: ``clean`` (cross-field rules, e.g. the 负责人
出庭 rule), ``cleaners`` (normalise one field), ``extra`` (inputs that are not model fields, e.g. the
date a complaint arrived, which a transition records) and ``on_create`` (what registration does
beyond saving, in the same transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fazhi.core import access
from fazhi.core.dates import DateOrder
from fazhi.core.models import ADMIN_ROLES, Organisation, RoleCode, ScopedModel
from fazhi.core.workflow.models import WorkflowModel
from fazhi.web.forms import fast_renderer

ANY_STATE: tuple[str, ...] = ("*",)


@dataclass(frozen=True)
class FormSection:
    """A titled group of fields on the page."""

    title: str
    fields: tuple[str, ...]
    help: str = ""


@dataclass(frozen=True)
class InlineSpec:
    """Child rows edited with the record (e.g. the plaintiffs of a lawsuit). Rows are posted as
    ``<name>-<i>-<field>``; ``fixed`` values are set on every row and select which existing rows
    are shown; ``unique`` fields may not repeat among the rows."""

    name: str
    model: type[models.Model]
    fk: str
    fields: tuple[str, ...]
    title: str = ""
    row_label: str = ""
    min: int = 0
    max: int = 20
    extra: int = 1
    fixed: Mapping[str, Any] = field(default_factory=dict)
    unique: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    help: Mapping[str, str] = field(default_factory=dict)
    cleaners: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    # Rules over all the rows together (e.g. 代表人 only when 申请人 are more than five): each takes
    # the kept rows as dicts of field values and returns the message when they break it.
    rules: tuple[Callable[[list[dict]], str | None], ...] = ()
    on_create_page: bool = True
    on_edit_page: bool = True

    @property
    def heading(self) -> str:
        return self.title or str(self.model._meta.verbose_name_plural)

    @property
    def row_name(self) -> str:
        return self.row_label or str(self.model._meta.verbose_name)


@dataclass(frozen=True)
class FormSpec:
    fields: tuple[str | FormSection, ...]
    inlines: tuple[InlineSpec, ...] = ()
    create_roles: tuple[str, ...] = ()  # empty: no create page
    # role → states in which that role may edit (ANY_STATE: any; plain records have no state).
    editable: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    edit_fields: tuple[str, ...] | None = None  # None: every field of the create page
    # Narrower rules for single fields on the edit page: field → {role: states}. A user whom the
    # rule does not admit sees the field but cannot change it (a posted value is ignored).
    field_editable: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    # "choose" among visible organisations, or "own" (the user's); a model without an organisation
    # (a reference table) has neither, and who may is then only the declared roles.
    organisation: str = "choose"
    organisation_label: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    help: Mapping[str, str] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    choices: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)  # narrower options
    # Inputs that are not model fields: name → factory of a form field (kept out of the record).
    extra: Mapping[str, Callable[[], forms.Field]] = field(default_factory=dict)
    # Inputs of the edit page that are not model fields (e.g. the 合法性审查 a published list's
    # adjustment passed), read by ``clean`` and ``on_update``; shown after the record's fields.
    edit_extra: Mapping[str, Callable[[], forms.Field]] = field(default_factory=dict)
    # The heading of the section the ``extra`` / ``edit_extra`` inputs are shown in (e.g. 动态调整).
    extra_title: str = ""
    cleaners: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    # Date fields (or ``extra`` date inputs) that cannot lie after today (收到申请日期: what is
    # registered has happened).
    not_future: tuple[str, ...] = ()
    # Dates in order, fields or ``extra`` inputs (fazhi.core.dates.not_after / not_before): each
    # broken rule's message under its field, worded with the form's labels.
    dates: tuple[DateOrder, ...] = ()
    # Fields that together name one record only (法院 + 案号): (fields, message with {field} values);
    # a record already stored with the same values is refused under the last field.
    unique: tuple[tuple[tuple[str, ...], str], ...] = ()
    # Cross-field rules: clean(form, cleaned_data) → None; calls form.add_error. ``form.user``,
    # ``form.record`` (None when creating) are available.
    clean: Callable[[Any, dict], None] | None = None
    # Registration beyond saving, in the same transaction: on_create(record, form, actor) → None.
    on_create: Callable[[Any, Any, Any], None] | None = None
    # What an edit does beyond saving, in the same transaction: on_update(record, form, actor) → None
    # (e.g. a changed 关联复议案号 relinks the matters through the kit).
    on_update: Callable[[Any, Any, Any], None] | None = None
    create_title: str = ""
    create_label: str = ""  # the list page's button; default 新建
    intro: str = ""  # a paragraph on the create page (e.g. which clock registration starts)
    submit: str = "保存"
    success: Callable[[Any], str] | None = None  # the message after saving

    def __post_init__(self) -> None:
        if self.organisation not in ("choose", "own"):
            raise ValueError("FormSpec.organisation is 'choose' or 'own'")
        if "status" in self.field_names or "version" in self.field_names:
            raise ValueError("status and version are never form fields (only the engine writes status)")

    @property
    def sections(self) -> list[FormSection]:
        out: list[FormSection] = []
        loose: list[str] = []
        for item in self.fields:
            if isinstance(item, FormSection):
                if loose:
                    out.append(FormSection("", tuple(loose)))
                    loose = []
                out.append(item)
            else:
                loose.append(item)
        if loose:
            out.append(FormSection("", tuple(loose)))
        return out

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(n for s in self.sections for n in s.fields)

    def problems(self, model) -> list[str]:
        """Declaration errors against ``model``, all at once (checked when the page is registered)."""
        out = []

        def check(m, names, where, exempt=()):
            for name in names:
                if name in exempt:
                    continue
                try:
                    f = m._meta.get_field(name)
                except Exception:
                    out.append(f"{where}: {m.__name__} has no field {name!r}")
                    continue
                if not f.editable or name in ("status", "version", "region_code"):
                    out.append(f"{where}: {m.__name__}.{name} is not editable")

        check(model, self.field_names, "fields")
        check(model, self.edit_fields or (), "edit_fields")
        check(model, tuple(self.field_editable), "field_editable")
        check(model, self.not_future, "not_future", exempt=(*self.extra, *self.edit_extra))
        check(model, [n for r in self.dates for n in (r.field, r.other)], "dates", exempt=tuple(self.extra))
        check(model, [n for names, _ in self.unique for n in names], "unique")
        roles_used = {r for rule in self.field_editable.values() for r in rule}
        unknown = set(self.editable) - {r.value for r in RoleCode} if self.editable else set()
        unknown |= set(self.create_roles) - {r.value for r in RoleCode}
        unknown |= roles_used - {r.value for r in RoleCode}
        out += [f"unknown role {r!r}" for r in sorted(unknown)]
        if set(self.create_roles) & ADMIN_ROLES or set(self.editable) & ADMIN_ROLES:
            out.append("administrators (三员) do not create or edit case data")
        for inline in self.inlines:
            check(inline.model, inline.fields, f"inline {inline.name}")
            try:
                fk = inline.model._meta.get_field(inline.fk)
                if fk.related_model is not model:
                    out.append(f"inline {inline.name}: {inline.fk} does not point at {model.__name__}")
            except Exception:
                out.append(f"inline {inline.name}: {inline.model.__name__} has no field {inline.fk!r}")
            if inline.min > inline.max:
                out.append(f"inline {inline.name}: min > max")
        return out

    # who may ---------------------------------------------------------------------------------

    def may_create(self, user, model=None) -> bool:
        """``user`` may open the create page: a creating role and, where the record is the user's
        own organisation's, an organisation holding the model's ``organisation_function``."""
        if not self.create_roles or not getattr(user, "is_authenticated", False):
            return False
        if not user.has_role(*self.create_roles):
            return False
        if self.organisation != "own":
            return True
        own = getattr(user, "organisation", None) if getattr(user, "organisation_id", None) else None
        function = getattr(model, "organisation_function", "")
        return own is not None and (not function or own.has_function(function))

    def may_edit(self, user, record) -> bool:
        if not _admits(self.editable, user, record):
            return False
        # A party the record is only shared with (the respondent) reads it and never edits it.
        return not getattr(type(record), "shared_with", ()) or access.holds(user, record)

    def locked_fields(self, user, record) -> list[str]:
        """Fields of the edit page this user may not change in the record's current state."""
        return [name for name, rule in self.field_editable.items() if not _admits(rule, user, record)]


def _admits(rule: Mapping[str, tuple[str, ...]], user, record) -> bool:
    if not rule or not getattr(user, "is_authenticated", False):
        return False
    status = record.status if isinstance(record, WorkflowModel) else None
    return any(user.has_role(role) and ("*" in states or status in states) for role, states in rule.items())


# --- extra inputs and what registration does beyond saving ---------------------------------------


def date_input(label: str, *, help: str = "", required: bool = False) -> Callable[[], forms.DateField]:
    """An ``extra`` date input — no model field, e.g. the day the complaint arrived, which a step
    records — with the pages' date picker and Chinese messages."""
    return lambda: _chinese(forms.DateField(required=required, help_text=help), None, label)


def take_step(transition: str, **inputs: str) -> Callable[[Any, Any, Any], None]:
    """An ``on_create`` hook taking the procedure step ``transition`` on the record just registered,
    in the same transaction, each input read from the form by name (a field or an ``extra`` input):
    ``take_step("receive", received_on="complaint_received_on")``. Not taken while an input is
    empty (the record is registered before the step)."""

    def hook(record, form, actor) -> None:
        from fazhi.core.workflow import engine

        data = {name: form.cleaned_data.get(source) for name, source in inputs.items()}
        if all(value not in (None, "") for value in data.values()):
            engine.perform(record, transition, actor=actor, data=data)

    return hook


def same_organisation(field: str, message: str) -> Callable[[Any, dict], None]:
    """A ``clean``: the record is for the organisation of the record chosen in ``field`` (a 司法建议
    about a lawsuit goes to its defendant) — else ``message`` (with ``{organisation}``, that one's
    name) under the organisation drop-down, where the page has one."""

    def clean(form, data: dict) -> None:
        linked = data.get(field)
        if (
            linked is not None
            and "organisation" in form.fields
            and data.get("organisation") != linked.organisation
        ):
            form.add_error("organisation", message.format(organisation=linked.organisation.name))

    return clean


def hooks(*fns: Callable[[Any, Any, Any], None]) -> Callable[[Any, Any, Any], None]:
    """Several ``on_create`` / ``on_update`` hooks as one, run in order."""

    def run(record, form, actor) -> None:
        for fn in fns:
            fn(record, form, actor)

    return run


# --- building the Django forms -----------------------------------------------------------------


def _chinese(field: forms.Field, db_field: models.Field | None, label: str) -> forms.Field:
    field.label = label
    msgs = {"required": f"请填写“{label}”。", "invalid": f"“{label}”的格式不正确。"}
    limit = getattr(db_field, "max_length", None)
    if limit:
        msgs["max_length"] = f"“{label}”不能超过{limit}个字。"
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        msgs["required"] = f"请选择“{label}”。"
        msgs["invalid_choice"] = f"“{label}”的取值不在可选范围内。"
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = "请选择"
    if isinstance(field, forms.DateField):
        msgs["invalid"] = f"“{label}”不是有效日期（格式：2026-01-31）。"
        field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    elif isinstance(field, forms.TimeField):
        msgs["invalid"] = f"“{label}”不是有效时间（格式：09:30）。"
        field.widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    elif isinstance(field, forms.IntegerField):
        msgs["invalid"] = f"“{label}”应为整数。"
        msgs["min_value"] = f"“{label}”不能小于%(limit_value)s。"
        msgs["max_value"] = f"“{label}”不能大于%(limit_value)s。"
    if isinstance(field.widget, forms.Textarea):
        field.widget.attrs["rows"] = 3
    field.error_messages.update(msgs)
    return field


def _callback(labels: Mapping[str, str], help: Mapping[str, str], required: Sequence[str]):
    def formfield(db_field, **kwargs):
        if isinstance(db_field, models.BooleanField):
            kwargs.setdefault("required", False)
        field = db_field.formfield(**kwargs)
        if field is None:
            return None
        if isinstance(field, forms.TypedChoiceField) and not db_field.blank:
            # A drop-down that must be chosen starts at 请选择 unless the model has a default.
            if not db_field.has_default():
                field.choices = [("", "请选择"), *[c for c in field.choices if c[0] != ""]]
        if db_field.name in required:
            field.required = True
        if db_field.name in help:
            field.help_text = help[db_field.name]
        return _chinese(field, db_field, labels.get(db_field.name) or str(db_field.verbose_name))

    return formfield


class _KitForm(forms.ModelForm):
    default_renderer = fast_renderer
    form_spec: FormSpec | InlineSpec

    def __init__(self, *args, user=None, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.record = user, record
        self.also: dict[str, Any] = {}  # model values a declared ``clean`` works out (e.g. a link's id)
        for name, f in self.fields.items():
            # A link to another record offers only the records the user may see.
            if isinstance(f, forms.ModelChoiceField) and issubclass(f.queryset.model, ScopedModel):
                f.queryset = access.visible(user, f.queryset)
                f.error_messages["invalid_choice"] = f"“{f.label}”不存在或不在您的数据范围内。"
            elif (
                isinstance(f, forms.ModelChoiceField)
                and f.queryset.model is Organisation
                and name != "organisation"
            ):
                # Another organisation named on a record (被申请人, 作出行为的机关): one of the user's county.
                county = user.organisation.region_id[:6] if getattr(user, "organisation_id", None) else "-"
                f.queryset = f.queryset.filter(region__code__startswith=county).order_by("path")
                f.label_from_instance = lambda org: org.name
                f.error_messages["invalid_choice"] = f"“{f.label}”不是本县（区）的单位。"

    def _clean_fields(self):
        super()._clean_fields()
        for name, fn in self.form_spec.cleaners.items():
            if name in self.cleaned_data and self.cleaned_data[name] not in (None, ""):
                try:
                    self.cleaned_data[name] = fn(self.cleaned_data[name])
                except ValidationError as exc:
                    self.add_error(name, exc)


class RecordForm(_KitForm):
    """The record's fields (and ``extra`` inputs); the organisation drop-down when declared."""

    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, spec: FormSpec, **kwargs):
        super().__init__(*args, **kwargs)
        msg = "页面已过期，请刷新页面后重新填写。"
        self.fields["expected_version"].error_messages.update({"invalid": msg, "min_value": msg})
        for name, options in spec.choices.items():
            if name in self.fields:
                self.fields[name].choices = list(options)
        if self.record is None:  # inputs of registration only (e.g. a date a transition records)
            for name, factory in spec.extra.items():
                self.fields[name] = factory()
        else:
            for name, factory in spec.edit_extra.items():
                self.fields[name] = factory()
        if "organisation" in self.fields:
            label = spec.organisation_label or self.fields["organisation"].label
            f = self.fields["organisation"]
            f.queryset = access.visible_organisations(self.user).order_by("path")
            if function := getattr(self._meta.model, "organisation_function", ""):
                f.queryset = f.queryset.filter(functions__function=function)
            f.label_from_instance = lambda org: org.name
            f.error_messages["invalid_choice"] = f"“{label}”不在您的数据范围内。"
            f.error_messages["required"] = f"请选择“{label}”。"
            f.label = label
            if not self.is_bound and self.record is None and getattr(self.user, "organisation_id", None):
                self.initial.setdefault("organisation", self.user.organisation_id)
        if self.record is None or not hasattr(self.instance, "version"):
            del self.fields["expected_version"]
        elif not self.is_bound:
            self.initial["expected_version"] = self.instance.version
        self.order_fields([*spec.field_names, *spec.extra, *spec.edit_extra])

    def clean(self):
        data = super().clean()
        for name in self.form_spec.not_future:
            value = data.get(name)
            if name in self.fields and value and value > timezone.localdate():
                self.add_error(name, f"{self.fields[name].label}不能晚于今天。")
        for rule in self.form_spec.dates:
            if rule.field in self.fields and rule.other in self.fields:
                if rule.broken(data.get(rule.field), data.get(rule.other)):
                    labels = (self.fields[rule.field].label, self.fields[rule.other].label)
                    self.add_error(rule.field, rule.message(*labels))
        for names, message in self.form_spec.unique:
            values = {n: data.get(n) for n in names}
            if all(values.values()):
                same = type(self.instance)._default_manager.filter(**values)
                if self.record is not None:
                    same = same.exclude(pk=self.record.pk)
                if same.exists():
                    self.add_error(names[-1], message.format(**values))
        if self.form_spec.clean is not None:
            self.form_spec.clean(self, data)
        return data

    def model_data(self, names: Sequence[str]) -> dict:
        """Values as the record will hold them (after the model's own ``clean``)."""
        data = {n: getattr(self.instance, n) for n in names if n in self.fields and n != "organisation"}
        return {**data, **self.also}


def record_form_class(model, spec: FormSpec, names: Sequence[str]) -> type[RecordForm]:
    callback = _callback(spec.labels, spec.help, spec.required)
    meta = type("Meta", (), {"model": model, "fields": list(names), "formfield_callback": callback})
    return type(f"{model.__name__}KitForm", (RecordForm,), {"Meta": meta, "form_spec": spec})


class RowFormSet(forms.BaseInlineFormSet):
    inline: InlineSpec
    default_renderer = fast_renderer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        row = self.inline.row_name
        self.error_messages = {
            **self.error_messages,
            "missing_management_form": "页面数据不完整，请刷新后重新填写。",
            "too_many_forms": f"{row}最多填写{self.inline.max}项。",
            "too_few_forms": f"请至少填写{self.inline.min}项{row}。",
        }

    def get_queryset(self):
        return super().get_queryset().filter(**dict(self.inline.fixed))

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for key, value in self.inline.fixed.items():
            setattr(form.instance, key, value)
        return form

    def clean(self):
        if any(self.errors):
            return
        for name in self.inline.unique:
            seen = set()
            for form in self.kept_forms():
                value = form.cleaned_data.get(name)
                if value in (None, ""):
                    continue
                if value in seen:
                    form.add_error(name, f"同一{form.fields[name].label}重复填写。")
                seen.add(value)
        if any(self.errors) or not self.inline.rules:
            return
        rows = [{n: form.cleaned_data.get(n) for n in self.inline.fields} for form in self.kept_forms()]
        problems = [message for rule in self.inline.rules if (message := rule(rows))]
        if problems:
            raise forms.ValidationError(problems)

    def kept_forms(self):
        deleted = set(self.deleted_forms) if self.can_delete else set()
        return [
            f
            for f in self.forms
            if f not in deleted and getattr(f, "cleaned_data", None) and (f.has_changed() or f.instance.pk)
        ]

    def rows(self) -> list[dict]:
        out = []
        for form in self.kept_forms():
            row = {n: getattr(form.instance, n) for n in self.inline.fields}
            if form.instance.pk:
                row["pk"] = form.instance.pk
            out.append(row)
        return out


def row_formset_class(parent, inline: InlineSpec, *, editing: bool, more: int = 0) -> type[RowFormSet]:
    """``more``: blank rows asked for beyond the declared ``extra`` (the page's 增加一行 link)."""
    form = type(
        f"{inline.model.__name__}RowForm",
        (_KitForm,),
        {
            "Meta": type(
                "Meta",
                (),
                {
                    "model": inline.model,
                    "fields": list(inline.fields),
                    "formfield_callback": _callback(inline.labels, inline.help, inline.required),
                },
            ),
            "form_spec": inline,
        },
    )
    cls = forms.inlineformset_factory(
        parent,
        inline.model,
        form=form,
        formset=RowFormSet,
        fk_name=inline.fk,
        fields=list(inline.fields),
        extra=(inline.extra if editing else max(inline.extra, inline.min) - min(inline.min, 1)) + more,
        min_num=inline.min,
        validate_min=True,
        max_num=inline.max,
        validate_max=True,
        can_delete=editing,
    )
    cls.inline = inline
    return cls
