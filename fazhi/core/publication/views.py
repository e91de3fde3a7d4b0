"""Staff pages for publications: the review queue (待审核) with the redacted preview, and what is
published or withdrawn. Approval: ``services.approve`` (``uv run fazhi publication approve``)."""

from __future__ import annotations

from fazhi.core.publication.models import Publication
from fazhi.web import registry
from fazhi.web.registry import ChoiceFilter, Column, DateRangeFilter, ListSpec, OrgFilter


def _findings(pub: Publication) -> str:
    if not pub.findings:
        return "—"
    return "；".join(f"{f['field']}：{f['label']}" for f in pub.findings)


def _preview(pub: Publication) -> str:
    return "；".join(f"{f['label']}：{f['value']}" for f in pub.fields)


SPEC = ListSpec(
    model=Publication,
    slug="publications",
    title="信息公开审核",
    columns=(
        "title",
        "kind",
        "status",
        "public_date",
        "published_at",
        Column("organisation__name", "公开单位"),
    ),
    filters=(ChoiceFilter("status"), OrgFilter(), DateRangeFilter("public_date", "文书日期")),
    search_fields=("title",),
    ordering=("-created_at", "-id"),
    detail_fields=(
        "title",
        "kind",
        "status",
        "public_date",
        "organisation",
        Column("findings", "待审核原因", value=_findings),
        Column("fields", "公开内容（已去标识化预览）", value=_preview),
        "reviewer",
        "reviewed_at",
        "published_at",
        "withdrawn_at",
        "withdrawal_notice",
    ),
    attachments=False,
    nav_order=900,
    nav_group="信息公开",
    roles=("reviewer", "leader", "supervisor"),
)

if registry.get(SPEC.slug) is None:
    registry.register(SPEC)
