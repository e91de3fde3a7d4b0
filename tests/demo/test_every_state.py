"""The county demo holds a record in every declared state of every procedure of every domain
(行政复议, 行政应诉, 司法建议/检察建议, and any domain added since — found, not listed), so a
visitor can see every step of each procedure on real-looking records."""

import pytest
from django.apps import apps
from django.db.models import Count

from fazhi.core.registry import DomainConfig
from fazhi.core.workflow import registry
from fazhi.demo import generator

pytestmark = pytest.mark.django_db


def domain_procedures() -> list:
    """The procedures whose records belong to a domain app (not the test-only sample)."""
    return [
        p
        for p in registry.all_procedures()
        if isinstance(apps.get_app_config(p.model.split(".")[0]), DomainConfig)
    ]


def test_the_domains_procedures_are_found():
    names = {p.name for p in domain_procedures()}
    assert {"reconsideration", "litigation", "judicial_recommendation"} <= names
    assert "sampleapp" not in names


@pytest.mark.parametrize("procedure", domain_procedures(), ids=lambda p: p.name)
def test_county_demo_has_a_record_in_every_state(procedure):
    generator.install("county")
    model = apps.get_model(procedure.model)
    counts = dict(model.objects.values_list("status").annotate(n=Count("pk")))
    missing = [f"{s.code}（{s.label}）" for s in procedure.states if not counts.get(s.code)]
    assert missing == [], f"{model._meta.verbose_name}演示数据缺少状态：{'、'.join(missing)}"


def test_county_demo_has_moves_waiting_for_approval_and_a_drafted_annual_report():
    """The 负责人 of the demo county can confirm a 延期 and a decision at once (第六十一条、第六十二条),
    and the 依法治县办 finds last year's report with its first draft written from the figures."""
    from django.utils import timezone

    from fazhi.core.workflow.models import PendingApproval
    from fazhi.reports.models import AnnualReport

    generator.install("county")
    asked = PendingApproval.objects.filter(status="pending")
    assert {p.transition for p in asked} == {"extend", "decide"}
    assert {p.approver.username for p in asked} == {"leader"}
    report = AnnualReport.objects.get(year=timezone.localdate().year - 1)
    assert "{{reconsideration.received}}" in report.measures and "{{enforcement.officers}}" in report.measures
