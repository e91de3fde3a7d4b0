"""Issue 10 item 15: request bodies are limited per route — small for routes anyone may reach, 2MB
for signed-in routes, declared limits for uploads — and the server itself never reads more than the
largest (waitress defaulted to 1GB)."""

from __future__ import annotations

import pytest
from django.conf import settings

from fazhi.core import urlpolicy
from fazhi.core.audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_anonymous_body_over_the_public_limit_is_refused_before_it_is_read(client, monkeypatch):
    from django.core.handlers.wsgi import WSGIRequest

    def never(*args, **kwargs):
        raise AssertionError("the body was parsed")

    monkeypatch.setattr(WSGIRequest, "_load_post_and_files", never)
    response = client.post("/staff/login/", {"username": "x", "password": "y" * (300 * 1024)})
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode() and "256KB" in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_the_portal_lookup_has_the_public_limit(client):
    response = client.post("/reconsideration/query/", {"applicant_name": "事" * 100_000})
    assert response.status_code == 413


def test_the_portal_application_takes_the_applicant_s_files_up_to_what_the_server_reads(client):
    """Issue 11 item 18: 网上申请 carries the 身份证明 and the act's 文书 (each ≤ 10MB, together ≤
    20MB): its route declares the server's limit; a larger body is refused unread, and an over-long
    text is still refused by the form (no case, nothing stored)."""
    url = "/reconsideration/apply/"
    limit = urlpolicy.body_limit_for("portal:reconsideration_portal:apply", urlpolicy.PUBLIC)
    assert limit == settings.BODY_LIMIT_MAX
    over = client.generic("POST", url, b"x", content_type="text/plain", CONTENT_LENGTH=str(limit + 1))
    assert over.status_code == 413
    long_text = client.post(url, {"facts": "事" * 100_000})
    assert long_text.status_code == 400 and "“事实和理由”不能超过2000个字" in long_text.content.decode()


def test_a_signed_in_route_has_the_default_limit_and_an_upload_route_its_declared_one(client, tree):
    user = factories.user(tree["east_justice"], roles=("officer",), username="body_officer")
    assert (
        client.post("/staff/login/", {"username": user.username, "password": factories.PASSWORD}).status_code
        == 302
    )
    big = {"note": "x" * (3 * 1024 * 1024)}
    assert client.post("/staff/security/password/", big).status_code == 413
    assert urlpolicy.body_limit_for("web:attachment-upload", urlpolicy.STAFF) == 22 * 1024 * 1024
    assert urlpolicy.body_limit_for("web:import-upload", urlpolicy.STAFF) == 12 * 1024 * 1024


def test_a_limit_above_what_the_server_reads_cannot_be_declared():
    with pytest.raises(ValueError):
        urlpolicy.declare_body_limits({"web:never": settings.BODY_LIMIT_MAX + 1})


def test_waitress_reads_at_most_the_largest_route_limit(monkeypatch):
    import waitress

    from fazhi.demo import server

    seen = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: seen.update(kwargs))
    server.serve("127.0.0.1", 8999, jobs=False, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert seen["max_request_body_size"] == settings.BODY_LIMIT_MAX == 22 * 1024 * 1024
