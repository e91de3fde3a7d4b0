"""待确认: moves that need a second person's confirmation (e.g. 延期审理, 行政复议法第六十二条:
经行政复议机构负责人批准). The named approver sees each on their 待办 and confirms or refuses it on
``/staff/approvals/<id>/`` in their own session; nobody else reaches that page (404). The rule and
the records live in the engine (:func:`fazhi.core.workflow.engine.confirm`, ``refuse``)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fazhi.core import access
from fazhi.core.calendar import services as clocks
from fazhi.core.models import User
from fazhi.core.workflow import engine, registry
from fazhi.core.workflow.models import PendingApproval
from fazhi.web import registry as pages
from fazhi.web.dashboard_sources import DashboardItem, register_dashboard_source


def _record(user, approval: PendingApproval):
    model = approval.subject_type.model_class()
    return access.visible(user, model).filter(pk=approval.subject_id).first()


def _due(record, approval: PendingApproval, today: dt.date) -> dt.date:
    t = registry.get(approval.procedure).transition(approval.transition)
    code = t.extend_clock
    clock = clocks.clocks_for(record).filter(code=code).first() if code else None
    return (clock.due_date if clock is not None and clock.due_date else None) or today


@register_dashboard_source
def approvals_waiting(user, today: dt.date) -> list[DashboardItem]:
    items = []
    for approval in engine.pending_approvals_for(user)[:50]:
        record = _record(user, approval)
        if record is None:
            continue
        due = _due(record, approval, today)
        items.append(
            DashboardItem(
                title=f"{record}：{approval.label}待您确认",
                url=reverse("web:approval", args=[approval.pk]),
                due_date=due,
                kind_label="待确认",
                overdue=due < today,
                note=f"{approval.requested_by}申请，须由您本人确认后生效",
            )
        )
    return items


def _shown(t, found: PendingApproval) -> list[tuple[str, str]]:
    """What was asked, as the form read: choices by their labels, the date a confirmation sets
    said so, empty optional inputs left out."""
    rows = []
    for f in t.fields:
        if f.name == t.approval.field:
            continue
        value = found.data.get(f.name)
        if f.name == t.date_field and t.approval.dated_on_confirmation:
            value = "以您确认之日为准"
        elif f.kind == "choice":
            value = dict(f.choices).get(value, value)
        elif f.kind == "user" and value:
            value = str(User.objects.filter(pk=value).first() or value)
        if value in (None, "") and not f.required:
            continue
        rows.append((f.label, value))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def approval(request, pk: int):
    found = (
        PendingApproval.objects.select_related("requested_by", "approver", "subject_type")
        .filter(pk=pk)
        .first()
    )
    if found is None or found.approver_id != request.user.pk:
        raise Http404("页面不存在。")
    record = _record(request.user, found)
    if record is None:
        raise Http404("页面不存在。")
    spec = pages.for_model(type(record))
    detail_url = spec.detail_url(record) if spec is not None else ""
    error, status = "", 200
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "confirm":
                engine.confirm(found, actor=request.user)
                messages.success(request, f"已确认“{found.label}”，已生效。")
            elif decision == "refuse":
                engine.refuse(found, actor=request.user, note=request.POST.get("note", ""))
                messages.success(request, f"已拒绝“{found.label}”，本案未作任何变更。")
            else:
                raise engine.ApprovalRefused("请选择确认或拒绝。")
        except engine.TransitionError as exc:
            error, status = exc.message, 400
        else:
            return redirect(detail_url or reverse("web:dashboard"))
    t = registry.get(found.procedure).transition(found.transition)
    shown = _shown(t, found)
    return render(
        request,
        "web/approval.html",
        {"a": found, "record": record, "detail_url": detail_url, "shown": shown, "error": error, "t": t},
        status=status,
    )
