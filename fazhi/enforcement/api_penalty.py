"""API resource of 行政处罚案件: a whitelist of the case's own fields — no 当事人 rows, names,
身份证号, phone or address (docs/security.md 11)."""

from fazhi.api import resources
from fazhi.api.schemas import model_schema
from fazhi.enforcement.models_penalty import PenaltyCase

PENALTY_FIELDS = (
    "number",
    "title",
    "registered_on",
    "filed_on",
    "major_ground",
    "legal_review_on",
    "notified_on",
    "penalty_kind",
    "second_kind",
    "amount",
    "no_penalty_ground",
    "decided_on",
    "served_on",
    "paid_on",
    "transferred_to",
    "transferred_on",
    "revision",
    "revised_on",
)
resources.register(
    "enforcement-penalties",
    PenaltyCase,
    list_schema=model_schema(PenaltyCase, PENALTY_FIELDS, labels=("penalty_kind",)),
    label="行政处罚案件",
)
