"""docs/security.md 2: password policy, history of 5, 90-day maximum age."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.api import tokens
from fazhi.core.models import User
from fazhi.core.security.models import PasswordHistory
from tests import factories
from tests.security.identity_helpers import actions, login

pytestmark = pytest.mark.django_db
CHANGE = "/staff/security/password/"


@pytest.fixture
def wanglin(tree):
    return factories.user(tree["east_justice"], username="wanglin", full_name="王林")


def change(client, new, old=factories.PASSWORD, again=None):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": again or new})


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Ab1-xyz", "至少需要10个字符"),  # too short
        ("abcdefghijkl", "中的3类"),  # one class
        ("abcdefgh1234", "中的3类"),  # two classes
        ("Xx-WangLin-2026", "不能包含用户名"),  # contains the username, other case
        ("Xx-ｗａｎｇｌｉｎ-2026", "不能包含用户名"),  # contains it in full-width form
    ],
)
def test_weak_passwords_are_refused_with_a_chinese_reason(client, wanglin, new, message):
    client.force_login(wanglin)
    response = change(client, new)
    assert response.status_code == 200
    assert message in response.content.decode().replace("\u00a0", " ")
    wanglin.refresh_from_db()
    assert wanglin.check_password(factories.PASSWORD)


def test_a_good_password_is_accepted_and_recorded(client, wanglin):
    client.force_login(wanglin)
    before = wanglin.password_changed_at
    response = change(client, "Qiu-Feng-2027x")
    assert response.status_code == 302
    wanglin.refresh_from_db()
    assert wanglin.check_password("Qiu-Feng-2027x")
    assert wanglin.password_changed_at > before
    assert actions("password.change") == ["password.change"]
    assert client.get("/staff/").status_code == 200  # this session survives the change


def test_the_last_five_passwords_cannot_be_reused(wanglin):
    history = [factories.PASSWORD] + [f"Mima-{i}-Abcdefg" for i in range(1, 5)]
    for pw in history[1:]:
        wanglin.set_password(pw)
        wanglin.save()
    assert PasswordHistory.objects.filter(user=wanglin).count() == 5
    for old in history:  # the current one and the four before it
        with pytest.raises(ValidationError, match="最近5次"):
            password_validation.validate_password(old, wanglin)
    wanglin.set_password("Mima-5-Abcdefg")
    wanglin.save()
    # the oldest has now dropped out of the last five
    password_validation.validate_password(factories.PASSWORD, wanglin)
    with pytest.raises(ValidationError):
        password_validation.validate_password(history[1], wanglin)


def test_reusing_a_password_through_the_page_is_refused(client, wanglin):
    client.force_login(wanglin)
    assert change(client, "Qiu-Feng-2027x").status_code == 302
    response = change(client, factories.PASSWORD, old="Qiu-Feng-2027x")
    assert "不能使用最近5次用过的密码" in response.content.decode()


def test_a_password_older_than_90_days_must_be_changed_before_any_other_page(client, wanglin):
    User.objects.filter(pk=wanglin.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    response = login(client, "wanglin")
    assert response.status_code == 302
    for url in ("/staff/", "/staff/organisations/", "/api/v1/me"):
        gated = client.get(url)
        assert gated.status_code == 302 and gated["Location"].startswith(CHANGE), url
    page = client.get(CHANGE)
    assert "已到期" in page.content.decode()
    assert change(client, "Qiu-Feng-2027x").status_code == 302
    assert client.get("/staff/").status_code == 200


def test_a_password_of_89_days_is_still_fine(client, wanglin):
    User.objects.filter(pk=wanglin.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=89))
    login(client, "wanglin")
    assert client.get("/staff/").status_code == 200


def test_an_administrator_reset_forces_a_change_at_next_login(client, wanglin):
    User.objects.filter(pk=wanglin.pk).update(password_changed_at=None)
    login(client, "wanglin")
    assert client.get("/staff/")["Location"].startswith(CHANGE)


def test_api_tokens_are_not_affected_by_password_age(client, wanglin):
    """Documented: a token is a separate credential with its own expiry; it keeps working."""
    _, raw = tokens.issue(wanglin, name="对接系统")
    User.objects.filter(pk=wanglin.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=200))
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_set_password_stamps_the_change_time_and_history(wanglin):
    User.objects.filter(pk=wanglin.pk).update(password_changed_at=None)
    wanglin.refresh_from_db()
    wanglin.set_password("Qiu-Feng-2027x")
    wanglin.save()
    wanglin.refresh_from_db()
    assert wanglin.password_changed_at is not None
    assert authenticate(username="wanglin", password="Qiu-Feng-2027x") == wanglin
