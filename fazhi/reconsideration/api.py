"""API resources of 行政复议 under /api/v1/: cases, 意见书/建议书 and 规范性文件附带审查, list, detail and transitions.

The schemas are whitelists of model fields (:func:`fazhi.api.schemas.model_schema`): no 身份证号,
phone, address or the portal's 查询码 (docs/security.md 11).
"""

from __future__ import annotations

from fazhi.api import resources
from fazhi.api.schemas import ScopedOut, model_schema
from fazhi.reconsideration.models import (
    EvidenceItem,
    IncidentalReview,
    ReconsiderationCase,
    ReconsiderationOpinion,
)

CASE_FIELDS = (
    "case_number",
    "channel",
    "received_on",
    "law_version",  # the 《行政复议法》 text governing the case, by the date received (2023 法第九十条)
    "applicant_names",
    "respondent_name",
    "act_type",
    "act_document_number",
    "simple_procedure",
    "accepted_on",
    "decision_type",
    "decided_on",
)
resources.register(
    "reconsideration-cases",
    ReconsiderationCase,
    list_schema=model_schema(ReconsiderationCase, CASE_FIELDS, labels=("decision_type",)),
    ordering=("-received_on", "-id"),
)
resources.register(
    "reconsideration-opinions",
    ReconsiderationOpinion,
    list_schema=model_schema(
        ReconsiderationOpinion, ("case_id", "kind", "recipient", "received_on", "replied_on")
    ),
)
resources.register(
    "reconsideration-incidental-reviews",
    IncidentalReview,
    list_schema=model_schema(
        IncidentalReview,
        ("case_id", "origin", "document_title", "maker", "competent", "started_on", "outcome", "closed_on"),
    ),
)
resources.register(
    "reconsideration-evidence",
    EvidenceItem,
    list_schema=model_schema(
        EvidenceItem,
        (
            "case_id",
            "submitted_by",
            "kind",
            "name",
            "source",
            "collected_on",
            "proves",
            "pages",
            "submitted_on",
        ),
        base=ScopedOut,
        labels=("submitted_by", "kind"),
    ),
    label="行政复议证据目录",
)
