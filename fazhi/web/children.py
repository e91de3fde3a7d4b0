"""A panel on a record's detail page listing the records of another page that belong to it — the
意见书 and 附带审查 made in a 行政复议 case — with the button that makes a new one for it. Declared
on the parent's ``ListSpec(detail_panels=(children_panel("reconsideration-opinions", "case"),))``;
rows come through the child page's own data scope and columns."""

from __future__ import annotations

from collections.abc import Callable

from fazhi.web import registry
from fazhi.web.registry import DetailPanel

SHOWN = 50  # a case has a handful; more go to the child page's list, filtered by search


def children_panel(
    slug: str, fk: str, *, title: str = "", may_add: Callable[[object, object], bool] | None = None
) -> Callable:
    """The records of page ``slug`` whose ``fk`` is the record shown, in that page's columns (less
    the one naming the parent), each linking to its detail; a create button with ``fk`` filled in
    for a user who may create there — and, with ``may_add(user, parent)``, only when that says the
    parent takes one now (the rule the child's own ``clean`` enforces, so no button leads to a
    refusal). No panel when there is neither a row nor a button."""

    def panel(request, record) -> DetailPanel | None:
        from fazhi.web.generic import cell, row_html

        spec = registry.get(slug)
        columns = [c for c in spec.column_list if c.name != fk and not c.name.startswith(f"{fk}__")]
        records = list(
            spec.visible(request.user)
            .filter(**{fk: record})
            .select_related(*spec.related())
            .order_by(*spec.ordering, "-pk")[:SHOWN]
        )
        new_url = spec.create_url_for(request.user, **{fk: record.pk})
        if new_url and may_add is not None and not may_add(request.user, record):
            new_url = ""
        if not records and not new_url:
            return None
        detail_url, labels = spec.detail_url_maker(), {}
        rows = [
            {
                "url": detail_url(obj),
                "cells": row_html(cell(spec, obj, c, detail_url, labels) for c in columns),
            }
            for obj in records
        ]
        return DetailPanel(
            title=title or spec.title,
            template="web/generic/_children.html",
            key=slug,
            context={
                "headers": [c.label for c in columns],
                "rows": rows,
                "new_url": new_url,
                "new_label": spec.form.create_label if spec.form else "",
                "list_url": spec.url(),
            },
        )

    return panel
