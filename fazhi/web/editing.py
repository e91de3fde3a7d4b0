"""The generic create and edit pages (``web:create``, ``web:edit``) of a ``ListSpec`` with a ``form``.

Who may: ``FormSpec.create_roles`` and ``FormSpec.editable`` (role → states); anyone else — and
anyone for a record outside their data scope — gets a 404, so nothing discloses that a record
exists (docs/security.md 10). Writes go through :mod:`fazhi.core.records` only; status never appears on
a form. A refused write shows its Chinese message on the form with everything typed kept.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fazhi.core import records
from fazhi.core.workflow.engine import StaleRecord, TransitionError
from fazhi.web import htmx
from fazhi.web.formspec import FormSpec, record_form_class, row_formset_class
from fazhi.web.generic import _spec_or_404

NOT_FOUND = "页面不存在。"


def _form_spec(slug):
    spec = _spec_or_404(slug)
    if spec.form is None:
        raise Http404(NOT_FOUND)
    return spec, spec.form


def _build(spec, fs: FormSpec, request, *, record=None):
    editing = record is not None
    names = list(fs.edit_fields if editing and fs.edit_fields is not None else fs.field_names)
    scoped = any(f.name == "organisation" for f in spec.model._meta.concrete_fields)
    if not editing and scoped and fs.organisation == "choose" and "organisation" not in names:
        names.insert(0, "organisation")
    if editing and "organisation" in names:
        names.remove("organisation")  # a record does not change hands on its edit page
    data = request.POST if request.method == "POST" else None
    form_cls = record_form_class(spec.model, fs, names)
    # A copy: validation writes onto the instance, and the record shown must stay as stored.
    instance = copy.copy(record) if editing else spec.model()
    # Links can be pre-filled from the address (e.g. ?lawsuit=12 from the lawsuit's page).
    initial = {n: request.GET[n] for n in names if n in request.GET and not editing}
    form = form_cls(data, spec=fs, user=request.user, record=record, instance=instance, initial=initial)
    if editing:
        for name in fs.locked_fields(request.user, record):
            if name in form.fields:
                form.fields[name].disabled = True
                form.fields[name].help_text = "您在当前办理状态下不能修改此项。"
    if not editing and scoped and fs.organisation == "own":
        form.instance.organisation = request.user.organisation
    inlines = []
    for inline in fs.inlines:
        if inline.on_edit_page if editing else inline.on_create_page:
            try:
                more = max(0, min(int(request.GET.get(f"{inline.name}_rows", 0)), inline.max))
            except ValueError:
                more = 0
            cls = row_formset_class(spec.model, inline, editing=editing, more=more)
            formset = cls(data, instance=instance, prefix=inline.name)
            formset.more = more
            inlines.append(formset)
    return form, inlines, names


def _apply_errors(form, inlines, exc: Exception) -> None:
    """Put a refusal from the write on the form: field errors where they belong."""
    if isinstance(exc, TransitionError):
        placed = False
        for name, message in exc.field_errors.items():
            if name in form.fields:
                form.add_error(name, message)
                placed = True
        if not placed:
            form.add_error(None, exc.message)
        return
    by_inline = {i.prefix: i for i in inlines}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, errors in exc.message_dict.items():
        prefix, _, rest = key.partition("-")
        if prefix in by_inline and rest:
            index, _, fname = rest.partition("-")
            rows = by_inline[prefix].forms
            row = rows[int(index)] if index.isdigit() and int(index) < len(rows) else None
            if row is not None:
                row.add_error(fname if fname in row.fields else None, errors)
                continue
        form.add_error(key if key in form.fields else None, errors)


def _rows(inlines) -> dict:
    return {
        fs.prefix: records.Rows(
            model=fs.inline.model,
            fk=fs.inline.fk,
            rows=fs.rows(),
            fixed=fs.inline.fixed,
            label=fs.inline.row_name,
        )
        for fs in inlines
    }


def _render(request, spec, fs, form, inlines, *, record=None, status=200, error=""):
    title = (
        f"编辑：{record}"
        if record is not None
        else (fs.create_title or f"新建{spec.model._meta.verbose_name}")
    )
    sections = []
    for section in fs.sections:
        fields = [form[n] for n in section.fields if n in form.fields]
        if fields:
            sections.append({"title": section.title, "help": section.help, "fields": fields})
    shown = {n for s in fs.sections for n in s.fields}
    rest = [form[n] for n in form.fields if n not in shown and n != "expected_version"]
    inputs = {*fs.extra, *fs.edit_extra} if fs.extra_title else set()  # else with the rest, on top
    extras = [f for f in rest if f.name in inputs]
    rest = [f for f in rest if f.name not in inputs]
    if rest:
        sections.insert(0 if "organisation" in form.fields else len(sections), {"title": "", "fields": rest})
    if extras:
        sections.append({"title": fs.extra_title, "fields": extras})
    return render(
        request,
        "web/generic/form.html",
        {
            "spec": spec,
            "fs": fs,
            "form": form,
            "sections": sections,
            "inlines": inlines,
            "record": record,
            "title": title,
            "error": error,
            "has_errors": bool(form.errors or any(i.total_error_count() for i in inlines)),
        },
        status=status,
    )


def _valid(form, inlines) -> bool:
    ok = form.is_valid()
    for formset in inlines:
        ok = formset.is_valid() and ok
    return ok


@login_required
@require_http_methods(["GET", "POST"])
def create_view(request, slug):
    spec, fs = _form_spec(slug)
    if not fs.may_create(request.user, spec.model):
        raise Http404(NOT_FOUND)
    form, inlines, names = _build(spec, fs, request)
    if request.method == "GET":
        return _render(request, spec, fs, form, inlines)
    if _valid(form, inlines):
        organisation = (
            form.cleaned_data["organisation"] if "organisation" in form.fields else request.user.organisation
        )
        try:
            with transaction.atomic():
                record = records.record_create(
                    spec.model,
                    actor=request.user,
                    organisation=organisation,
                    data=form.model_data(names),
                    rows=_rows(inlines),
                )
                if fs.on_create is not None:
                    fs.on_create(record, form, request.user)
        except (ValidationError, TransitionError) as exc:
            _apply_errors(form, inlines, exc)
        else:
            messages.success(
                request,
                fs.success(record) if fs.success else f"已登记{spec.model._meta.verbose_name}“{record}”。",
            )
            url = spec.detail_url(record)
            return htmx.redirect(url) if htmx.is_htmx(request) else redirect(url)
    return _render(request, spec, fs, form, inlines, status=400, error="未保存：请按提示修改后再提交。")


@login_required
@require_http_methods(["GET", "POST"])
def edit_view(request, slug, pk):
    spec, fs = _form_spec(slug)
    record = spec.get_visible_or_404(request.user, pk)
    if not fs.may_edit(request.user, record):
        raise Http404(NOT_FOUND)
    form, inlines, names = _build(spec, fs, request, record=record)
    if request.method == "GET":
        return _render(request, spec, fs, form, inlines, record=record)
    expected = None
    if "expected_version" in form.fields:
        if form.is_valid() or "expected_version" not in form.errors:
            expected = form.cleaned_data.get("expected_version")
        if expected is None:
            form.add_error(None, "页面已过期，请刷新页面后重新填写。")
    if _valid(form, inlines) and (expected is not None or "expected_version" not in form.fields):
        try:
            with transaction.atomic():
                records.record_update(
                    record,
                    actor=request.user,
                    data=form.model_data(names),
                    expected_version=expected,
                    rows=_rows(inlines),
                )
                if fs.on_update is not None:
                    fs.on_update(record, form, request.user)
        except StaleRecord as exc:
            return _render(request, spec, fs, form, inlines, record=record, status=409, error=exc.message)
        except (ValidationError, TransitionError) as exc:
            _apply_errors(form, inlines, exc)
        else:
            messages.success(request, f"已保存“{record}”的修改。")
            url = spec.detail_url(record)
            return htmx.redirect(url) if htmx.is_htmx(request) else redirect(url)
    return _render(
        request, spec, fs, form, inlines, record=record, status=400, error="未保存：请按提示修改后再提交。"
    )
