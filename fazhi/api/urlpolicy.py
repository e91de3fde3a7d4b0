"""Who may reach the API's routes (docs/security.md 9), and the API's answer to a request without a
token or session: its JSON 401, not the staff login page."""

from fazhi.api.errors import UNAUTHENTICATED, error_response
from fazhi.core.urlpolicy import API, PUBLIC, declare, on_unauthenticated

declare(
    {
        "api:api-root": PUBLIC,
        "api:index": PUBLIC,
        "api:health": PUBLIC,
        "api:openapi-json": PUBLIC,
        "api:openapi-view": PUBLIC,
        **{
            f"api:{name}": API
            for name in (
                "me",
                "organisations",
                "indicators",
                "indicator_records",
                "list_",
                "detail",
                "options",
                "transition",
                "list_any",
                "detail_any",
                "options_any",
                "transition_any",
                "unknown",
            )
        },
    }
)

on_unauthenticated(
    API, lambda: error_response(401, UNAUTHENTICATED, "unauthenticated", WWW_Authenticate="Bearer")
)
