"""Registers the test-only SampleMatter with the staff shell, as a domain's views.py would."""

from fazhi.web import registry
from fazhi.web.registry import Column, DateRangeFilter, ListSpec, OrgFilter, StatusFilter
from tests.sampleapp.models import SampleMatter

SPEC = ListSpec(
    model=SampleMatter,
    slug="sample-matters",
    title="示例事项",
    columns=("title", "applicant", "status", Column("organisation__name", "承办单位"), "created_at"),
    filters=(StatusFilter(), OrgFilter(), DateRangeFilter("created_at", "登记日期")),
    search_fields=("title", "applicant"),
    ordering=("-created_at",),
    attachment_kinds=("申请书", "证据材料"),
)


def register() -> registry.ListSpec:
    if registry.get(SPEC.slug) is not SPEC:
        registry.register(SPEC, replace=True)
    return SPEC
