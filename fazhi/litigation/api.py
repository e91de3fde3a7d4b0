"""API resources of 行政应诉 (served under /api/v1/ by fazhi.api with the caller's data scope).

The schemas are whitelists of model fields (:func:`fazhi.api.schemas.model_schema`): no 身份证号,
phone or address of the parties (docs/security.md 11)."""

from fazhi.api import resources
from fazhi.api.schemas import model_schema
from fazhi.litigation.models import JudicialRecommendation, Lawsuit

LAWSUIT_FIELDS = (
    "court",
    "case_number",
    "instance",
    "plaintiff_summary",
    "act_type",
    "reconsideration_case_number",
    "complaint_received_on",
    "judged_on",
    "served_on",
    "last_served_on",
    "outcome",
)
RECOMMENDATION_FIELDS = (
    "kind",
    "issuer",
    "document_number",
    "lawsuit_id",
    "received_on",
    "rectification_deadline",
    "replied_on",
)
# Labelled by the models' verbose names (行政诉讼案件, 司法建议和检察建议). The challenged act's 文书号
# keeps its stable API name ``act_number`` (the kit's ``act_document_number``).
resources.register(
    "lawsuits",
    Lawsuit,
    list_schema=model_schema(
        Lawsuit,
        LAWSUIT_FIELDS,
        labels=("outcome",),
        names={"act_number": "act_document_number"},
        extra={"lost": (bool, "是否败诉")},
    ),
)
resources.register(
    "judicial-recommendations",
    JudicialRecommendation,
    list_schema=model_schema(JudicialRecommendation, RECOMMENDATION_FIELDS),
)
