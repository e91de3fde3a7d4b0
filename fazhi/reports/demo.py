"""Demo annual report: the demo county's report for last year, as a draft its first draft was
written into from the figures (按统计数据生成初稿), so the editor, the figure picker, the checks and
the Word document can be tried at once. Runs after every domain's rows (``register_last``)."""

from __future__ import annotations

from django.utils import timezone

from fazhi.core.models import DataScope, Region, RoleCode
from fazhi.demo.registry import register_last


@register_last
def annual_report(rng, scale, orgs, users):
    from fazhi.reports import services

    writer = next(
        (
            u
            for u in users
            if u.is_active
            and u.has_role(RoleCode.SUPERVISOR)
            and u.data_scope == DataScope.REGION
            and u.organisation.region.level == "county"
        ),
        None,
    )
    if writer is None:
        return
    region = Region.objects.get(pk=writer.organisation.region_id)
    report = services.report_create(actor=writer, region=region, year=timezone.localdate().year - 1)
    services.fill_draft(report=report, actor=writer)
