"""A detail-page panel listing a record's related people with their identifiers masked, and the
查看明文 form for roles that may see them (SECURITY.md 11)."""

from __future__ import annotations

from fazhi.core.crypto.fields import encrypted_fields
from fazhi.core.crypto.reveal import masked, may_reveal
from fazhi.web.registry import DetailPanel


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
