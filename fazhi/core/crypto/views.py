"""The 查看明文 route: POST a reason, get the plaintext back as a small htmx fragment."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fazhi.core.crypto import reveal as service
from fazhi.web.htmx import is_htmx


@never_cache
@login_required
@require_POST
def reveal_view(request, model: str, pk: int, field: str):
    reason = request.POST.get("reason", "")
    try:
        result = service.reveal(request.user, model, pk, field, reason)
    except service.RevealError as exc:
        # The masked value and the form again, with the message (htmx swaps only 2xx responses).
        record_model = service.revealable_model(model)
        context = {
            "item": {"label": model, "pk": pk, "field": field, "masked": ""},
            "error": exc.message,
            "reason": reason,
            "verbose_name": record_model._meta.get_field(field).verbose_name,
        }
        return render(request, "crypto/_reveal_form.html", context, status=200 if is_htmx(request) else 400)
    response = render(
        request,
        "crypto/_revealed.html",
        {"value": result.value, "verbose_name": result.field.verbose_name},
    )
    response["Cache-Control"] = "no-store"
    return response
