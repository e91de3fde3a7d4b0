"""The county demo's 行政处罚案件: published decisions on the portal, the person masked."""

import pytest

from fazhi.core.publication.models import Publication, PublicationStatus
from fazhi.demo import generator
from fazhi.enforcement.models import PenaltyCase, PenaltyParty
from fazhi.enforcement.publication_penalty import KIND

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_its_penalty_decisions_masked():
    generator.install("county")
    published = Publication.objects.filter(kind=KIND, status=PublicationStatus.PUBLISHED)
    assert published.exists()
    people = {p.name for p in PenaltyParty.objects.filter(kind="person")}
    for pub in published:
        text = " ".join(str(f["value"]) for f in pub.fields)
        assert not any(name in text for name in people)
    assert not published.filter(
        subject_id__in=PenaltyCase.objects.filter(penalty_kind="warning").values("pk")
    )
