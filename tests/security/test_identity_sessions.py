"""docs/security.md 4: idle and absolute limits, new key at login, logout and disabling end sessions."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from fazhi.api import tokens
from fazhi.core.audit.models import AuditEvent
from tests import factories
from tests.security.identity_helpers import login, signed_in

pytestmark = pytest.mark.django_db
COOKIE = settings.SESSION_COOKIE_NAME


@pytest.fixture
def wanglin(tree):
    return factories.user(tree["east_justice"], username="wanglin", full_name="王林")


def _age(client, *, seen=None, auth=None):
    session = client.session
    now = time.time()
    if seen is not None:
        session["fz_seen_at"] = now - seen
    if auth is not None:
        session["fz_auth_at"] = now - auth
    session.save()


def test_login_issues_a_new_session_key(client, wanglin):
    anonymous = client.session
    anonymous["probe"] = 1
    anonymous.save()
    before = client.cookies[COOKIE].value
    assert login(client, "wanglin").status_code == 302
    after = client.cookies[COOKIE].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logout_deletes_the_server_side_session(client, wanglin):
    login(client, "wanglin")
    key = client.cookies[COOKIE].value
    client.post("/staff/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies[COOKIE] = key  # replaying the old cookie gets nowhere
    assert not signed_in(client)


@pytest.mark.parametrize(("roles", "idle_minutes"), [(("officer",), 30), (("sysadmin",), 15)])
def test_idle_timeout(client, tree, roles, idle_minutes):
    org = None if "sysadmin" in roles else tree["east_justice"]
    user = factories.user(org, roles=roles, username="idle")
    client.force_login(user)
    _age(client, seen=(idle_minutes - 1) * 60)
    assert client.get("/staff/").status_code == 200  # activity moves the clock
    _age(client, seen=idle_minutes * 60 + 5)
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.get(action="logout").detail["reason"] == "idle_timeout"
    assert "长时间未操作" in client.get(response["Location"]).content.decode()


def test_absolute_session_life_is_12_hours_even_when_active(client, wanglin):
    client.force_login(wanglin)
    _age(client, seen=10, auth=12 * 3600 - 60)
    assert signed_in(client)
    _age(client, seen=10, auth=12 * 3600 + 60)
    assert not signed_in(client)
    assert AuditEvent.objects.get(action="logout").detail["reason"] == "absolute_timeout"


def test_idle_session_also_stops_the_api(client, wanglin):
    client.force_login(wanglin)
    assert client.get("/api/v1/me").status_code == 200
    _age(client, seen=31 * 60)
    assert client.get("/api/v1/me").status_code == 401


def test_disabling_a_user_kills_every_session_and_api_token(client, wanglin):
    phone = client.__class__()
    login(client, "wanglin")
    login(phone, "wanglin")
    keys = [client.cookies[COOKIE].value, phone.cookies[COOKIE].value]
    token, raw = tokens.issue(wanglin, name="对接系统")
    api = client.__class__()
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200

    wanglin.is_active = False
    wanglin.save()
    assert not Session.objects.filter(session_key__in=keys).exists()
    token.refresh_from_db()
    assert token.revoked

    # even once re-enabled, the old sessions and the old token stay dead
    wanglin.is_active = True
    wanglin.save()
    assert not signed_in(client) and not signed_in(phone)
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_changing_the_password_ends_the_other_sessions(client, wanglin):
    phone = client.__class__()
    login(client, "wanglin")
    login(phone, "wanglin")
    phone_key = phone.cookies[COOKIE].value
    client.post(
        "/staff/security/password/",
        {
            "old_password": factories.PASSWORD,
            "new_password1": "Qiu-Feng-2027x",
            "new_password2": "Qiu-Feng-2027x",
        },
    )
    assert signed_in(client)
    assert not Session.objects.filter(session_key=phone_key).exists()
    assert not signed_in(phone)
