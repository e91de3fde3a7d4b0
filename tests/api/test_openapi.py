import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_the_endpoints():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in [
        "/api/v1/health",
        "/api/v1/me",
        "/api/v1/organisations",
        "/api/v1/sample/",
        "/api/v1/sample/{id}",
        "/api/v1/sample/{id}/transitions",
        "/api/v1/sample/{id}/transitions/{name}",
    ]:
        assert path in paths, path
    assert "post" in paths["/api/v1/sample/{id}/transitions/{name}"]
    assert schema["components"]["securitySchemes"]["ApiTokenAuth"] == {"type": "http", "scheme": "bearer"}
    # The generic dispatch routes and the catch-all stay out of the published schema.
    assert not any("{slug}" in p or "{rest}" in p for p in paths)
    listed = paths["/api/v1/sample/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    page = schema["components"]["schemas"][listed["$ref"].rsplit("/", 1)[-1]]
    assert set(page["properties"]) == {"count", "page", "page_size", "results"}


def test_docs_page_works_offline():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/api/swagger-init.js" in html
    assert "http://" not in html and "https://" not in html  # no CDN
    assert "<script>" not in html  # no inline script (CSP)
    for asset in [
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "vendor/swagger-ui/swagger-ui.css",
        "api/swagger-init.js",
    ]:
        assert finders.find(asset), asset


def test_static_assets_are_served():
    response = Client().get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert response.status_code == 200


def test_every_operation_is_summarised_in_chinese():
    """A reader of /api/v1/docs sees what each operation does in Chinese, never a function name
    ninja turned into English ("Figures", "Records")."""
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    english = [
        f"{method.upper()} {path}: {op.get('summary')!r}"
        for path, ops in paths.items()
        for method, op in ops.items()
        if (op.get("summary") or "").isascii()
    ]
    assert not english, english
