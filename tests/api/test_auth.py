import datetime as dt
import hashlib

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi.api import tokens
from fazhi.api.models import ApiToken
from fazhi.core.audit.models import AuditEvent
from tests import factories
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def assert_401(response):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == "Bearer"
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert "令牌" in body["detail"]


def test_token_identifies_the_user(tree):
    officer = factories.user(tree["east_justice"], roles=("officer", "reviewer"), username="zhangsan")
    token, raw = tokens.issue(officer, name="案件管理系统")

    response = ApiClient(raw).get("me")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "zhangsan"
    assert body["organisation"]["name"] == "东区司法局"
    assert body["roles"] == [
        {"code": "officer", "label": "承办人"},
        {"code": "reviewer", "label": "法制审核人员"},
    ]
    assert body["data_scope"] == {"code": "own", "label": "本单位"}
    assert body["auth_method"] == "token"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_sha256_of_the_token_is_stored(tree):
    token, raw = tokens.issue(factories.user(tree["east_justice"]), name="对接")
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in {str(v) for v in row.values()}
    assert row["key_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(f"fzt_{row['prefix']}_")


def test_missing_token_is_401(tree):
    assert_401(ApiClient().get("me"))
    assert_401(ApiClient().get("sample/"))
    assert_401(ApiClient().post("sample/1/transitions/accept", {"data": {}}))


@pytest.mark.parametrize("header_token", ["nonsense", "fzt_deadbeef_" + "x" * 43, ""])
def test_invalid_token_is_401(tree, header_token):
    _, raw = tokens.issue(factories.user(tree["east_justice"]), name="对接")
    assert_401(ApiClient(header_token or raw[:-1] + ("A" if raw[-1] != "A" else "B")).get("me"))


def test_revoked_token_is_401(tree):
    token, raw = tokens.issue(factories.user(tree["east_justice"]), name="对接")
    client = ApiClient(raw)
    assert client.get("me").status_code == 200

    tokens.revoke(token)

    assert_401(client.get("me"))


def test_expired_token_is_401(tree):
    token, raw = tokens.issue(factories.user(tree["east_justice"]), name="对接", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert_401(ApiClient(raw).get("me"))


def test_disabled_users_token_is_401(tree):
    officer = factories.user(tree["east_justice"])
    _, raw = tokens.issue(officer, name="对接")
    client = ApiClient(raw)
    assert client.get("me").status_code == 200

    officer.is_active = False
    officer.save()

    assert_401(client.get("me"))
    assert_401(client.get("organisations"))


def test_token_for_disabled_user_is_refused(tree):
    officer = factories.user(tree["east_justice"], is_active=False)
    with pytest.raises(ValueError, match="已停用"):
        tokens.issue(officer, name="对接")


def test_logged_in_staff_may_read_with_session_but_not_write(client, tree, matters):
    officer = factories.user(tree["east_justice"])
    client.force_login(officer)

    me = client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["auth_method"] == "session"

    matter = matters["east"][0]
    response = client.post(
        f"/api/v1/sample/{matter.pk}/transitions/request_completion",
        {"data": {"items": "补交身份证明"}},
        content_type="application/json",
    )
    assert_401(response)
    matter.refresh_from_db()
    assert matter.status == "received"


def test_command_creates_lists_and_revokes(tree, capsys):
    factories.user(tree["east_justice"], username="wangwu")

    call_command("apitoken", "create", "WangWu", "--name", "执法监督系统")
    out = capsys.readouterr().out
    raw = out.strip().splitlines()[-1]
    assert "只显示这一次" in out
    assert ApiClient(raw).get("me").json()["username"] == "wangwu"

    call_command("apitoken", "list")
    listing = capsys.readouterr().out
    assert "执法监督系统" in listing and "有效" in listing
    assert raw not in listing

    token = ApiToken.objects.get()
    assert AuditEvent.objects.filter(action="api_token.create", object_id=str(token.pk)).exists()
    call_command("apitoken", "revoke", str(token.pk))
    assert "已吊销" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()
    assert_401(ApiClient(raw).get("me"))
    call_command("apitoken", "list")
    assert "已吊销" in capsys.readouterr().out


def test_command_refuses_unknown_user(tree):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有登录名"):
        call_command("apitoken", "create", "nobody", "--name", "对接")
    assert not ApiToken.objects.exists()
