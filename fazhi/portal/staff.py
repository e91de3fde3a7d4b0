"""网上收件 (``/staff/online-applications/``): applications submitted on the portal, waiting to be
registered (issue 10 item 8; docs/security.md 48). An officer of the body addressed registers one — the
domain's registration takes the official 案号 — or discards it (不予登记) with a reason; both are
audited, and a discarded one leaves the waiting list and 待办 having used no 案号.

Identifiers typed by the applicant are shown masked here; once registered, the record's own screens
decide what staff see (查看明文 with a reason, docs/security.md 11). Roles come from the portal's
``Application.staff_roles`` and data scope from the organisation the application was addressed to;
anyone else gets a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from fazhi.core import access
from fazhi.core.audit import services as audit
from fazhi.core.masking import mask_address, mask_id_number, mask_phone
from fazhi.portal import intake as intakes
from fazhi.portal.models import DiscardReason, IntakeFile, IntakeStatus, OnlineApplication
from fazhi.web import registry
from fazhi.web.registry import Section

PAGE_SIZE = 20
TABS = {
    IntakeStatus.PENDING.value: "待登记",
    IntakeStatus.DISCARDED.value: "不予登记",
    IntakeStatus.REGISTERED.value: "已登记",
}
_MASKERS = {"id_number": mask_id_number, "phone": mask_phone, "address": mask_address}


class IntakeSection(Section):
    def allowed(self, user) -> bool:
        return any(intakes.may_handle(user, p) for p in intakes.portals())


registry.register_section(
    IntakeSection(key="online-applications", title="网上收件", url="web:online-applications", order=15)
)


def _handled_scopes(user) -> list[str]:
    return [p.scope for p in intakes.portals() if intakes.may_handle(user, p)]


def _shown_fields(portal, intake: OnlineApplication) -> list[tuple[str, str]]:
    """(label, value) of what the applicant typed, identifiers masked, choices by their labels."""
    form = portal.application.form()
    data = intake.data
    rows = []
    for name, field in form.fields.items():
        raw = data.get(name, "")
        value = str(raw)
        choices = dict((str(k), v) for k, v in getattr(field, "choices", ()) or ())
        if value in choices:
            value = str(choices[value])
        if name in portal.application.sensitive_fields and value:
            masker = _MASKERS.get(name)
            value = masker(value) if masker else "***"
        rows.append((str(field.label), value))
    return rows


def _record_url(intake: OnlineApplication) -> str:
    if intake.record_type_id is None:
        return ""
    spec = registry.for_model(intake.record_type.model_class())
    return reverse("web:detail", args=[spec.slug, intake.record_id]) if spec else ""


@login_required
@require_GET
def intake_list(request):
    scopes = _handled_scopes(request.user)
    if not scopes:
        raise Http404("页面不存在。")
    status = request.GET.get("status") or IntakeStatus.PENDING
    if status not in TABS:
        status = IntakeStatus.PENDING
    visible = access.visible(request.user, OnlineApplication).filter(scope__in=scopes)
    qs = (
        visible.filter(status=status)
        .select_related("organisation", "record_type", "decided_by")
        .prefetch_related("files")
    )
    qs = (
        qs.order_by("received_at", "id")
        if status == IntakeStatus.PENDING
        else qs.order_by("-decided_at", "-id")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    items = []
    for intake in page:
        portal = intakes.portal_for(intake.scope)
        items.append(
            {
                "intake": intake,
                "portal": portal,
                "fields": _shown_fields(portal, intake),
                "deadline": intakes.review_deadline(portal, intake),
                "article": (portal.application.review_period or (0, "", ""))[2],
                "record_url": _record_url(intake),
                "files": list(intake.files.all()),
            }
        )
    counts = {s: visible.filter(status=s).count() for s in TABS}
    return render(
        request,
        "portal/staff/intake_list.html",
        {
            "status": status,
            "tabs": [(s, label, counts[s]) for s, label in TABS.items()],
            "page": page,
            "items": items,
            "reasons": DiscardReason.choices,
        },
    )


def _target(request, pk: int):
    intake = OnlineApplication.objects.filter(pk=pk).only("scope").first()
    portal = intakes.portal_for(intake.scope) if intake else None
    if portal is None or not intakes.may_handle(request.user, portal):
        raise Http404("页面不存在。")
    if not access.visible(request.user, OnlineApplication).filter(pk=pk).exists():
        raise Http404("记录不存在或您无权查看。")
    return portal, intake


def _back(status=IntakeStatus.PENDING):
    return redirect(f"{reverse('web:online-applications')}?{urlencode({'status': status})}")


@login_required
@require_POST
def register_view(request, pk: int):
    portal, intake = _target(request, pk)
    try:
        record = intakes.register(portal, intake, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "未登记：" + "；".join(exc.messages))
        return _back()
    spec = registry.for_model(type(record))
    messages.success(request, f"已登记：{record}（原收件编号 {intake.receipt_number}）")
    return redirect(spec.detail_url(record)) if spec else _back(IntakeStatus.REGISTERED)


@login_required
@require_POST
def discard_view(request, pk: int):
    portal, intake = _target(request, pk)
    try:
        intakes.discard(
            portal,
            intake,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, "未处理：" + "；".join(exc.messages))
        return _back()
    messages.success(request, f"已作不予登记处理：{intake.receipt_number}，未占用案号。")
    return _back(IntakeStatus.DISCARDED)


@login_required
@require_GET
def file_view(request, pk: int, file_pk: int):
    """A file the applicant attached, to staff who may handle the application (never to the public);
    always downloaded, never shown inline (as the attachments, issue 10 item 10)."""
    _portal, intake = _target(request, pk)
    row = IntakeFile.objects.filter(pk=file_pk, application_id=intake.pk).first()
    if row is None:
        raise Http404("文件不存在。")
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在。") from None
    audit.record(
        "portal.intake.file_download",
        obj=intake,
        user=request.user,
        detail={"receipt_number": intake.receipt_number, "file": row.pk},
    )
    response = FileResponse(
        handle, as_attachment=True, filename=row.filename, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
