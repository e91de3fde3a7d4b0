"""The staff screen for Excel import (issue #2 item 4): template download, upload, row errors.

``/staff/import/`` lists the import kinds the user may use (by the kind's ``roles``,
:mod:`fazhi.core.excel.permissions`); each has a downloadable template and an upload form. An upload
runs :func:`fazhi.core.excel.run_import`, which saves every row or none, and the page shows either
the summary (with, for staff accounts, the initial passwords — once, never stored in clear, never
put in a message, a log or the session) or every row error in a table.

A file larger than :data:`JOB_THRESHOLD_BYTES` is imported as a background job (ADR 0008,
:mod:`fazhi.web.tasks`): the upload answers at once with a redirect to the job's progress page
(:mod:`fazhi.web.jobs`). The staff account import always runs at once — its initial passwords are
shown once on the answer page and never stored, so they cannot wait in a job's result.

A kind the user may not use is a 404, exactly like one that does not exist, so its existence is not
disclosed (docs/security.md 10).

(This module holds views, not import kinds: ``autodiscover_modules("imports")`` imports it too,
and finds nothing to register.)
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from fazhi.core import excel
from fazhi.core.excel import permissions
from fazhi.core.excel.reader import unpacked_size
from fazhi.core.excel.spec import ImportKind
from fazhi.web.registry import Section

MAX_IMPORT_BYTES = 10 * 1024 * 1024
# Above this size an import runs as a background job with a progress page (several thousand rows).
JOB_THRESHOLD_BYTES = 512 * 1024
# ... or above this size unpacked: a small .xlsx can hold a large sheet (issue 10 item 7).
JOB_THRESHOLD_UNPACKED_BYTES = 5 * 1024 * 1024
# Kinds that issue initial passwords: shown once on the answer page, so never queued.
IMMEDIATE_KINDS = frozenset({"staff"})
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportSection(Section):
    """The "数据导入" nav entry: shown to whoever may use at least one import kind."""

    def allowed(self, user) -> bool:
        return bool(permissions.kinds_for(user))


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Excel文件",
        error_messages={
            "required": "请选择要导入的Excel文件。",
            "empty": "上传的文件是空的。",
            "invalid": "没有收到文件，请重新选择后上传。",
            "missing": "没有收到文件，请重新选择后上传。",
        },
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
        help_text="只接受 .xlsx 格式，文件不超过10MB。请使用本页下载的导入模板填写。",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = PurePath(upload.name or "").name
        if PurePath(name).suffix.lower() != ".xlsx":
            raise forms.ValidationError(
                "只能导入 .xlsx 格式的Excel文件。如是 .xls 或 .csv 文件，请用Excel另存为 .xlsx 后再导入。"
            )
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("文件不能超过10MB，请分成多个文件导入。")
        return upload


def _kind_or_404(user, name: str) -> ImportKind:
    kind = permissions.kind_for(user, name)
    if kind is None:
        raise Http404("没有这个导入类型。")
    return kind


def _card(kind: ImportKind, form: ImportForm | None = None) -> dict:
    return {"kind": kind, "form": form or ImportForm(auto_id=f"id_{kind.name}_%s")}


@login_required
@require_GET
def index_view(request):
    cards = [_card(kind) for kind in permissions.kinds_for(request.user)]
    return render(request, "web/imports/index.html", {"cards": cards, "max_mb": MAX_IMPORT_BYTES // 2**20})


@login_required
@require_GET
def template_view(request, kind):
    kind = _kind_or_404(request.user, kind)
    response = HttpResponse(excel.template_bytes(kind), content_type=XLSX_TYPE)
    # filename*=utf-8''… so the Chinese file name survives every browser.
    response["Content-Disposition"] = content_disposition_header(True, excel.template_filename(kind))
    return response


@login_required
def kind_view(request, kind):
    kind = _kind_or_404(request.user, kind)
    if request.method == "GET":
        return render(request, "web/imports/kind.html", {"card": _card(kind), "result": None})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])

    form = ImportForm(request.POST, request.FILES, auto_id=f"id_{kind.name}_%s")
    if not form.is_valid():
        context = {"card": _card(kind, form), "result": None}
        return render(request, "web/imports/kind.html", context, status=400)
    upload = form.cleaned_data["file"]
    large = upload.size > JOB_THRESHOLD_BYTES or (unpacked_size(upload) or 0) > JOB_THRESHOLD_UNPACKED_BYTES
    if large and kind.name not in IMMEDIATE_KINDS:
        from fazhi.web import tasks

        run = tasks.submit_import(
            kind=kind, upload=upload, filename=PurePath(upload.name).name, actor=request.user
        )
        return redirect("web:import-job", pk=run.pk)
    upload.seek(0)
    result = excel.run_import(kind, upload, actor=request.user)
    context = {
        "card": _card(kind),
        "result": result,
        "filename": PurePath(upload.name).name,
    }
    response = render(request, "web/imports/kind.html", context, status=200 if result.ok else 400)
    # The page may carry initial passwords: no browser or proxy may keep a copy.
    add_never_cache_headers(response)
    return response
