"""Error pages speak Chinese and say what happened to the user's data (issue 11 item 19: the 404 was
Django's English "Not Found")."""

import pytest
from django.test import Client, RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_an_unknown_address_gets_a_chinese_404_page():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = _text(response)
    assert '<html lang="zh-CN">' in html
    assert "页面不存在" in html
    assert "Not Found" not in html


def test_a_form_posted_without_its_csrf_token_is_refused_in_chinese():
    response = Client(enforce_csrf_checks=True).post("/staff/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = _text(response)
    assert "页面已过期" in html and "数据没有改变" in html
    assert "CSRF verification failed" not in html


@pytest.mark.parametrize(
    "view, status, words",
    [
        (defaults.server_error, 500, "系统错误"),
        (defaults.bad_request, 400, "请求有误"),
        (defaults.permission_denied, 403, "无权访问"),
    ],
)
def test_the_other_error_pages_are_chinese(view, status, words):
    request = RequestFactory().get("/")
    response = view(request) if view is defaults.server_error else view(request, exception=Exception())
    assert response.status_code == status
    assert words in _text(response)
