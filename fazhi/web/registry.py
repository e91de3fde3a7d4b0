"""What the staff shell knows about: navigation sections and the list/detail specs of models.

A domain declares its staff pages as data and registers them once (in its ``views.py``, imported
from its ``AppConfig.ready``)::

    register(ListSpec(
        model=Permit, slug="permits", title="行政许可",
        columns=("number", "applicant_name", "status", "organisation", "created_at"),
        filters=(StatusFilter(), OrgFilter(), DateRangeFilter("created_at")),
        search_fields=("number", "applicant_name"),
        ordering=("-created_at",),
    ))

and gets a list page (filter, sort, page, export to .xlsx), a detail page (fields, status, history,
attachments, clocks, transitions as buttons) and a nav entry, at ``/staff/<slug>/``. The URL patterns
are static routes with a ``<slug>`` parameter, so registering needs no URL edits. Records are always
fetched through :mod:`fazhi.core.access` (or ``queryset`` below, which must itself be built from it).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import conditional_escape as shown
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from fazhi.core import access
from fazhi.core.registry import Registry

# Slugs that are real routes under /staff/ and so cannot name a registered model.
RESERVED_SLUGS = frozenset({"login", "logout", "attachments", "static", "api", "import", "jobs", "reminders"})


# --- navigation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """An entry of the staff navigation. ``url`` is a URL name (reversed at request time) or a path."""

    key: str
    title: str
    url: str
    order: int = 100
    roles: tuple[str, ...] = ()  # empty: every signed-in staff member
    group: str = "业务"
    url_args: tuple[Any, ...] = ()

    def href(self) -> str:
        if self.url.startswith("/"):
            return self.url
        return reverse(self.url, args=self.url_args)

    def allowed(self, user) -> bool:
        return not self.roles or (getattr(user, "is_authenticated", False) and user.has_role(*self.roles))

    def badge(self, request) -> int | None:
        """A number shown beside the entry (e.g. unread reminders); None for none. Called on every
        staff page: keep it free of queries in the common case (cache it in the session)."""
        return None


SECTIONS: Registry[Section] = Registry("导航栏目", key=lambda s: s.key)


def register_section(section: Section) -> Section:
    return SECTIONS.register(section)


def sections_for(user) -> list[Section]:
    return sorted((s for s in SECTIONS if s.allowed(user)), key=lambda s: (s.order, s.key))


# --- filters -----------------------------------------------------------------------------------


@dataclass
class BoundFilter:
    """A filter as shown on one request: its options and the value the user picked."""

    filter: Filter
    options: list[tuple[str, str]]
    value: str = ""
    value_to: str = ""  # date ranges only
    q: models.Q | None = None
    error: str = ""

    @property
    def name(self) -> str:
        return self.filter.name

    @property
    def label(self) -> str:
        return self.filter.label

    @property
    def widget(self) -> str:
        return self.filter.widget

    @property
    def active(self) -> bool:
        return bool(self.value or self.value_to)

    @property
    def options_html(self) -> str:
        """The <option>s of the drop-down, the chosen one selected (one string, not a template loop)."""
        value = self.value
        return mark_safe(
            "".join(
                f'<option value="{shown(code)}"{" selected" if code == value else ""}>{shown(label)}</option>'
                for code, label in self.options
            )
        )

    def describe(self) -> str:
        """The filter in words, for the export sheet header and the audit row."""
        if self.widget == "daterange":
            return f"{self.label}：{self.value or '…'}至{self.value_to or '…'}"
        return f"{self.label}：{dict(self.options).get(self.value, self.value)}"


@dataclass(frozen=True)
class Filter:
    """Base class. ``field`` is an ORM path on the listed model."""

    field: str
    label: str = ""
    param: str = ""
    widget = "select"

    @property
    def name(self) -> str:
        return self.param or self.field.replace("__", "_")

    def options(self, spec: ListSpec, user) -> list[tuple[str, str]]:
        return []

    def bind(self, spec: ListSpec, user, params) -> BoundFilter:
        options = self.options(spec, user)
        value = (params.get(self.name) or "").strip()
        bound = BoundFilter(self, options, value)
        if value:
            if value in {code for code, _ in options}:
                bound.q = self.q_for(spec, value)
            else:  # a stale or hand-made value filters nothing, rather than erroring
                bound.value = ""
        return bound

    def q_for(self, spec: ListSpec, value: str) -> models.Q:
        return models.Q(**{self.field: value})

    def resolved(self, model) -> Filter:
        """A copy with the label filled from the model field's verbose name."""
        if self.label:
            return self
        return _replace(self, label=field_label(model, self.field))


def _replace(obj, **changes):
    import dataclasses

    return dataclasses.replace(obj, **changes)


@dataclass(frozen=True)
class ChoiceFilter(Filter):
    """A drop-down over fixed choices (defaults to the model field's choices; booleans give 是/否)."""

    choices: tuple[tuple[str, str], ...] = ()

    def options(self, spec, user):
        if self.choices:
            return [(str(c), str(label)) for c, label in self.choices]
        f = model_field(spec.model, self.field)
        if isinstance(f, models.BooleanField):
            return [("1", "是"), ("0", "否")]
        return [(str(c), str(label)) for c, label in (f.choices or [])]

    def q_for(self, spec, value):
        if isinstance(model_field_or_none(spec.model, self.field), models.BooleanField):
            return models.Q(**{self.field: value == "1"})
        return models.Q(**{self.field: value})


@dataclass(frozen=True)
class StatusFilter(Filter):
    """The procedure states of a workflow model."""

    field: str = "status"
    label: str = "办理状态"

    def options(self, spec, user):
        from fazhi.core.workflow.registry import get

        return list(get(spec.model.procedure_name).status_choices)


@dataclass(frozen=True)
class OrgFilter(Filter):
    """Organisations the user may see (never offers one outside the user's scope)."""

    field: str = "organisation"
    label: str = "承办单位"

    def options(self, spec, user):
        return [(str(pk), name) for pk, name in access.visible_organisations(user).values_list("pk", "name")]

    def q_for(self, spec, value):
        return models.Q(**{f"{self.field}_id": int(value)})


@dataclass(frozen=True)
class DateRangeFilter(Filter):
    """From/to dates (inclusive). On a DateTimeField the local calendar date is compared."""

    widget = "daterange"

    def bind(self, spec, user, params):
        lo = (params.get(f"{self.name}_from") or "").strip()
        hi = (params.get(f"{self.name}_to") or "").strip()
        bound = BoundFilter(self, [], "", "")
        lookup = self.field
        if isinstance(model_field_or_none(spec.model, self.field), models.DateTimeField):
            lookup += "__date"
        q = models.Q()
        for raw, op, attr in ((lo, "gte", "value"), (hi, "lte", "value_to")):
            if not raw:
                continue
            try:
                day = dt.date.fromisoformat(raw)
            except ValueError:
                bound.error = f"“{self.label}”日期格式应为 2026-01-31。"
                continue
            setattr(bound, attr, day.isoformat())
            q &= models.Q(**{f"{lookup}__{op}": day})
        bound.q = q if (bound.value or bound.value_to) else None
        return bound


# --- columns -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A list column. ``name`` is a field or an ORM path (``organisation__name``).

    ``value`` computes the shown value from the record instead of following the path; ``sort`` is
    the ORM path to order by (defaults to the path when it is a database field).
    """

    name: str
    label: str = ""
    value: Callable[[Any], Any] | None = None
    sort: str | None = None
    link: bool = False


def as_column(col: str | Column) -> Column:
    return col if isinstance(col, Column) else Column(col)


# --- model helpers -----------------------------------------------------------------------------


def model_field(model, path: str) -> models.Field:
    f = model_field_or_none(model, path)
    if f is None:
        raise FieldDoesNotExist(f"{model.__name__} has no field {path!r}")
    return f


def model_field_or_none(model, path: str) -> models.Field | None:
    current, f = model, None
    for part in path.split("__"):
        if current is None:
            return None
        try:
            f = current._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        current = f.related_model if f.is_relation else None
    return f


def field_label(model, path: str) -> str:
    f = model_field_or_none(model, path)
    if f is None:
        return path
    return str(getattr(f, "verbose_name", path))


def relation_paths(model, paths: Iterable[str]) -> list[str]:
    """Forward FK paths that columns follow, for ``select_related`` (no query per row)."""
    out: set[str] = set()
    for path in paths:
        current, prefix = model, []
        for part in path.split("__"):
            try:
                f = current._meta.get_field(part)
            except FieldDoesNotExist:
                break
            if not (f.many_to_one or f.one_to_one) or not f.concrete:
                break
            prefix.append(part)
            out.add("__".join(prefix))
            current = f.related_model
    return sorted(out)


# --- detail panels -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DetailPanel:
    """A section a domain adds to the generic detail page: a title, a template rendered inside the
    panel, and that template's context (the page's ``record`` and ``spec`` are also available)."""

    title: str
    template: str
    context: dict = field(default_factory=dict)
    key: str = ""  # the panel's HTML id (anchor); defaults to panel-<n>


# --- list actions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListAction:
    """A button at the head of a list page (e.g. "登记新案件"), shown to users holding one of
    ``roles`` (empty: everyone who sees the list). ``url`` is a URL name or a path; the view it
    leads to still checks the roles itself."""

    label: str
    url: str
    roles: tuple[str, ...] = ()
    style: str = "primary"

    def href(self) -> str:
        return self.url if self.url.startswith("/") else reverse(self.url)

    def allowed(self, user) -> bool:
        return not self.roles or (getattr(user, "is_authenticated", False) and user.has_role(*self.roles))


# --- list specs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListSpec:
    model: type[models.Model]
    slug: str
    title: str
    columns: Sequence[str | Column]
    filters: Sequence[Filter] = ()
    search_fields: Sequence[str] = ()
    ordering: Sequence[str] = ("-pk",)
    sortable: Sequence[str] | None = None  # column names; None: every column backed by a DB field
    detail_fields: Sequence[str | Column] | None = None  # None: the model's editable fields
    # Detail fields shown only to the record's own side, not to a party it is shared with (the 查询码
    # an applicant follows the case by is the 复议机构's to give, not the 被申请人's to see).
    holder_only_fields: Sequence[str] = ()
    # Returns the records the user may see. Default: access.visible(user, model). A custom one must
    # itself be built from fazhi.core.access (e.g. access.visible_organisations).
    queryset: Callable[[Any], models.QuerySet] | None = None
    select_related: Sequence[str] = ()
    export: bool = True
    attachments: bool = True  # only for scoped models (Attachment carries data scope)
    attachment_kinds: Sequence[str] = ()
    nav: bool = True
    nav_order: int = 100
    nav_group: str = "业务"
    roles: tuple[str, ...] = ()  # who sees the nav entry; data scope still decides the rows
    # Extra panels on the detail page: each callable gets (request, record) — the record already
    # fetched through the user's data scope — and returns a DetailPanel, or None to show nothing.
    detail_panels: Sequence[Callable[[Any, Any], DetailPanel | None]] = ()
    # Buttons at the head of the list page (shown by role, see ListAction).
    actions: Sequence[ListAction] = ()
    # Create and edit pages declared as data (fazhi.web.formspec.FormSpec): /new/ and /<pk>/edit/.
    form: Any = None
    _columns: tuple[Column, ...] = field(init=False, repr=False, compare=False)
    _filters: tuple[Filter, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValueError(f"slug {self.slug!r} is reserved")
        cols = []
        for c in map(as_column, self.columns):
            if not c.label:
                c = _replace(c, label=field_label(self.model, c.name))
            if c.sort is None and c.value is None and model_field_or_none(self.model, c.name) is not None:
                f = model_field_or_none(self.model, c.name)
                if f.concrete and not f.many_to_many:
                    c = _replace(c, sort=c.name)
            cols.append(c)
        if cols and not any(c.link for c in cols):
            cols[0] = _replace(cols[0], link=True)
        if self.form is not None and (problems := self.form.problems(self.model)):
            raise ValueError(f"form of {self.slug!r}: " + "; ".join(problems))
        object.__setattr__(self, "_columns", tuple(cols))
        object.__setattr__(self, "_filters", tuple(f.resolved(self.model) for f in self.filters))

    # declared parts ---------------------------------------------------------------------------

    @property
    def column_list(self) -> tuple[Column, ...]:
        return self._columns

    @property
    def filter_list(self) -> tuple[Filter, ...]:
        return self._filters

    @property
    def sort_keys(self) -> dict[str, str]:
        allowed = set(self.sortable) if self.sortable is not None else None
        return {c.name: c.sort for c in self._columns if c.sort and (allowed is None or c.name in allowed)}

    @property
    def is_workflow(self) -> bool:
        from fazhi.core.workflow.models import WorkflowModel

        return issubclass(self.model, WorkflowModel)

    @property
    def is_scoped(self) -> bool:
        from fazhi.core.models import ScopedModel

        return issubclass(self.model, ScopedModel)

    @property
    def allows_attachments(self) -> bool:
        return self.attachments and self.is_scoped

    def detail_columns(self) -> tuple[Column, ...]:
        return self._detail_columns

    @functools.cached_property
    def _detail_columns(self) -> tuple[Column, ...]:
        # Declared data and the model's fields only: worked out once per spec, not per request.
        if self.detail_fields is not None:
            cols = [as_column(c) for c in self.detail_fields]
        else:
            hidden = {"id", "status", "version", "region_code", "path", "password", "username_key"}
            cols = [
                Column(f.name)
                for f in self.model._meta.concrete_fields
                if f.name not in hidden and not f.primary_key
            ]
        return tuple(c if c.label else _replace(c, label=field_label(self.model, c.name)) for c in cols)

    def related(self) -> list[str]:
        paths = [c.name for c in self._columns if c.value is None]
        return sorted(set(relation_paths(self.model, paths)) | set(self.select_related))

    # querying ---------------------------------------------------------------------------------

    def visible(self, user) -> models.QuerySet:
        if self.queryset is not None:
            return self.queryset(user)
        return access.visible(user, self.model)

    @functools.cached_property
    def detail_related(self) -> tuple[str, ...]:
        """Forward FK paths the detail page's fields follow, fetched with the record (one query)."""
        return tuple(relation_paths(self.model, [c.name for c in self.detail_columns() if c.value is None]))

    def get_visible_or_404(self, user, pk):
        related = self.detail_related
        if self.queryset is None:
            # (select_related() without names would follow every foreign key: only with names.)
            qs = self.model._default_manager.select_related(*related) if related else self.model
            return access.get_visible_or_404(user, qs, pk=pk)
        try:
            qs = self.queryset(user)
            if related and not qs.query.combinator:  # select_related() is refused after union()
                qs = qs.select_related(*related)
            return qs.get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError, ValidationError):
            raise access.AccessDenied("记录不存在或您无权查看。") from None

    def actions_for(self, user) -> list[ListAction]:
        actions = [a for a in self.actions if a.allowed(user)]
        if self.form is not None and self.form.may_create(user, self.model):
            label = self.form.create_label or "新建"
            actions.insert(0, ListAction(label, reverse("web:create", args=[self.slug])))
        return actions

    def edit_url_for(self, user, record) -> str:
        """The record's edit page if ``user`` may edit it now (role and state), else ""."""
        if self.form is None or not self.form.may_edit(user, record):
            return ""
        return reverse("web:edit", args=[self.slug, record.pk])

    def create_url_for(self, user, **initial) -> str:
        """The create page, its fields filled with ``initial`` (e.g. the lawsuit a 司法建议 is about),
        if ``user`` may create here, else ""."""
        if self.form is None or not self.form.may_create(user, self.model):
            return ""
        url = reverse("web:create", args=[self.slug])
        return f"{url}?{urlencode(initial)}" if initial else url

    def url(self) -> str:
        return reverse("web:list", args=[self.slug])

    def detail_url(self, obj) -> str:
        return reverse("web:detail", args=[self.slug, obj.pk])

    def detail_url_maker(self) -> Callable[[Any], str]:
        """``detail_url`` for many records: reverses once, then fills in each primary key (the
        same string reverse() gives; falls back to reverse() for a key that is not an integer)."""
        probe = reverse("web:detail", args=[self.slug, 0])
        if not probe.endswith("/0/"):
            return self.detail_url
        prefix = probe[:-2]

        def url(obj) -> str:
            pk = obj.pk
            return f"{prefix}{pk}/" if type(pk) is int and pk >= 0 else self.detail_url(obj)

        return url


SPECS: Registry[ListSpec] = Registry("员工页面", key=lambda s: s.slug, same=lambda a, b: a is b)
_by_model: dict[type, ListSpec] = {}


def register(spec: ListSpec, *, replace: bool = False) -> ListSpec:
    SPECS.register(spec, replace=replace)
    _by_model.setdefault(spec.model, spec)
    if replace:
        _by_model[spec.model] = spec
    if spec.nav:
        register_section(
            Section(
                key=f"list:{spec.slug}",
                title=spec.title,
                url="web:list",
                url_args=(spec.slug,),
                order=spec.nav_order,
                roles=spec.roles,
                group=spec.nav_group,
            )
        )
    return spec


def unregister(slug: str) -> None:
    spec = SPECS.unregister(slug)
    if spec is not None and _by_model.get(spec.model) is spec:
        del _by_model[spec.model]
    SECTIONS.unregister(f"list:{slug}")


def get(slug: str) -> ListSpec | None:
    return SPECS.find(slug)


def for_model(model) -> ListSpec | None:
    SPECS.find("")  # discovery first
    return _by_model.get(model)


def all_specs() -> list[ListSpec]:
    return sorted(SPECS, key=lambda s: (s.nav_order, s.slug))
