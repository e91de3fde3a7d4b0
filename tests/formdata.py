"""What a browser would post back from a generic create/edit page, unchanged (tests then change
what the user would type)."""

from __future__ import annotations

import datetime as dt


def _value(bound) -> str | None:
    value = bound.value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(getattr(value, "pk", value))


def _form(form) -> dict:
    out = {}
    for bound in form:
        value = _value(bound)
        if value is not None:
            out[bound.html_name] = value
    return out


def page_data(response, **changes) -> dict:
    """The fields of ``response``'s form and inline rows as shown, then ``changes`` applied."""
    ctx = response.context
    data = _form(ctx["form"])
    for formset in ctx["inlines"]:
        data.update(_form(formset.management_form))
        for form in formset.forms:
            data.update(_form(form))
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
