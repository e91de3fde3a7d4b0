"""The generic staff pages every registered model gets: list, export, detail, transition, attachments.

Nothing here knows a domain. A :class:`~fazhi.web.registry.ListSpec` says what to show; records are
fetched only through the spec's scoped queryset (``access.visible`` by default) or
``get_visible_or_404``, so a list, its counts, its export, a detail page and an attachment download
all apply the same data scope (docs/security.md 10). Status changes only through ``engine.perform``.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape as shown
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from fazhi.core import access
from fazhi.core.audit.services import record as audit_record
from fazhi.core.documents import registry as documents
from fazhi.core.documents import services as document_services
from fazhi.core.excel.export import safe_cell, sheet_title
from fazhi.core.workflow import engine
from fazhi.core.workflow.attachments import PDF_HEADER_WITHIN, attachment_upload, content_matches
from fazhi.core.workflow.models import WorkflowModel
from fazhi.web import htmx, selectors
from fazhi.web.forms import AttachmentForm, TransitionForm
from fazhi.web.links import links_panel
from fazhi.web.registry import Column, DetailPanel, ListSpec, get
from fazhi.web.templatetags.fazhi_web import badge

SEARCH_MAX = 100
EXPORT_MAX_ROWS = 100_000
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


def _spec_or_404(slug: str) -> ListSpec:
    spec = get(slug)
    if spec is None:
        raise Http404("没有这个栏目。")
    return spec


# --- cells -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    colour: str = ""  # a badge colour when set (status)
    url: str = ""

    @property
    def html(self) -> str:
        """The cell as the list shows it: a badge, a link to the record, or the text (escaped)."""
        if self.colour:
            return badge(self.text, self.colour)
        if self.url:
            return mark_safe(f'<a href="{shown(self.url)}">{shown(self.text)}</a>')
        return mark_safe(shown(self.text))


def row_html(cells) -> str:
    """The <td> cells of one list row. Written here rather than by a template loop per cell (400
    cells a page); the characters are those the loop in _list_results.html used to produce."""
    return mark_safe("".join(f"\n        <td>{c.html}</td>\n        " for c in cells))


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else (value.strftime("%Y-%m-%d %H:%M"))
        )
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value)) or "—"
    return str(value)


def _follow(obj, path: str, labels: dict | None = None):
    """The value at an ORM path, with choice fields shown by their label. ``labels`` (one dict per
    page) keeps each choice field's value→label table, which Django rebuilds on every call."""
    parts = path.split("__")
    for part in parts[:-1]:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    last = parts[-1]
    if labels is not None and (field := _display_field(type(obj), last)) is not None:
        # What Model._get_FIELD_display does, with the table built once per page.
        table = labels.get(field)
        if table is None:
            table = labels[field] = dict(make_hashable(field.flatchoices))
        value = getattr(obj, field.attname)
        return force_str(table.get(make_hashable(value), value), strings_only=True)
    display = getattr(obj, f"get_{last}_display", None)
    if callable(display):
        return display()
    value = getattr(obj, last, None)
    return value() if callable(value) and not isinstance(value, models.Model) else value


@functools.cache
def _display_field(model, name: str):
    """The choice field behind ``model.get_<name>_display`` when that is Django's own (not overridden)."""
    attr = inspect.getattr_static(model, f"get_{name}_display", None)
    if isinstance(attr, functools.partialmethod) and attr.func is models.Model._get_FIELD_display:
        return attr.keywords.get("field")
    return None


def cell(spec: ListSpec, obj, column: Column, detail_url=None, labels: dict | None = None) -> Cell:
    if column.value is not None:
        value = column.value(obj)
    elif column.name == "status" and isinstance(obj, WorkflowModel):
        try:
            state = obj.state
        except KeyError:
            return Cell(obj.status or "—", "grey")
        return Cell(state.label, state.colour)
    else:
        value = _follow(obj, column.name, labels)
    return Cell(_text(value), url=(detail_url or spec.detail_url)(obj) if column.link else "")


class PageCells:
    """``cell()`` for the many records of one page or export: the detail URL and the choice labels
    are prepared once instead of once per row."""

    def __init__(self, spec: ListSpec):
        self.spec = spec
        self.detail_url = spec.detail_url_maker()
        self.labels: dict = {}

    def __call__(self, obj) -> list[Cell]:
        return [cell(self.spec, obj, c, self.detail_url, self.labels) for c in self.spec.column_list]


# --- the filtered list -------------------------------------------------------------------------


@dataclass
class Listing:
    queryset: models.QuerySet
    filters: list
    q: str
    sort: str
    errors: list[str]

    def describe(self) -> list[str]:
        parts = [f.describe() for f in self.filters if f.active]
        if self.q:
            parts.append(f"关键词：{self.q}")
        return parts


def listing(spec: ListSpec, user, params) -> Listing:
    qs = spec.visible(user)
    bound = [f.bind(spec, user, params) for f in spec.filter_list]
    for b in bound:
        if b.q is not None:
            qs = qs.filter(b.q)
    q = (params.get("q") or "").strip()[:SEARCH_MAX]
    if q and spec.search_fields:
        cond = models.Q()
        for name in spec.search_fields:
            cond |= models.Q(**{f"{name}__icontains": q})
        qs = qs.filter(cond)
    sort = (params.get("sort") or "").strip()
    keys = spec.sort_keys
    if sort.lstrip("-") in keys:
        order = [("-" if sort.startswith("-") else "") + keys[sort.lstrip("-")]]
    else:
        sort, order = "", list(spec.ordering)
    if not any(o.lstrip("-") in ("pk", "id") for o in order):
        order.append("-pk")  # a stable order, so pages never repeat or skip rows
    qs = qs.select_related(*spec.related()).order_by(*order)
    return Listing(qs, bound, q, sort, [b.error for b in bound if b.error])


def _query(params, drop=()) -> str:
    return urlencode([(k, v) for k, values in params.lists() for v in values if k not in drop and v])


@login_required
@require_GET
def list_view(request, slug):
    spec = _spec_or_404(slug)
    result = listing(spec, request.user, request.GET)
    paginator = Paginator(result.queryset, settings.FAZHI_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    sort_base = _query(request.GET, drop=("sort", "page"))
    headers = []
    for c in spec.column_list:
        url, direction = "", ""
        if c.name in spec.sort_keys:
            if result.sort == c.name:
                direction, nxt = "asc", f"-{c.name}"
            elif result.sort == f"-{c.name}":
                direction, nxt = "desc", c.name
            else:
                nxt = c.name
            url = "?" + "&".join(x for x in (sort_base, urlencode({"sort": nxt})) if x)
        headers.append({"label": c.label, "url": url, "direction": direction})
    cells_of = PageCells(spec)
    rows = []
    for obj in page.object_list:
        cells = cells_of(obj)
        rows.append({"obj": obj, "cells": cells, "html": row_html(cells)})
    context = {
        "spec": spec,
        "listing": result,
        "page": page,
        "count": paginator.count,
        "headers": headers,
        "rows": rows,
        "page_query": _query(request.GET, drop=("page",)),
        "export_query": _query(request.GET, drop=("page",)),
    }
    if htmx.is_htmx(request):
        return render(request, "web/generic/_list_results.html", context)
    return render(request, "web/generic/list.html", context)


@login_required
@require_GET
def export_view(request, slug):
    spec = _spec_or_404(slug)
    if not spec.export:
        raise Http404("该栏目不提供导出。")
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    result = listing(spec, request.user, request.GET)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title(spec.title))
    header = []
    for c in spec.column_list:
        wc = WriteOnlyCell(ws, value=c.label)
        wc.font = Font(bold=True)
        header.append(wc)
    ws.append(header)
    count = 0
    cells_of = PageCells(spec)
    for obj in result.queryset[:EXPORT_MAX_ROWS].iterator(chunk_size=2000):
        ws.append([safe_cell(c.text) for c in cells_of(obj)])
        count += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    # Exports are audited (docs/security.md 12): who took which rows, under which filter.
    audit_record(
        "export",
        object_type=spec.model._meta.label_lower,
        object_repr=spec.title,
        user=request.user,
        detail={"list": spec.slug, "rows": count, "filters": result.describe(), "sort": result.sort},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=f"{spec.title}-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# --- detail ------------------------------------------------------------------------------------


def _history_rows(record) -> list[dict]:
    rows = []
    procedure = record.procedure if isinstance(record, WorkflowModel) else None
    for log in selectors.record_history(record):
        fields = {}
        if procedure is not None:
            try:
                fields = {f.name: f for f in procedure.transition(log.transition).fields}
            except KeyError:
                pass
        inputs = []
        for key, value in (log.data or {}).items():
            if isinstance(value, dict) and "name" in value:
                value = value["name"]
            field = fields.get(key)
            if field is not None and field.choices:
                value = dict(field.choices).get(value, value)  # show 撤销, not the stored code
            inputs.append((field.label if field else key, _text(value)))
        rows.append(
            {
                "log": log,
                "from": _state_label(procedure, log.from_status),
                "to": _state_label(procedure, log.to_status),
                "inputs": inputs,
            }
        )
    return rows


def _state_label(procedure, code: str) -> str:
    if procedure is None:
        return code
    try:
        return procedure.state(code).label
    except KeyError:
        return code


def detail_context(
    request,
    spec: ListSpec,
    record,
    *,
    open_transition: str = "",
    transition_form: TransitionForm | None = None,
    error: str = "",
    upload_form: AttachmentForm | None = None,
) -> dict:
    user = request.user
    columns = spec.detail_columns()
    if spec.holder_only_fields and not access.holds(user, record):
        columns = [c for c in columns if c.name not in spec.holder_only_fields]
    fields = [(c.label, cell(spec, record, Column(c.name, c.label, c.value))) for c in columns]
    context = {
        "spec": spec,
        "record": record,
        "fields": fields,
        "error": error,
        "open_transition": open_transition,
        "state": None,
        "options": [],
        "history": [],
        "clocks": [],
        "attachments": [],
        "upload_form": None,
        "panels": [p for fn in spec.detail_panels if (p := fn(request, record)) is not None],
        "edit_url": spec.edit_url_for(user, record),
    }
    if isinstance(record, WorkflowModel):
        try:
            context["state"] = record.state
        except KeyError:
            context["state"] = None
        options = []
        shared: dict = {}
        for option in engine.options(record, user):
            t = option.transition
            if transition_form is not None and t.name == open_transition:
                form = transition_form
            else:
                form = TransitionForm(
                    transition=t,
                    user=user,
                    initial={"expected_version": record.version},
                    shared_choices=shared,
                )
            options.append({"option": option, "t": t, "form": form})
        context["options"] = options
        context["history"] = _history_rows(record)
        context["pending_approvals"] = engine.pending_approvals_of(record)
    if spec.is_scoped:
        context["clocks"] = list(selectors.record_clocks(record))
    if spec.allows_attachments:
        context["attachments"] = list(selectors.record_attachments(record, user))
        offered = [o["option"] for o in context["options"]] if isinstance(record, WorkflowModel) else None
        if engine.may_attach(user, record, offered):
            context["upload_form"] = upload_form or AttachmentForm()
        kinds = set(spec.attachment_kinds)
        if isinstance(record, WorkflowModel):
            kinds |= {k for t in record.procedure.transitions for k in t.attachments}
        context["attachment_kinds"] = sorted(kinds)
    for generic_panel in (documents_panel, links_panel):
        panel = generic_panel(request, record)
        if panel is not None:
            context["panels"] = [*context.get("panels", []), panel]
    return context


def documents_panel(request, record) -> DetailPanel | None:
    """The 文书 panel: the kinds that may be generated in the record's current state (with a 生成
    button for users holding the kind's roles), and the 文号 already issued to the record."""
    kinds = documents.kinds_for(record)
    if not kinds:
        return None
    issued = document_services.issued_numbers(record)
    rows = []
    held: list[bool] = []  # whether the user is the record's 承办单位 side, asked once if needed

    def holds() -> bool:
        # A party the record is only shared with (the 被申请人) issues none of its documents.
        if not held:
            held.append(not getattr(type(record), "shared_with", ()) or access.holds(request.user, record))
        return held[0]

    for kind in kinds:
        number = issued.get(kind.code)
        available = kind.unavailable_reason(record) is None
        if not available and number is None:
            continue
        rows.append(
            {
                "kind": kind,
                "number": number,
                "available": available,
                "may_generate": available and document_services.may_generate(request.user, kind) and holds(),
            }
        )
    return DetailPanel(
        title="文书",
        template="web/generic/_documents.html",
        context={"rows": rows},
        key="documents",
    )


@login_required
@require_GET
def detail_view(request, slug, pk):
    spec = _spec_or_404(slug)
    record = spec.get_visible_or_404(request.user, pk)
    return render(request, "web/generic/detail.html", detail_context(request, spec, record))


@login_required
def transition_view(request, slug, pk, name):
    spec = _spec_or_404(slug)
    record = spec.get_visible_or_404(request.user, pk)
    if not isinstance(record, WorkflowModel):
        raise Http404("该记录没有办理程序。")
    try:
        transition = record.procedure.transition(name)
    except KeyError:
        raise Http404("没有这一操作。") from None
    if request.method == "GET":
        form = TransitionForm(
            transition=transition, user=request.user, initial={"expected_version": record.version}
        )
        return render(
            request,
            "web/generic/transition.html",
            {"spec": spec, "record": record, "t": transition, "form": form},
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])

    form = TransitionForm(request.POST, transition=transition, user=request.user)
    if not form.is_valid():
        context = detail_context(
            request,
            spec,
            record,
            open_transition=name,
            transition_form=form,
            error=f"“{transition.label}”未办理：请按提示修改后再提交。",
        )
        return render(request, "web/generic/detail.html", context, status=400)
    try:
        done = engine.perform(
            record,
            name,
            actor=request.user,
            data=form.data_for_engine(),
            expected_version=form.cleaned_data["expected_version"],
        )
    except engine.StaleRecord as exc:
        fresh = spec.get_visible_or_404(request.user, pk)
        return render(
            request,
            "web/generic/detail.html",
            detail_context(request, spec, fresh, error=exc.message),
            status=409,
        )
    except engine.TransitionError as exc:
        # Each refusal is said once: beside the field it concerns (the full sentence when one field
        # is at fault), with the page alert only pointing there; or, with no field to blame (a
        # guard), in the page alert alone.
        error = exc.message
        if exc.field_errors:
            only = len(exc.field_errors) == 1
            form.add_engine_errors({k: exc.message if only else v for k, v in exc.field_errors.items()})
            error = f"“{transition.label}”未办理：请按提示修改后再提交。"
        fresh = spec.get_visible_or_404(request.user, pk)
        context = detail_context(
            request, spec, fresh, open_transition=name, transition_form=form, error=error
        )
        status = 403 if isinstance(exc, engine.NotPermitted) else 400
        return render(request, "web/generic/detail.html", context, status=status)
    pending = getattr(done, "pending_approval", None)
    if pending is not None:
        messages.success(
            request, f"已提交“{transition.label}”，待{pending.approver}本人确认后生效；确认前本案不作变更。"
        )
    else:
        messages.success(request, f"已办理“{transition.label}”。")
    url = spec.detail_url(record)
    return htmx.redirect(url) if htmx.is_htmx(request) else redirect(url)


@login_required
@require_POST
def document_view(request, slug, pk, kind):
    """生成文书: number (once), render and attach the .docx; then back to the detail page."""
    spec = _spec_or_404(slug)
    record = spec.get_visible_or_404(request.user, pk)
    try:
        doc_kind = documents.get(kind)
    except documents.UnknownKind:
        raise Http404("没有这种文书。") from None
    if not doc_kind.applies_to(record):
        raise Http404("该记录没有这种文书。")
    try:
        attachment = document_services.document_generate(record=record, kind=doc_kind, actor=request.user)
    except document_services.DocumentError as exc:
        fresh = spec.get_visible_or_404(request.user, pk)
        status = 403 if isinstance(exc, document_services.DocumentNotPermitted) else 400
        return render(
            request,
            "web/generic/detail.html",
            detail_context(request, spec, fresh, error=exc.message),
            status=status,
        )
    messages.success(request, f"已生成“{attachment.filename}”，可在“附件”中下载。")
    return redirect(spec.detail_url(record) + "#documents")


# --- attachments -------------------------------------------------------------------------------


@login_required
@require_POST
def upload_view(request, slug, pk):
    spec = _spec_or_404(slug)
    if not spec.allows_attachments:
        raise Http404("该栏目不能上传附件。")
    record = spec.get_visible_or_404(request.user, pk)
    if not engine.may_attach(request.user, record):
        raise PermissionDenied("本单位不是该事项的承办单位，当前没有需要本单位上传材料的环节。")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        context = detail_context(request, spec, record, upload_form=form, error="附件未上传：请按提示修改。")
        return render(request, "web/generic/detail.html", context, status=400)
    attachment = attachment_upload(
        record=record, upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"], actor=request.user
    )
    messages.success(request, f"已上传“{attachment.filename}”（SHA-256：{attachment.sha256}）。")
    return redirect(spec.detail_url(record) + "#attachments")


@login_required
@require_GET
def download_view(request, pk):
    attachment = selectors.visible_attachment_or_404(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在。") from None
    # Every file downloads (never opens inline: issue 10 item 10); only a PDF or image whose bytes
    # are really of its type keeps its content type, anything else is octet-stream.
    head = handle.read(PDF_HEADER_WITHIN)
    handle.seek(0)
    typed = attachment.content_type in INLINE_TYPES and content_matches(attachment.filename, head)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type if typed else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
