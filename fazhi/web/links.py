"""The 关联事项 panel: on the detail page of every linkable record (fazhi.core.kit.links), the
matters linked to it that the reader may see, each leading to its own detail page."""

from __future__ import annotations

from fazhi.core.kit import links
from fazhi.web import registry
from fazhi.web.registry import DetailPanel


def links_panel(request, record) -> DetailPanel | None:
    if not links.is_linkable(record):
        return None
    rows = []
    for item in links.links_of(record, request.user):
        spec = registry.for_model(type(item.other))
        rows.append(
            {
                "relation": item.relation,
                "kind": item.kind_label,
                "type": item.other._meta.verbose_name,
                "text": str(item.other),
                "url": spec.detail_url(item.other) if spec is not None else "",
                "organisation": getattr(item.other, "organisation", None),
                "created_at": item.link.created_at,
            }
        )
    return DetailPanel(
        title="关联事项", template="web/generic/_links.html", context={"rows": rows}, key="links"
    )
