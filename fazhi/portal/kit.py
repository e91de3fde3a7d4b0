"""Public pages a domain declares instead of writing (issue 9, ADR 0015).

A domain that takes applications from the public online declares one :class:`DomainPortal` in its
``portal.py`` and mounts it from ``urls_portal.py``::

    class ApplicationForm(ApplicantForm):  # the 申请人 fields and rules are the kit's
        applicant_kinds = PartyKind
        ...  # the domain's own fields and register(actor=..., received_on=...)

    PORTAL = DomainPortal(
        namespace="legal_aid_portal", title="法律援助", scope="legal_aid",
        application=Application(form=ApplicationForm, sections=(FormSection("申请人", APPLICANT_FIELDS), ...)),
        lookup=Lookup(model=LegalAidCase, applicant_names=..., progress=...),
        published=Published(kind="legal_aid.decision", title="...", columns=(("申请人", "applicant"),)),
        section=Section(description="...", summary=(("申请人", "applicant"),)),
    )
    # urls_portal.py:  app_name = PORTAL.namespace; urlpatterns = PORTAL.urlpatterns()
    # urlpolicy.py:    declare(PORTAL.url_rules())

The kit does what every such domain would repeat: the application page (rate-limited per address and
per applicant identifier, the 查询码 shown once on a response nobody caches), the progress look-up by
查询码 + applicant name (POST only, failed look-ups throttled, one generic refusal, the first refusal of
an address in a window audited once — :mod:`fazhi.core.security.throttle`), and the list and detail
of what :mod:`fazhi.core.publication` published of one kind; also the applicant section of the form
(:class:`ApplicantForm`) and the domain's section on the portal home and in its search
(:class:`Section`). The domain keeps what carries meaning: which fields (a Django form whose ``register(actor=..., received_on=...)`` writes through
``engine.create`` / ``records.record_create`` when an officer registers the stored application on
网上收件 — :mod:`fazhi.portal.intake`; a submission itself is only a receipt with a 收件编号, issue 10
item 8), the statute texts shown, what an applicant may see of the progress (:class:`Progress`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.audit.middleware import client_ip
from fazhi.core.kit.querycode import normalise_query_code, well_formed_query_code
from fazhi.core.publication.models import Publication, PublicationStatus
from fazhi.core.publication.services import publication_for
from fazhi.core.security import param, throttle
from fazhi.core.urlpolicy import PUBLIC
from fazhi.core.validators import validate_id_number, validate_phone, validate_uscc
from fazhi.core.validators.text import PlainTextField
from fazhi.portal import intake as intakes
from fazhi.portal import registry
from fazhi.portal.models import IntakeStatus
from fazhi.web.formspec import FormSection

PAGE_SIZE = 20
RESERVED_PATHS = ("apply", "query", "published")
QUERY_MAX = 50
NOT_FOUND = "未找到与该查询码和申请人姓名（名称）相符的申请。请核对查询码和申请人姓名（名称）后重新输入。"
LOOKUP_THROTTLED = (
    "查询失败次数过多，为保护申请人信息，暂停查询。请{minutes}分钟后再试，或携带身份证明到{office}查询。"
)
APPLY_THROTTLED = (
    "提交过于频繁：同一网络地址或同一申请人在{minutes}分钟内提交的申请已达上限，本次申请未提交。"
    "请稍后再试，或到{office}当面提交。"
)


def apply_limit(scope: str) -> throttle.Limit:
    """Online applications per address and per applicant identifier (issue 10 item 8)."""
    return throttle.Limit(
        scope=f"{scope}.apply",
        ip_max=param("FAZHI_PORTAL_APPLY_IP_MAX"),
        key_max=param("FAZHI_PORTAL_APPLY_KEY_MAX"),
        window_minutes=param("FAZHI_PORTAL_APPLY_WINDOW_MINUTES"),
    )


def lookup_limit(scope: str) -> throttle.Limit:
    """Failed progress look-ups per address and per 查询码 (docs/security.md 3 applied to the portal)."""
    return throttle.Limit(
        scope=f"{scope}.query",
        ip_max=param("FAZHI_PORTAL_LOOKUP_IP_MAX_FAILURES"),
        key_max=param("FAZHI_PORTAL_LOOKUP_KEY_MAX_FAILURES"),
        window_minutes=param("FAZHI_PORTAL_LOOKUP_WINDOW_MINUTES"),
    )


def text_field(label: str, max_length: int, *, required: bool = True, rows: int | None = None, **kw):
    """A free-text field of a public form: no control, direction-changing or invisible characters
    (core :class:`PlainTextField`), Chinese messages naming the field."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return PlainTextField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        error_messages={
            "required": f"请填写“{label}”。",
            "max_length": f"“{label}”不能超过%(limit_value)d个字。",
        },
        multiline=bool(rows),
        **kw,
    )


def normalised(value: str | None) -> str:
    """NFKC (full-width letters and digits typed on a phone) and stripped."""
    return unicodedata.normalize("NFKC", value or "").strip()


def one_line(value: str | None) -> str:
    return " ".join(normalised(value).split())


# --- the applicant section of an application form ------------------------------------------------

APPLICANT_FIELDS = ("applicant_kind", "applicant_name", "id_number", "uscc", "phone", "address")


class ApplicantForm(forms.Form):
    """The applicant section of a public application form: a 公民 with a 公民身份号码 (GB 11643) or a
    法人或者其他组织 with a 统一社会信用代码 (GB 32100), a phone number and an address — what every
    application the public files names (e.g. 《行政复议法》第二十二条: 申请人的基本情况). A domain's form
    derives from it, declares ``applicant_kinds`` (its own party-kind choices: a ``PERSON`` member,
    every other member an organisation) and adds only its own fields and ``register()``, writing the
    applicant with :meth:`applicant_party`. Its section is ``FormSection("申请人", APPLICANT_FIELDS)``;
    :class:`Application` counts the per-applicant limit on :meth:`identifier` by itself."""

    applicant_kinds: ClassVar[type[models.Choices]]  # declared by the domain, e.g. its PartyKind

    applicant_kind = forms.ChoiceField(
        label="申请人类型",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择“申请人类型”。", "invalid_choice": "请选择申请人类型。"},
    )
    applicant_name = text_field("申请人姓名或名称", 100)
    id_number = text_field("公民身份号码", 18, required=False, help_text="申请人为自然人时填写，18位。")
    uscc = text_field(
        "统一社会信用代码", 18, required=False, help_text="申请人为法人或者其他组织时填写，18位。"
    )
    phone = text_field("联系电话", 30, help_text="11位手机号码或带区号的固定电话。")
    address = text_field("住所或联系地址", 300)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        kinds = getattr(cls, "applicant_kinds", None)
        if kinds is None or not hasattr(kinds, "PERSON") or len(kinds.choices) < 2:
            raise TypeError(
                f"{cls.__name__}: applicant_kinds must be the domain's party-kind choices with a PERSON "
                "member and at least one organisation member"
            )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["applicant_kind"]
        kind.choices, kind.initial = self.applicant_kinds.choices, self.applicant_kinds.PERSON
        for name in ("id_number", "uscc"):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "maxlength": 18})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    @staticmethod
    def identifier(data: dict) -> str:
        """The applicant's 公民身份号码 or 统一社会信用代码 (what the per-applicant limit counts)."""
        return data.get("id_number") or data.get("uscc") or ""

    def _identifier(self, name: str, validate) -> str:
        value = normalised(self.cleaned_data.get(name)).upper()  # full-width typed on a phone, lower-case x
        if value:
            validate(value)
        return value

    def clean_applicant_name(self):
        return one_line(self.cleaned_data.get("applicant_name"))

    def clean_id_number(self):
        return self._identifier("id_number", validate_id_number)

    def clean_uscc(self):
        return self._identifier("uscc", validate_uscc)

    def clean_phone(self):
        value = re.sub(r"\s", "", normalised(self.cleaned_data.get("phone")))
        validate_phone(value)
        return value

    def clean(self):
        """A person is identified by the 公民身份号码, an organisation by the 统一社会信用代码, never
        the other."""
        data = super().clean()
        kind = data.get("applicant_kind")
        if kind == self.applicant_kinds.PERSON:
            if not data.get("id_number") and "id_number" not in self.errors:
                self.add_error("id_number", "申请人为自然人的，请填写“公民身份号码”。")
            if data.get("uscc"):
                self.add_error("uscc", "自然人没有统一社会信用代码，请清空此项。")
        elif kind:
            if not data.get("uscc") and "uscc" not in self.errors:
                self.add_error("uscc", "申请人为法人或者其他组织的，请填写“统一社会信用代码”。")
            if data.get("id_number"):
                self.add_error("id_number", "法人或者其他组织请填写统一社会信用代码，不填公民身份号码。")
        return data

    def applicant_party(self, role) -> dict:
        """The applicant as the domain's party row (``role`` is the domain's 申请人 role); the
        identifier not of its kind is left empty."""
        d = self.cleaned_data
        person = d["applicant_kind"] == self.applicant_kinds.PERSON
        return {
            "role": role,
            "kind": d["applicant_kind"],
            "name": d["applicant_name"],
            "id_number": d["id_number"] if person else "",
            "uscc": "" if person else d["uscc"],
            "phone": d["phone"],
            "address": d["address"],
        }


PROVISIONAL = "（暂定，待该年度节假日安排公布后确认）"


def deadline_row(clock) -> tuple[str, str] | None:
    """A running deadline as a progress row: “<label>届满日”, the due date, “（暂定…）” while it
    falls in a year whose holiday schedule is not confirmed (the date may still move, ADR 0003), and
    “（已中止计算）” while it is suspended; None for no clock."""
    if clock is None:
        return None
    due = clock.due_date.isoformat() if clock.due_date else "—"
    if clock.due_date and clock.provisional:
        due += PROVISIONAL
    return (f"{clock.label}届满日", due + ("（已中止计算）" if clock.state == "suspended" else ""))


# --- where to go in person or write to -------------------------------------------------------------


@dataclass(frozen=True)
class Office:
    """One body the public may reach: its part in the matter (“行政复议机关”) and the organisation,
    whose 办公地址, 联系电话 and 办公时间 are shown (“尚未公布” when not entered, never a blank)."""

    role: str
    organisation: Any


@dataclass(frozen=True)
class Offices:
    """The bodies a domain's pages name, grouped (e.g. a government and its 行政复议机构), with how
    to apply in person or by post (``help``)."""

    title: str
    groups: Callable[[], Iterable[tuple[Office, ...]]]
    help: tuple[str, ...] = ()
    missing: str = "尚未公布"


# --- files attached to an online application ------------------------------------------------------


@dataclass(frozen=True)
class FileSlot:
    """One kind of file the applicant may attach (``multiple``: several of it)."""

    name: str
    label: str  # the attachment's 材料类型 once registered
    help: str = ""
    multiple: bool = False


@dataclass(frozen=True)
class Files:
    """Files an online application may carry, so the 身份证明 or the act's 文书 need not be asked for
    by 补正 later. Checked as a staff upload is (:func:`fazhi.core.workflow.attachments.upload_problem`:
    the type from the extension and the first bytes) and narrower: ``extensions``, ``max_bytes`` each,
    ``max_total`` together (under the server's request limit), ``max_files``. A bad file refuses the
    whole submission with a Chinese message; nothing is stored."""

    slots: tuple[FileSlot, ...]
    extensions: tuple[str, ...] = ("pdf", "jpg", "jpeg", "png")
    max_bytes: int = 10 * 1024 * 1024
    max_total: int = 20 * 1024 * 1024
    max_files: int = 10
    help: str = ""

    @property
    def limits(self) -> str:
        return (
            f"可上传PDF或JPG、PNG图片，每个文件不超过{self.max_bytes // 2**20}MB，"
            f"合计不超过{self.max_total // 2**20}MB、{self.max_files}个文件。"
        )


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _FilesField(forms.FileField):
    def __init__(self, *, multiple: bool, accept: str, **kw):
        widget = (_MultipleFileInput if multiple else forms.ClearableFileInput)(attrs={"accept": accept})
        super().__init__(widget=widget, required=False, **kw)
        self.multiple = multiple

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(_FilesField, self).clean(d, initial) for d in items]


def files_form(spec: Files) -> type[forms.Form]:
    """A form of ``spec``'s slots: ``cleaned_data["files"]`` is [(slot, upload), …], every file
    checked."""
    from fazhi.core.workflow.attachments import TYPE_NAMES, extension, upload_problem

    accept = ",".join(f".{e}" for e in spec.extensions)
    allowed = "、".join(dict.fromkeys(TYPE_NAMES.get(e, e) for e in spec.extensions))
    fields = {
        slot.name: _FilesField(
            multiple=slot.multiple,
            accept=accept,
            label=slot.label,
            help_text=slot.help,
            error_messages={"invalid": f"“{slot.label}”上传失败，请重新选择文件。", "empty": "文件是空的。"},
        )
        for slot in spec.slots
    }

    def clean(self):
        data = super(forms.Form, self).clean()
        chosen = [(slot, f) for slot in spec.slots for f in (data.get(slot.name) or [])]
        for slot, upload in chosen:
            name = upload.name or ""
            if extension(name) not in spec.extensions:
                self.add_error(
                    slot.name, f"“{name}”的类型不能上传：只接受{allowed}（{'、'.join(spec.extensions)}）。"
                )
            elif upload.size > spec.max_bytes:
                self.add_error(
                    slot.name, f"“{name}”超过{spec.max_bytes // 2**20}MB，请压缩或分页扫描后上传。"
                )
            elif problem := upload_problem(upload):
                self.add_error(slot.name, problem)
        if len(chosen) > spec.max_files:
            raise forms.ValidationError(f"最多上传{spec.max_files}个文件，本次选择了{len(chosen)}个。")
        total = sum(f.size for _, f in chosen)
        if total > spec.max_total:
            raise forms.ValidationError(f"上传的文件合计超过{spec.max_total // 2**20}MB，请精简后再提交。")
        data["files"] = chosen
        return data

    return type("FilesForm", (forms.Form,), {**fields, "clean": clean})


# --- declarations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Application:
    """The online application page. ``form`` is a Django form of the domain's fields and rules.

    A valid submission is stored as an online application (网上收件, :mod:`fazhi.portal.intake`) with a
    收件编号 and a 查询码 — not as the domain's record, and with no 案号 (issue 10 item 8). When an
    officer registers it, the stored fields are bound to ``form`` again and its
    ``register(actor=..., received_on=...)`` saves the record (taking the official number) and
    returns it; the record carries ``query_code`` and ``organisation``."""

    form: type[forms.Form]
    sections: tuple[FormSection, ...]
    title: str  # 网上申请行政复议
    # the applicant identifier the per-applicant limit counts; default for an ApplicantForm: its
    # 公民身份号码 or 统一社会信用代码
    applicant_key: Callable[[dict], str] | None = None
    intro: str = ""  # above the form: the article that allows online applications
    consent: str = ""  # above the button: what the personal data is used for
    notes: tuple[str, ...] = ()  # shown with the 查询码: what happens next, with its articles
    link_help: str = ""  # on the domain's index page
    organisation_field: str = "organisation"  # the form field naming the body addressed
    applicant_name: Callable[[dict], str] | None = None  # default: the field applicant_name / applicant
    staff_roles: tuple[str, ...] = ("officer", "reviewer")  # who registers or discards on 网上收件
    # (length, unit, article) of the period that runs from receipt, shown on 待办 while unregistered
    review_period: tuple[int, str, str] | None = None
    # fields shown masked on 网上收件 (the record's own screens decide what staff see afterwards)
    sensitive_fields: tuple[str, ...] = ("id_number", "phone", "address")
    files: Files | None = None  # files the applicant may attach (身份证明、行为文书、证据)

    def applicant_key_of(self, data: dict) -> str:
        if self.applicant_key is not None:
            return self.applicant_key(data) or ""
        return ApplicantForm.identifier(data)

    def applicant_name_of(self, data: dict) -> str:
        if self.applicant_name is not None:
            return one_line(self.applicant_name(data))
        return one_line(str(data.get("applicant_name") or data.get("applicant") or ""))


@dataclass(frozen=True)
class Progress:
    """What an applicant may see of their matter: never a staff page, never personal data beyond
    the masked names the domain chooses. ``rows`` are (label, value); empty values are left out."""

    heading: str
    status: str
    colour: str = "grey"
    help: str = ""
    rows: tuple[tuple[str, Any] | None, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (text, url)

    def shown_rows(self) -> list[tuple[str, str]]:
        out = []
        for label, value in filter(None, self.rows):  # a row may be None (e.g. no deadline_row)
            if value in (None, ""):
                continue
            out.append((label, value.isoformat() if isinstance(value, dt.date) else str(value)))
        return out


@dataclass(frozen=True)
class Lookup:
    """The progress look-up by 查询码 + applicant name (the name as filed is the second factor: every
    applicant has one; organisations have no ID number)."""

    model: type[models.Model]
    applicant_names: Callable[[Any], Iterable[str]]
    progress: Callable[[Any], Progress]
    title: str = "办理进度查询"
    code_field: str = "query_code"
    select_related: tuple[str, ...] = ()
    note: str = "为保护您的个人信息，查询结果不显示公民身份号码、联系电话和住址。"
    link_help: str = "凭提交申请时取得的查询码和申请人姓名（名称）查询办理进度。"

    def find(self, code: str, name: str):
        if not well_formed_query_code(code):
            return None
        record = (
            self.model._default_manager.select_related(*self.select_related)
            .filter(**{self.code_field: code})
            .first()
        )
        if record is None:
            return None
        names = {one_line(n) for n in self.applicant_names(record)}
        return record if name in names else None


@dataclass(frozen=True)
class Published:
    """The list and detail of one publication kind (only what the publication service published,
    masked; a withdrawn one shows its notice). ``columns`` are (label, key of ``Publication.values``)."""

    kind: str
    title: str  # 行政复议决定书公开
    noun: str  # 决定书
    columns: tuple[tuple[str, str], ...] = ()
    path: str = "published"
    name: str = "published"
    detail_name: str = "published_detail"
    basis: str = ""  # under the detail: the article it is published under
    link_help: str = ""
    latest: int = 5  # shown on the domain's index

    def listed(self):
        return Publication.objects.public().of_kind(self.kind)

    def withdrawn(self):
        return Publication.objects.of_kind(self.kind).withdrawn_notices()

    def shown(self, pk: int) -> Publication | None:
        return Publication.objects.of_kind(self.kind).on_portal().filter(pk=pk).first()

    def published_of(self, subject) -> Publication | None:
        """The publication of ``subject`` if it is of this kind and public now (not held, not withdrawn)."""
        pub = publication_for(subject)
        ok = pub is not None and pub.kind == self.kind and pub.status == PublicationStatus.PUBLISHED
        return pub if ok else None


#: Field types a public register never shows (personal identifiers, encrypted or indexed).
PRIVATE_FIELD_TYPES = ("EncryptedCharField", "BlindIndexField")


@dataclass(frozen=True)
class Register:
    """A public register list (事前公开: 执法主体, 执法人员, 权责清单 …): the rows ``queryset()`` makes
    public — called on every request, so “in force today” stays true — in ``columns`` (label and a
    field path ``organisation__name``, or a function of the row), searchable over ``search_fields``,
    paged, with no login. Only what the declaration names is shown; a column or search field on a
    personal identifier (an encrypted or blind-indexed field) is refused when declared."""

    model: type[models.Model]
    title: str  # 执法人员公示
    columns: tuple[tuple[str, str | Callable[[Any], Any]], ...]
    queryset: Callable[[], models.QuerySet]
    path: str  # officers → /<app>/officers/
    search_fields: tuple[str, ...] = ()
    basis: str = ""  # under the list: what it is published under
    link_help: str = ""
    noun: str = "记录"

    @property
    def name(self) -> str:
        return f"register_{self.path.replace('-', '_')}"

    def rows(self, q: str = ""):
        qs = self.queryset()
        if q and self.search_fields:
            cond = models.Q()
            for name in self.search_fields:
                cond |= models.Q(**{f"{name}__icontains": q})
            qs = qs.filter(cond)
        return qs if qs.ordered else qs.order_by("pk")

    def values(self, row) -> list[str]:
        return [_shown(row, source) for _, source in self.columns]

    def problems(self) -> list[str]:
        out = []
        paths = [s for _, s in self.columns if isinstance(s, str)] + list(self.search_fields)
        for path_ in paths:
            model, field = self.model, None
            for part in path_.split("__"):
                try:
                    field = model._meta.get_field(part)
                except Exception:
                    out.append(f"register {self.path}: {model.__name__} has no field {part!r}")
                    field = None
                    break
                model = field.related_model or model
            if field is not None and type(field).__name__ in PRIVATE_FIELD_TYPES:
                out.append(f"register {self.path}: {path_!r} is a personal identifier, never public")
        if not re.fullmatch(r"[a-z0-9-]+", self.path):
            out.append(f"register path {self.path!r}: lower-case letters, digits and hyphens only")
        return out


def _shown(row, source) -> str:
    if callable(source):
        value = source(row)
    else:
        *links, last = source.split("__")
        for part in links:
            row = getattr(row, part, None)
            if row is None:
                return ""
        display = getattr(row, f"get_{last}_display", None)
        value = display() if callable(display) else getattr(row, last, "")
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Section:
    """The domain's section of the portal home and search (:mod:`fazhi.portal.registry`), registered
    by its :class:`DomainPortal`: key ``scope``, title ``title``, a link to the domain's index, and —
    with ``published`` — the portal-wide search over that kind (only what the publication service
    published, masked). ``summary`` is (label, key of ``Publication.values``) shown under a hit as
    “label：value；…”."""

    description: str
    order: int = 100
    summary: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DomainPortal:
    namespace: str  # the urls_portal app_name
    title: str  # 行政复议
    scope: str  # throttle scopes: <scope>.apply, <scope>.query
    office: str  # where to go in person: 行政复议机构
    application: Application | None = None
    lookup: Lookup | None = None
    published: Published | None = None
    section: Section | None = None  # on the portal home and in its search
    offices: Offices | None = None  # where to apply in person or by post, on index, apply and query
    registers: tuple[Register, ...] = ()  # public register lists (事前公开)

    def __post_init__(self) -> None:
        problems = self._problems()
        if problems:
            raise ValueError(f"portal {self.namespace}: " + "; ".join(problems))
        intakes.register_portal(self)
        if self.section is not None:
            registry.register(self.public_section())

    def public_section(self) -> registry.PublicSection:
        return registry.PublicSection(
            key=self.scope,
            title=self.title,
            url=f"portal:{self.namespace}:index",
            description=self.section.description,
            order=self.section.order,
            search=self.search if (self.published or self.registers) else None,
        )

    def search(self, q: str, limit: int) -> list[registry.SearchHit]:
        """The portal-wide search over the published kind — only what the publication service
        published (``Published.listed``), masked — then over the public registers, up to ``limit``."""
        hits: list[registry.SearchHit] = []
        if self.published is not None:
            summary = self.section.summary if self.section else ()
            hits = [
                registry.SearchHit(
                    title=pub.title,
                    url=self.detail_url(pub.pk),
                    summary="；".join(f"{label}：{pub.value(key)}" for label, key in summary),
                    date=pub.public_date,
                )
                for pub in self.published.listed().filter(search_text__icontains=q)[:limit]
            ]
        return hits + self.search_registers(q, limit - len(hits)) if len(hits) < limit else hits

    def search_registers(self, q: str, limit: int) -> list[registry.SearchHit]:
        """The portal-wide search over the public registers: a hit per matching row, linking to
        the register searched for it."""
        hits: list[registry.SearchHit] = []
        for r in self.registers:
            if not r.search_fields:
                continue
            url = f"{self.url(r.name)}?{urlencode({'q': q})}"
            for row in r.rows(q)[: max(0, limit - len(hits))]:
                values = r.values(row)
                summary = "；".join(
                    f"{label}：{v}" for (label, _), v in zip(r.columns[1:], values[1:], strict=True) if v
                )
                hits.append(registry.SearchHit(title=f"{r.title}：{values[0]}", url=url, summary=summary))
        return hits

    def published_links(self, subject, text: str) -> tuple[tuple[str, str], ...]:
        """A progress link to ``subject``'s publication when it is public now, else none."""
        pub = self.published.published_of(subject) if self.published else None
        return ((text, self.detail_url(pub.pk)),) if pub is not None else ()

    def _problems(self) -> list[str]:
        """Everything wrong with the declaration, found when the domain's portal.py is imported
        (start-up), not when a citizen opens the page."""
        problems = []
        if not (self.application or self.lookup or self.published or self.registers):
            problems.append("declares no application, lookup, published list or register")
        for r in self.registers:
            problems += r.problems()
        paths = [r.path for r in self.registers]
        problems += [
            f"register path {p!r} is declared twice" for p in sorted(set(paths)) if paths.count(p) > 1
        ]
        problems += [f"register path {p!r} is a route of the kit" for p in paths if p in RESERVED_PATHS]
        if (a := self.application) is not None:
            fields = list(a.form.base_fields)
            placed = [n for section in a.sections for n in section.fields]
            problems += [
                f"section field {n!r} is not a field of {a.form.__name__}" for n in placed if n not in fields
            ]
            problems += [
                f"field {n!r} is in more than one section" for n in sorted(set(placed)) if placed.count(n) > 1
            ]
            problems += [
                f"field {n!r} of {a.form.__name__} is in no section (never shown)"
                for n in fields
                if n not in placed
            ]
            register = getattr(a.form, "register", None)
            if not callable(register):
                problems.append(f"{a.form.__name__} has no register() that saves the application")
            elif not {"actor", "received_on"} <= set(inspect.signature(register).parameters):
                problems.append(f"{a.form.__name__}.register() must take actor and received_on")
            if a.applicant_key is None and not issubclass(a.form, ApplicantForm):
                problems.append(
                    f"{a.form.__name__} is no ApplicantForm: declare applicant_key (the identifier limited)"
                )
            if a.organisation_field not in fields:
                problems.append(
                    f"{a.form.__name__} has no field {a.organisation_field!r} (the body addressed)"
                )
        if (lookup := self.lookup) is not None:
            names = {f.name for f in lookup.model._meta.get_fields()}
            if lookup.code_field not in names:
                problems.append(f"{lookup.model.__name__} has no field {lookup.code_field!r} (the 查询码)")
        if self.section is not None and self.section.summary and self.published is None:
            problems.append("the section's search summary needs a published kind")
        if self.published is not None and self.published.name == self.published.detail_name:
            problems.append("the published list and detail need different URL names")
        return problems

    def url(self, name: str, *args) -> str:
        return reverse(f"portal:{self.namespace}:{name}", args=args)

    def urls(self) -> dict[str, str]:
        out = {"index": self.url("index")}
        if self.application:
            out["apply"] = self.url("apply")
        if self.lookup:
            out["query"] = self.url("query")
        if self.published:
            out["list"] = self.url(self.published.name)
        return out

    def register_links(self) -> list[tuple[Register, str]]:
        return [(r, self.url(r.name)) for r in self.registers]

    def detail_url(self, pk: int) -> str:
        return self.url(self.published.detail_name, pk)

    def urlpatterns(self) -> list:
        patterns = [path("", _index(self), name="index")]
        if self.application:
            patterns.append(path("apply/", _apply(self), name="apply"))
        if self.lookup:
            patterns.append(path("query/", _query(self), name="query"))
        if self.published:
            p = self.published
            patterns.append(path(f"{p.path}/", _published_list(self), name=p.name))
            patterns.append(path(f"{p.path}/<int:pk>/", _published_detail(self), name=p.detail_name))
        for r in self.registers:
            patterns.append(path(f"{r.path}/", _register_list(self, r), name=r.name))
        return patterns

    def url_rules(self) -> dict[str, str]:
        """Every route of the kit is public (docs/security.md 9), declared by the mounting domain."""
        return {f"portal:{self.namespace}:{p.name}": PUBLIC for p in self.urlpatterns()}

    def body_limits(self) -> dict[str, int]:
        """The application page takes files when ``files`` is declared: the most the server reads."""
        if self.application is None or self.application.files is None:
            return {}
        from django.conf import settings

        return {f"portal:{self.namespace}:apply": settings.BODY_LIMIT_MAX}

    def context(self, **kw) -> dict:
        return {"portal": self, "urls": self.urls(), **kw}

    def office_groups(self) -> list[tuple[Office, ...]]:
        return [tuple(g) for g in self.offices.groups()] if self.offices else []


# --- views ----------------------------------------------------------------------------------------


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _index(portal: DomainPortal):
    @require_GET
    def index(request):
        latest = list(portal.published.listed()[: portal.published.latest]) if portal.published else []
        context = portal.context(
            latest=latest, offices=portal.office_groups(), registers=portal.register_links()
        )
        return render(request, "portal/kit/index.html", context)

    return index


def _apply(portal: DomainPortal):
    spec = portal.application

    files_spec = spec.files
    Files = files_form(files_spec) if files_spec else None

    def page(request, form, status, files=None):
        if Files is not None and files is None:
            files = Files()
        context = portal.context(spec=spec, form=form, files=files, offices=portal.office_groups())
        return render(request, "portal/kit/apply.html", context, status=status)

    @never_cache
    @require_http_methods(["GET", "POST"])
    def apply(request):
        if request.method != "POST":
            return page(request, spec.form(), 200)
        form = spec.form(request.POST)
        files = Files(request.POST, request.FILES) if Files is not None else None
        valid = form.is_valid()
        if files is not None and not files.is_valid():
            # Nothing is stored: the applicant chooses the files again (a browser never keeps them).
            if valid:
                form.add_error(None, "上传的材料有问题，申请未提交；请按提示重新选择文件。")
            return page(request, form, 400, files)
        if valid:
            limit, ip = apply_limit(portal.scope), client_ip(request)
            key = spec.applicant_key_of(form.cleaned_data)
            why = throttle.admit(limit, ip, key)  # checked and counted at once (parallel spam)
            if why:
                throttle.note_refused(limit, ip, key, why)
                form.add_error(
                    None, APPLY_THROTTLED.format(minutes=limit.window_minutes, office=portal.office)
                )
                return page(request, form, 429)
            # Stored as a 网上收件 with a 收件编号; the 案号 is given only when staff register it.
            intake = intakes.receive(portal, form, files.cleaned_data["files"] if files is not None else ())
            # Shown once, on this response only: no redirect carrying the code, nothing cached.
            context = portal.context(spec=spec, intake=intake, attached=list(intake.files.all()))
            return _no_store(render(request, "portal/kit/applied.html", context))
        return page(request, form, 400, files)

    return apply


class QueryForm(forms.Form):
    query_code = forms.CharField(
        label="查询码",
        max_length=40,
        error_messages={"required": "请填写“查询码”。", "max_length": NOT_FOUND},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    applicant_name = PlainTextField(
        label="申请人姓名或名称",
        max_length=100,
        error_messages={"required": "请填写“申请人姓名或名称”。", "max_length": NOT_FOUND},
        help_text="与提交申请时填写的一致。",
    )

    def clean_query_code(self):
        return normalise_query_code(self.cleaned_data["query_code"])

    def clean_applicant_name(self):
        return one_line(self.cleaned_data["applicant_name"])


def _query(portal: DomainPortal):
    spec = portal.lookup

    @never_cache
    @require_http_methods(["GET", "POST"])
    def query(request):
        progress, error, status = None, "", 200
        if request.method == "POST":
            form = QueryForm(request.POST)
            limit, ip = lookup_limit(portal.scope), client_ip(request)
            code = form.cleaned_data["query_code"] if form.is_valid() else ""
            why = throttle.refusal(limit, ip, code)
            if why:
                # Checked before the answer: a guesser learns nothing, not even from a correct pair.
                # Audited at most once per address per window (the code only as a keyed digest).
                throttle.note_refused(limit, ip, code, why)
                error = LOOKUP_THROTTLED.format(minutes=limit.window_minutes, office=portal.office)
                status = 429
            elif form.is_valid():
                name = form.cleaned_data["applicant_name"]
                record = spec.find(code, name)
                waiting = intakes.find(portal, code, name) if record is None and portal.application else None
                if record is not None:
                    progress = _with_receipt(spec.progress(record), intakes.of_record(record))
                elif waiting is not None:
                    progress = intake_progress(portal, waiting)
                else:
                    error = NOT_FOUND
                    throttle.failed(limit, ip, code)
            elif any(NOT_FOUND in e for errs in form.errors.values() for e in errs):
                error = NOT_FOUND
                throttle.failed(limit, ip, "")
            else:
                error = "".join(e for errs in form.errors.values() for e in errs)
        # Never echo the code or the name back into the page (shared computers, screenshots).
        context = portal.context(
            spec=spec, form=QueryForm(), progress=progress, error=error, offices=portal.office_groups()
        )
        return _no_store(render(request, "portal/kit/query.html", context, status=status))

    return query


def _with_receipt(progress: Progress, intake) -> Progress:
    """A record registered from an online application also shows its 收件编号."""
    if intake is None:
        return progress
    return dataclasses.replace(progress, rows=(("收件编号", intake.receipt_number), *progress.rows))


def intake_progress(portal: DomainPortal, intake) -> Progress:
    """What the applicant sees of an application not registered: its 收件编号 and where it stands."""
    rows = [
        ("收件编号", intake.receipt_number),
        ("受理机关", intake.organisation.name),
        ("提交日期", intakes.received_on(intake)),
    ]
    if intake.status == IntakeStatus.DISCARDED:
        return Progress(
            heading=intake.receipt_number,
            status="不予登记",
            colour="red",
            help=f"经审查，该网上申请不予登记（{intake.get_discard_reason_display()}）。如有疑问，请携带身份证明到{portal.office}咨询，或重新提交申请。",
            rows=(*rows, ("处理日期", timezone.localdate(intake.decided_at))),
        )
    return Progress(
        heading=intake.receipt_number,
        status="已收件，待登记",
        colour="grey",
        help=f"申请已提交，等待{portal.office}工作人员登记；登记后编定案号，可继续凭本查询码查询。",
        rows=tuple(rows),
    )


def _published_list(portal: DomainPortal):
    spec = portal.published

    @require_GET
    def published_list(request):
        q = " ".join((request.GET.get("q") or "").split())[:QUERY_MAX]
        qs = spec.listed()
        if q:
            qs = qs.filter(search_text__icontains=q)
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [(pub, [pub.values.get(key, "") for _, key in spec.columns]) for pub in page.object_list]
        withdrawn = spec.withdrawn()[:20]
        context = portal.context(spec=spec, page=page, rows=rows, q=q, withdrawn=withdrawn)
        return render(request, "portal/kit/published_list.html", context)

    return published_list


def _register_list(portal: DomainPortal, spec: Register):
    @require_GET
    def register_list(request):
        q = " ".join((request.GET.get("q") or "").split())[:QUERY_MAX]
        page = Paginator(spec.rows(q), PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [spec.values(row) for row in page.object_list]
        context = portal.context(spec=spec, page=page, rows=rows, q=q)
        return render(request, "portal/kit/register_list.html", context)

    return register_list


def _published_detail(portal: DomainPortal):
    spec = portal.published

    @require_GET
    def published_detail(request, pk: int):
        pub = spec.shown(pk)
        if pub is None:
            raise Http404(f"未找到该{spec.noun}。")
        return render(request, "portal/kit/published_detail.html", portal.context(spec=spec, pub=pub))

    return published_detail


__all__ = [
    "APPLICANT_FIELDS",
    "ApplicantForm",
    "Application",
    "DomainPortal",
    "FileSlot",
    "Files",
    "FormSection",
    "Lookup",
    "Office",
    "Offices",
    "Progress",
    "Published",
    "Register",
    "Section",
    "apply_limit",
    "deadline_row",
    "lookup_limit",
    "normalised",
    "one_line",
    "text_field",
]
