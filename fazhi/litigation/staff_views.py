"""The 整改回复 of a 司法建议 / 检察建议 with its evidence, stored together (the other 行政应诉 forms
are declared in :mod:`fazhi.litigation.views` and served by the generic pages).

Only 承办人, 法制审核人员 and 分管领导 reach it, and only for records in their data scope: anyone
else gets a 404 (SECURITY.md 10).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fazhi.core.workflow.engine import TransitionError
from fazhi.litigation import forms, selectors, services
from fazhi.litigation.views import may_edit


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_reply_view(request, pk):
    if not may_edit(request.user):
        raise Http404("页面不存在。")
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
                form.add_error(None, getattr(exc, "message", None) or exc.messages)
            else:
                messages.success(request, f"已登记{rec.get_kind_display()}的整改回复及证明材料。")
                return redirect(reverse("web:detail", args=["judicial-recommendations", rec.pk]))
    else:
        form = forms.ReplyForm(
            recommendation=rec,
            initial={"reply": rec.reply, "replied_on": rec.replied_on, "expected_version": rec.version},
        )
    return render(
        request,
        "litigation/staff/form.html",
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
