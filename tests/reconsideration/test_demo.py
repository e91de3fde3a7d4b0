"""The demo hook fills the county with cases in every state, deterministically."""

import random
from collections import Counter

import pytest

from fazhi.core.models import Organisation, User
from fazhi.demo import generator
from fazhi.reconsideration.demo import reconsideration_cases
from fazhi.reconsideration.models import (
    EvidenceItem,
    IncidentalReview,
    ReconsiderationCase,
    ReconsiderationOpinion,
)

pytestmark = pytest.mark.django_db


def test_demo_builds_a_county_of_cases_across_states():
    generator.install("county")
    cases = ReconsiderationCase.objects.all()
    assert 250 <= cases.count() <= 300
    states = Counter(cases.values_list("status", flat=True))
    assert {"archived", "reviewing", "rejected", "served"} <= set(states)
    assert {c.law_version for c in cases.filter(received_on__year=2022)} == {"2017"}
    assert {c.law_version for c in cases.filter(received_on__year=2025)} == {"2023"}
    for case in cases.filter(status="archived")[:20]:
        assert case.decision_type in case.allowed_decisions or case.decision_type == "terminated"
        assert case.parties.filter(role="applicant").exists()
    # 证据目录 (第四十三条至第四十八条) on cases awaiting the answer, heard and decided; now and then an
    # item the 被申请人 collected after the act, flagged (第四十六条).
    items = EvidenceItem.objects.select_related("case")
    assert {"answering", "reviewing", "decided"} <= {i.case.status for i in items}
    assert any(i.late_collection_warning for i in items)
    assert items.filter(organisation__name__endswith="市场监督管理局", case__status="answering").exists()
    # Served decisions are on the portal (approved) or wait on 信息公开审核 (issue 11 item 17).
    from django.test import Client

    from fazhi.core.publication.models import Publication, PublicationStatus

    statuses = Counter(Publication.objects.values_list("status", flat=True))
    assert statuses[PublicationStatus.PUBLISHED] > statuses[PublicationStatus.PENDING_REVIEW] > 0
    published = Publication.objects.filter(status=PublicationStatus.PUBLISHED).first()
    portal = Client().get("/reconsideration/").content.decode()
    assert published.title.removesuffix("行政复议决定书") in portal


def test_same_seed_same_cases():
    generator.install("county")
    first = list(
        ReconsiderationCase.objects.order_by("case_number").values_list(
            "case_number", "status", "decision_type"
        )
    )
    orgs = list(generator.demo_organisations())
    users = list(User.objects.filter(organisation__in=orgs))
    ReconsiderationOpinion.objects.all().delete()  # 意见书, 附带审查 and 证据 protect their cases
    IncidentalReview.objects.all().delete()
    EvidenceItem.objects.all().delete()
    ReconsiderationCase.objects.all().delete()
    reconsideration_cases(
        random.Random(f"{generator.DEFAULT_SEED}:hook:fazhi.reconsideration.demo.reconsideration_cases"),
        "county",
        orgs,
        users,
    )
    again = list(
        ReconsiderationCase.objects.order_by("case_number").values_list(
            "case_number", "status", "decision_type"
        )
    )
    assert first == again and Organisation.objects.exists()
