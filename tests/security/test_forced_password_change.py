"""docs/security.md 2 and 6: a password known to someone other than its holder — the initial password of
the staff Excel import, or one an administrator set — must be changed at the first login before any
other page; after the change the account works normally."""

from __future__ import annotations

import io

import openpyxl
import pytest

from fazhi.core import excel
from fazhi.core.models import User
from fazhi.core.security import account_changes
from fazhi.core.security.models import AccountChange
from tests import factories
from tests.security.identity_helpers import login

pytestmark = pytest.mark.django_db
CHANGE = "/staff/security/password/"
NEW = "Qiu-Feng-2027x"
GATED = ("/staff/", "/staff/organisations/", "/staff/import/", "/staff/reconsideration/", "/api/v1/me")


def _xlsx(rows) -> io.BytesIO:
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes("staff")))
    for row in rows:
        wb.worksheets[0].append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _gated_everywhere(client) -> None:
    for url in GATED:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(CHANGE), url


def _change(client, old, new=NEW):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_an_imported_account_must_change_its_initial_password_before_anything_else(client, tree):
    sysadmin = factories.user(None, roles=("sysadmin",), username="xitong")
    result = excel.run_import(
        "staff", _xlsx([["zhaoliu", "赵六", "东区司法局", "承办人", None]]), actor=sysadmin
    )
    assert result.ok, result.messages
    # Imported on a screen: a request; the account and its one-time password come with approval.
    assert not result.credentials and not User.objects.filter(username="zhaoliu").exists()
    secadmin = factories.user(None, roles=("secadmin",), username="anquan")
    change, second = account_changes.approve(actor=secadmin, change=result.objects[0])
    initial = account_changes.take_password_part(actor=sysadmin, change=change) + second
    assert User.objects.get(username="zhaoliu").password_changed_at is None

    response = login(client, "zhaoliu", initial)
    assert response.status_code == 302
    _gated_everywhere(client)
    page = client.get(CHANGE)
    assert page.status_code == 200 and "初始密码" in page.content.decode()
    _gated_everywhere(client)  # looking at the change page does not open anything

    # A weak or unchanged password keeps the gate closed.
    assert _change(client, initial, initial).status_code == 200
    _gated_everywhere(client)

    assert _change(client, initial).status_code == 302
    for url in GATED[:2]:
        assert client.get(url).status_code == 200, url
    assert User.objects.get(username="zhaoliu").password_changed_at is not None
    # The next login goes straight in.
    client.logout()
    login(client, "zhaoliu", NEW)
    assert client.get("/staff/").status_code == 200


def test_a_one_time_password_from_the_two_administrators_must_be_changed(client, tree):
    # The admin site no longer sets passwords (docs/security.md 31): the 系统管理员 requests a
    # one-time password, the 安全管理员 approves and sees its second part, the requester its first.
    sysadmin = factories.user(None, roles=("sysadmin",), username="xitong")
    secadmin = factories.user(None, roles=("secadmin",), username="anquan")
    wanglin = factories.user(tree["east_justice"], username="wanglin")
    client.force_login(sysadmin)
    response = client.post(f"/staff/accounts/{wanglin.pk}/", {"action": "password", "reason": "本人遗失密码"})
    assert response.status_code == 302, response.content.decode()[:3000]
    change = AccountChange.objects.get()
    approver = type(client)()
    approver.force_login(secadmin)
    second = approver.post(f"/staff/security/changes/{change.pk}/", {"decision": "approve"}).context[
        "password"
    ]
    first = client.post(f"/staff/accounts/parts/{change.pk}/").context["password"]
    password = first + second
    wanglin.refresh_from_db()
    assert wanglin.check_password(password)
    assert wanglin.password_changed_at is None

    other = type(client)()
    login(other, "wanglin", password)
    _gated_everywhere(other)
    assert _change(other, password).status_code == 302
    assert other.get("/staff/").status_code == 200


def test_changing_ones_own_password_does_not_ask_for_another_change(client, tree):
    wanglin = factories.user(tree["east_justice"], username="wanglin")
    login(client, "wanglin")
    assert _change(client, factories.PASSWORD).status_code == 302
    wanglin.refresh_from_db()
    assert wanglin.password_changed_at is not None
    assert client.get("/staff/").status_code == 200
