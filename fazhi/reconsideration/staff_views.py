"""Staff pages of 行政复议 beyond the generic list/detail: registering an application received in
person, by post or orally (登记收件, 2023 《行政复议法》第二十二条、第三十条).

Only 承办人 and 法制审核人员 reach the form; anyone else gets a 404 (SECURITY.md 10). The case is
registered in the user's own organisation through ``reconsideration_case_register``, which numbers
it, records the applicant and the respondent, and starts the 5 个工作日 acceptance review.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fazhi.core.workflow.engine import TransitionError
from fazhi.reconsideration import services
from fazhi.reconsideration.forms import CaseRegisterForm
from fazhi.reconsideration.models import PartyKind, PartyRole

REGISTER_ROLES = ("officer", "reviewer")


def may_register(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_role(*REGISTER_ROLES)
        and getattr(user, "organisation_id", None)
    )


def _form_errors(form: CaseRegisterForm, exc: Exception) -> None:
    if isinstance(exc, TransitionError):
        for name, message in exc.field_errors.items():
            form.add_error(name if name in form.fields else None, message)
        if not exc.field_errors:
            form.add_error(None, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_http_methods(["GET", "POST"])
def case_register_view(request):
    user = request.user
    if not may_register(user):
        raise Http404("页面不存在。")
    form = CaseRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        respondent = {"role": PartyRole.RESPONDENT, "kind": PartyKind.ORGANISATION}
        try:
            with transaction.atomic():
                case = services.reconsideration_case_register(
                    actor=user,
                    organisation=user.organisation,
                    parties=[form.party(), {**respondent, "name": form.cleaned_data["respondent_name"]}],
                    **form.case_fields(),
                )
        except (ValidationError, TransitionError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"已登记行政复议申请，案号：{case.case_number}。")
            return redirect(reverse("web:detail", args=["reconsideration", case.pk]))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reconsideration/staff/register.html",
        {"form": form, "organisation": user.organisation},
        status=status,
    )
