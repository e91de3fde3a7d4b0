"""htmx handling in one place (docs/conventions.md 8): views ask here, templates never sniff headers."""

from __future__ import annotations

from django.http import HttpResponse


def is_htmx(request) -> bool:
    """A partial request from htmx (not a boosted full-page navigation)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def target(request) -> str:
    return request.headers.get("HX-Target", "") if is_htmx(request) else ""


def redirect(url: str) -> HttpResponse:
    """A client-side redirect htmx follows with a full page load."""
    response = HttpResponse(status=204)
    response["HX-Redirect"] = url
    return response
