"""A detail-page panel listing a record's related people with their identifiers masked, the
查看明文 form for roles that may see them, and its route: POST a reason, get the plaintext back as a
small htmx fragment (docs/security.md 11). The service is :mod:`fazhi.core.crypto.reveal`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fazhi.core.crypto import reveal as service
from fazhi.core.crypto.fields import encrypted_fields
from fazhi.core.crypto.reveal import masked, may_reveal
from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.web.htmx import is_htmx
from fazhi.web.registry import Column, DetailPanel


def parties_column(relation: str = "parties", label: str = "当事人") -> Column:
    """A detail-page line naming a record's parties — “申请人：张三（110105********2X，138****5678）；
    第三人：…” — with the 身份证号 and phone masked on screen (docs/security.md 11); an organisation's
    统一社会信用代码 (a separate ``uscc`` column) is no personal data and shown in full."""

    def value(record) -> str:
        parts = []
        for p in getattr(record, relation).all():
            ident = (
                mask_id_number(p.id_number, keep_head=6, keep_tail=2)
                if p.id_number
                else getattr(p, "uscc", "")
            )
            phone = f"，{mask_phone(p.phone)}" if p.phone else ""
            parts.append(
                f"{p.get_role_display()}：{p.name}" + (f"（{ident}{phone}）" if ident or phone else "")
            )
        return "；".join(parts)

    return Column(relation, label, value=value)


def personal_data_panel(relation: str, title: str = "当事人个人信息", key: str = "personal-data"):
    """``relation``: the reverse accessor of the related model (e.g. ``"parties"``)."""

    def panel(request, record) -> DetailPanel | None:
        rows = []
        for obj in getattr(record, relation).all():
            cells = []
            for field in encrypted_fields(type(obj)):
                value = getattr(obj, field.attname) or ""
                cells.append(
                    {
                        "verbose_name": field.verbose_name,
                        "item": {
                            "label": obj._meta.label_lower,
                            "pk": obj.pk,
                            "field": field.name,
                            "masked": masked(field.name, value),
                        },
                        "empty": not value,
                    }
                )
            rows.append({"obj": obj, "cells": cells})
        if not rows:
            return None
        return DetailPanel(
            title=title,
            template="crypto/_panel.html",
            key=key,
            context={"rows": rows, "hide_form": not may_reveal(request.user)},
        )

    return panel


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
            "reveal_error": exc.message,
            "reveal_reason": reason,
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
