"""The test-only penalty decision declares its publication kind, as a penalty domain would:
行政处罚决定 must be public within 7 个工作日 of the decision (docs/security.md 20, first half)."""

from __future__ import annotations

from fazhi.core.masking import mask_person_name
from fazhi.core.publication import services as publication
from fazhi.core.publication.services import ENFORCEMENT_DECISION_ARTICLE, PublicationDeadline, PublicField
from tests.sampleapp.models import SamplePenaltyDecision

KIND = "sample.penalty_decision"


def person_names(decision: SamplePenaltyDecision) -> list[str]:
    return [decision.party_name] if decision.party_is_person else []


publication.register_kind(
    KIND,
    label="行政处罚决定",
    deadline=PublicationDeadline(7, "workday", article=ENFORCEMENT_DECISION_ARTICLE),
    person_names=person_names,
)


def publish_decision(decision: SamplePenaltyDecision, *, actor=None):
    party = mask_person_name(decision.party_name) if decision.party_is_person else decision.party_name
    return publication.publish(
        decision,
        [
            PublicField("document_number", "决定书文号", decision.document_number),
            PublicField("party", "当事人", party),
            PublicField("facts", "违法事实", decision.facts, text=True),
            PublicField("penalty", "处罚内容", decision.penalty),
            PublicField("decided_on", "决定日期", decision.decided_on),
        ],
        names_to_mask=person_names(decision),
        actor=actor,
        title=f"{decision.document_number}行政处罚决定书",
        kind=KIND,
        organisation=decision.organisation,
        public_date=decision.decided_on,
    )
