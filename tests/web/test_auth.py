import pytest

from fazhi.core.models import DataScope
from tests import factories

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese(client):
    response = client.get("/staff/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "用户名" in body and "密码" in body and "法治政府建设工作平台" in body


def test_login_succeeds_and_lands_on_dashboard(client, tree):
    factories.user(tree["east_justice"], username="wanglin", full_name="王林")
    response = client.post(
        "/staff/login/", {"username": "wanglin", "password": factories.PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/staff/"
    body = response.content.decode()
    assert "王林" in body and "东区司法局" in body and "承办人" in body
    assert "退出登录" in body


def test_login_is_case_and_width_insensitive(client, tree):
    factories.user(tree["east_justice"], username="wanglin")
    response = client.post("/staff/login/", {"username": "ＷａｎｇＬｉｎ", "password": factories.PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("username", ["wanglin", "nobody"])
def test_login_failure_shows_one_generic_chinese_message(client, tree, username):
    factories.user(tree["east_justice"], username="wanglin")
    response = client.post("/staff/login/", {"username": username, "password": "wrong-password-1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "用户名或密码错误" in body
    assert "_auth_user_id" not in client.session


def test_disabled_account_gets_the_same_generic_message(client, tree):
    factories.user(tree["east_justice"], username="wanglin", is_active=False)
    response = client.post("/staff/login/", {"username": "wanglin", "password": factories.PASSWORD})
    assert "用户名或密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", ["/staff/", "/staff/organisations/", "/staff/staff/export.xlsx"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/?next=")


def test_logout_is_post_only(client, tree):
    user = factories.user(tree["east_justice"], scope=DataScope.OWN)
    client.force_login(user)
    assert client.get("/staff/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/staff/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/staff/").status_code == 302
