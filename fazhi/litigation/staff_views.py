"""Staff forms of 行政应诉 beyond the generic pages: register a lawsuit, add a hearing, record who
appeared, register a 司法建议 / 检察建议 and its reply; plus the panels these add to the generic
detail pages (``ListSpec.detail_panels``).

Only 承办人, 法制审核人员 and 分管领导 reach the forms, and only for records in their data scope:
anyone else gets a 404, so nothing discloses that a record exists (SECURITY.md 10).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from fazhi.core.models import RoleCode
from fazhi.core.workflow.engine import TransitionError
from fazhi.litigation import forms, selectors, services
from fazhi.litigation.models import HEAD_CAPACITIES, Appearance, JudicialRecommendation, Lawsuit
from fazhi.web import registry
from fazhi.web.registry import DetailPanel

STAFF_ROLES = (RoleCode.OFFICER, RoleCode.REVIEWER, RoleCode.LEADER)
STAFF_ROLE_CODES = tuple(str(r) for r in STAFF_ROLES)  # 承办人、法制审核人员、分管领导
HEAD_RULE = "最高人民法院《关于行政机关负责人出庭应诉若干问题的规定》第二条"


def may_edit(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(*STAFF_ROLES))


def _require_staff(user) -> None:
    if not may_edit(user):
        raise Http404("页面不存在。")


def _lawsuit_url(lawsuit: Lawsuit, anchor: str = "litigation") -> str:
    return reverse("web:detail", args=["lawsuits", lawsuit.pk]) + (f"#{anchor}" if anchor else "")


def _recommendation_url(rec: JudicialRecommendation) -> str:
    return reverse("web:detail", args=["judicial-recommendations", rec.pk])


def _apply_errors(form, exc: Exception) -> None:
    """Put a service's refusal on the form (field errors where they belong)."""
    if isinstance(exc, TransitionError):
        for name, message in exc.field_errors.items():
            form.add_error(name if name in form.fields else None, message)
        if not exc.field_errors:
            form.add_error(None, exc.message)
        return
    assert isinstance(exc, ValidationError)
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _render(request, template, context, *, status=200):
    return render(request, f"litigation/staff/{template}", context, status=status)


# --- lawsuit registration ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def lawsuit_register_view(request):
    _require_staff(request.user)
    try:
        rows = int(request.GET.get("rows", forms.PLAINTIFF_ROWS))
    except ValueError:
        rows = forms.PLAINTIFF_ROWS
    if request.method == "POST":
        form = forms.LawsuitForm(request.POST, user=request.user)
        plaintiffs = forms.plaintiff_formset(request.POST)
        if form.is_valid() & plaintiffs.is_valid():
            try:
                lawsuit = services.lawsuit_register(
                    actor=request.user, plaintiffs=plaintiffs.parties(), **form.service_fields()
                )
            except (ValidationError, TransitionError) as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, f"已登记行政诉讼案件“{lawsuit.case_number}”。")
                return redirect(_lawsuit_url(lawsuit, ""))
        status = 400
    else:
        form = forms.LawsuitForm(user=request.user)
        plaintiffs = forms.plaintiff_formset(rows=rows)
        status = 200
    return _render(
        request,
        "lawsuit_form.html",
        {"form": form, "plaintiffs": plaintiffs, "more_rows": len(plaintiffs.forms) + 1},
        status=status,
    )


# --- hearings and appearances ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def hearing_add_view(request, pk):
    _require_staff(request.user)
    lawsuit = selectors.lawsuit_get(request.user, pk)
    form = forms.HearingForm(_posted(request), lawsuit=lawsuit)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                hearing = services.hearing_schedule(
                    lawsuit=lawsuit,
                    actor=request.user,
                    hearing_on=d["hearing_on"],
                    hearing_time=d["hearing_time"],
                    court_room=d["court_room"].strip(),
                    remind_on=d["remind_on"],
                    summoned_head=d["summoned_head"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"已登记开庭：{hearing.hearing_on:%Y-%m-%d}，将于{hearing.remind_on:%Y-%m-%d}起提醒。",
                )
                return redirect(_lawsuit_url(lawsuit))
    return _render(
        request,
        "form.html",
        {"form": form, "lawsuit": lawsuit, "title": "登记开庭", "submit": "保存开庭信息"},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def appearance_add_view(request, pk, hearing_pk):
    _require_staff(request.user)
    lawsuit = selectors.lawsuit_get(request.user, pk)
    hearing = selectors.hearing_get(request.user, lawsuit, hearing_pk)
    form = forms.AppearanceForm(_posted(request), hearing=hearing)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                appearance = services.appearance_record(
                    hearing=hearing,
                    actor=request.user,
                    person_name=d["person_name"].strip(),
                    position=d["position"],
                    capacity=d["capacity"],
                    spoke=d["spoke"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                counted = "计入负责人出庭" if appearance.counts_as_head else "不计入负责人出庭"
                messages.success(request, f"已登记出庭人员“{appearance.person_name}”（{counted}）。")
                return redirect(_lawsuit_url(lawsuit))
    return _render(
        request,
        "form.html",
        {
            "form": form,
            "lawsuit": lawsuit,
            "hearing": hearing,
            "title": f"登记出庭人员（{hearing.hearing_on:%Y-%m-%d}开庭）",
            "submit": "保存出庭情况",
            "head_rule": HEAD_RULE,
        },
        status=400 if form.is_bound else 200,
    )


# --- recommendations ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_add_view(request, pk=None):
    _require_staff(request.user)
    lawsuit = selectors.lawsuit_get(request.user, pk) if pk is not None else None
    form = forms.RecommendationForm(_posted(request), user=request.user, lawsuit=lawsuit)
    if request.method == "POST":
        if form.is_valid():
            try:
                rec = services.recommendation_register(actor=request.user, **form.service_fields())
            except (ValidationError, TransitionError) as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"已登记{rec.get_kind_display()}，整改回复期限为{rec.rectification_deadline:%Y-%m-%d}。",
                )
                return redirect(_lawsuit_url(lawsuit) if lawsuit is not None else _recommendation_url(rec))
    return _render(
        request,
        "form.html",
        {"form": form, "lawsuit": lawsuit, "title": "登记司法建议或检察建议", "submit": "保存"},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_reply_view(request, pk):
    _require_staff(request.user)
    rec = selectors.recommendation_get(request.user, pk)
    if request.method == "POST":
        form = forms.ReplyForm(request.POST, request.FILES, recommendation=rec)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.recommendation_reply_with_evidence(
                    recommendation=rec,
                    actor=request.user,
                    reply=d["reply"],
                    replied_on=d["replied_on"],
                    evidence=d["file"],
                    kind=d["kind"],
                    expected_version=d["expected_version"],
                )
            except (ValidationError, TransitionError) as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, f"已登记{rec.get_kind_display()}的整改回复及证明材料。")
                return redirect(_recommendation_url(rec))
    else:
        form = forms.ReplyForm(
            recommendation=rec,
            initial={"reply": rec.reply, "replied_on": rec.replied_on, "expected_version": rec.version},
        )
    return _render(
        request,
        "form.html",
        {
            "form": form,
            "lawsuit": rec.lawsuit,
            "recommendation": rec,
            "title": f"登记整改回复：{rec}",
            "submit": "保存回复",
            "multipart": True,
        },
        status=400 if form.is_bound else 200,
    )


# --- detail page panels ------------------------------------------------------------------------


def appearance_verdict(appearance: Appearance) -> str:
    if appearance.counts_as_head:
        return "计入负责人出庭"
    return "不计入负责人出庭"


def lawsuit_panel(request, record: Lawsuit) -> DetailPanel:
    """庭审、出庭和建议 on a lawsuit's detail page (the record was fetched through the user's scope)."""
    user = request.user
    hearings = []
    for h in selectors.hearing_list(user, record):
        appearances = [{"a": a, "head": a.counts_as_head} for a in h.appearances.all()]
        hearings.append({"h": h, "appearances": appearances, "head": any(a["head"] for a in appearances)})
    recs = list(selectors.lawsuit_recommendations(user, record))
    spec = registry.for_model(JudicialRecommendation)
    return DetailPanel(
        title="庭审、出庭和司法建议",
        template="litigation/staff/_lawsuit_panel.html",
        key="litigation",
        context={
            "hearings": hearings,
            "head_appeared": any(h["head"] for h in hearings),
            "today": timezone.localdate(),
            "recommendations": [{"r": r, "url": spec.detail_url(r) if spec else ""} for r in recs],
            "may_edit": may_edit(user),
            "head_rule": HEAD_RULE,
            "head_capacities": sorted(str(c.label) for c in HEAD_CAPACITIES),
        },
    )


def recommendation_panel(request, record: JudicialRecommendation) -> DetailPanel:
    return DetailPanel(
        title="整改回复",
        template="litigation/staff/_recommendation_panel.html",
        key="reply",
        context={"r": record, "may_edit": may_edit(request.user)},
    )
