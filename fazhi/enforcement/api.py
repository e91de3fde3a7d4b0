"""API resources of 行政执法's registers (served under /api/v1/ with the caller's data scope): the
bodies and the officers as 事前公开 makes them public — no personal identifier is held at all."""

from fazhi.api import resources
from fazhi.api.schemas import ScopedOut, model_schema
from fazhi.enforcement.models import EnforcementBody, EnforcementOfficer

BODY_FIELDS = ("basis_kind", "scope", "legal_basis", "entrustment_number", "confirmed_on", "cancelled_on")
OFFICER_FIELDS = (
    "full_name",
    "certificate_kind",
    "certificate_number",
    "category",
    "issued_on",
    "valid_until",
    "left_on",
)
resources.register(
    "enforcement-bodies",
    EnforcementBody,
    list_schema=model_schema(EnforcementBody, BODY_FIELDS, base=ScopedOut),
    label="行政执法主体",
)
resources.register(
    "enforcement-officers",
    EnforcementOfficer,
    list_schema=model_schema(EnforcementOfficer, OFFICER_FIELDS, base=ScopedOut),
    label="行政执法人员",
)

from fazhi.enforcement import api_lists  # noqa: E402,F401  (权责清单, 裁量基准, 免罚清单)
from fazhi.enforcement import api_penalty as _penalty  # noqa: E402,F401  (行政处罚)
from fazhi.enforcement import api_review as _review  # noqa: E402,F401  (案卷评查, 执法监督)
