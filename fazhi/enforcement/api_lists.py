"""API resources of 行政执法's published lists (under /api/v1/, the caller's data scope)."""

from fazhi.api import resources
from fazhi.api.schemas import ScopedOut, model_schema
from fazhi.enforcement.models_lists import DiscretionStandard, ExemptionListItem, PowerItem

resources.register(
    "enforcement-powers",
    PowerItem,
    list_schema=model_schema(
        PowerItem,
        (
            "power_type",
            "code",
            "name",
            "legal_basis",
            "level",
            "duties",
            "validity",
            "published_on",
            "cancelled_on",
        ),
        base=ScopedOut,
    ),
    label="权责清单事项",
)
resources.register(
    "enforcement-discretion",
    DiscretionStandard,
    list_schema=model_schema(
        DiscretionStandard,
        (
            "violation",
            "violated_provision",
            "penalty_provision",
            "circumstance",
            "penalty_kind",
            "min_amount",
            "max_amount",
            "measure",
            "effective_on",
            "expires_on",
        ),
        base=ScopedOut,
    ),  # fmt: skip
    label="行政处罚裁量基准",
)
resources.register(
    "enforcement-exemptions",
    ExemptionListItem,
    list_schema=model_schema(
        ExemptionListItem,
        ("kind", "violation", "legal_basis", "conditions", "effective_on", "expires_on"),
        base=ScopedOut,
    ),
    label="免罚清单事项",
)
