"""Break-glass on the server console (docs/security.md 5, 8, 12): ``fazhi accounts reset-totp|unlock|
force-password-change --user LOGIN --reason TEXT --operator NAME`` helps the accounts the 安全管理员
screen must refuse — here an 审计管理员 who lost the phone with the second factor. It refuses
without a reason or an operator, writes exactly one audit row naming both, ends the account's
sessions and API tokens, and the administrator must enrol a new device at the next login."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from fazhi.api import tokens
from fazhi.core.audit import context
from fazhi.core.audit.models import AuditEvent
from fazhi.core.models import User
from fazhi.core.security import accounts, totp
from fazhi.core.security.management.commands.accounts import Command
from fazhi.core.security.models import AccountLock, TotpDevice, UserSession
from tests import factories
from tests.security.identity_helpers import login

pytestmark = pytest.mark.django_db
SETUP = "/staff/security/totp/"
VERIFY = "/staff/security/totp/verify/"
CHANGE = "/staff/security/password/"
AUDIT_PAGE = "/admin/audit/auditevent/"
REASON = "审计管理员手机遗失，经分管领导书面批准"
OPERATOR = "张建国"


@pytest.fixture
def shenji(db, settings):
    settings.FAZHI_TOTP_REQUIRED_FOR_ADMINS = True
    return factories.user(None, roles=("auditadmin",), username="shenji", full_name="审计员")


def enrol(user):
    device, key = totp.start_enrolment(user)
    assert totp.verify(device, totp.totp(key, time.time() - 30))
    return device, key


def signed_in_with_code(username, key) -> Client:
    client = Client()
    assert login(client, username).status_code == 302
    client.post(VERIFY, {"code": totp.totp(key)})
    assert client.get(AUDIT_PAGE).status_code == 200
    return client


def console(*args) -> str:
    out = io.StringIO()
    call_command("accounts", *args, stdout=out)
    return out.getvalue()


def from_shell(*argv):
    """As ``fazhi accounts …`` on the command line: exit status and what went to stderr."""
    err = io.StringIO()
    command = Command(stdout=io.StringIO(), stderr=err)
    with pytest.raises(SystemExit) as exited:
        command.run_from_argv(["fazhi", "accounts", *argv])
    return exited.value.code, err.getvalue()


@pytest.fixture
def keep_test_connection(monkeypatch):
    # run_from_argv closes every connection when it ends; the test's transaction must survive it.
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)


def rows():
    return list(AuditEvent.objects.filter(action__startswith="security.account.").order_by("id"))


@pytest.mark.parametrize(
    ("reason", "operator", "message"),
    [
        ("", OPERATOR, "请填写办理原因"),
        ("   ", OPERATOR, "请填写办理原因"),
        (REASON, "", "--operator"),
        (REASON, "  ", "--operator"),
    ],
)
def test_refused_without_a_reason_or_an_operator(shenji, reason, operator, message):
    _, key = enrol(shenji)
    session = signed_in_with_code("shenji", key)
    with pytest.raises(CommandError, match=message):
        console("reset-totp", "--user", "shenji", "--reason", reason, "--operator", operator)
    # Nothing changed: the same device, the same session, no audit row.
    assert totp.confirmed_device(shenji) is not None and totp.secret_of(TotpDevice.objects.get()) == key
    assert session.get(AUDIT_PAGE).status_code == 200
    assert not rows()


def test_reset_for_an_audit_administrator_who_lost_the_device(shenji):
    anquan = factories.user(None, roles=("secadmin",), username="anquan", full_name="安全员")
    _, old_key = enrol(shenji)
    on_lost_phone = signed_in_with_code("shenji", old_key)
    token, raw = tokens.issue(shenji, name="审计对接")
    assert tokens.authenticate(raw) is not None
    # The screen still refuses (三权分立), which is why the console is needed.
    with pytest.raises(accounts.AccountActionRefused, match="不能对审计管理员账号办理此操作"):
        accounts.perform(anquan, shenji, "reset_totp", REASON)

    out = console("reset-totp", "--user", "ShenJi", "--reason", REASON, "--operator", OPERATOR)
    assert "已重置审计员（shenji）的动态口令" in out
    assert "已结束其现有登录 1 个、吊销其接口令牌 1 个" in out
    assert "下次登录时须重新绑定动态口令" in out and OPERATOR in out and REASON in out

    (event,) = rows()
    assert event.action == "security.account.reset_totp" and event.result == "ok"
    assert event.object_id == str(shenji.pk) and event.user_id is None and event.request_id
    assert event.detail["channel"] == "console"
    assert event.detail["operator"] == OPERATOR and event.detail["reason"] == REASON
    assert event.detail["sessions_ended"] == 1 and event.detail["tokens_revoked"] == 1
    assert f"第 {event.pk} 条" in out

    # Everything held with the old credentials stops working.
    assert not UserSession.objects.filter(user=shenji).exists()
    assert on_lost_phone.get(AUDIT_PAGE)["Location"].startswith("/admin/login/")
    assert tokens.authenticate(raw) is None
    device = TotpDevice.objects.get(user=shenji)
    assert device.confirmed_at is None and device.reset_at is not None
    assert totp.secret_of(device) != old_key

    # Next login: the password alone, then enrolment before any page; the old code is worthless.
    person = Client()
    assert login(person, "shenji").status_code == 302
    for path in ("/staff/", AUDIT_PAGE):
        gated = person.get(path)
        assert gated.status_code == 302 and gated["Location"] == SETUP, path
    refused = person.post(SETUP, {"action": "confirm", "code": totp.totp(old_key)})
    assert totp.confirmed_device(shenji) is None, refused
    new_key = totp.secret_of(TotpDevice.objects.get(user=shenji))
    assert person.post(SETUP, {"action": "confirm", "code": totp.totp(new_key)}).status_code == 302
    assert person.get(AUDIT_PAGE).status_code == 200
    assert not totp.reset_pending(shenji)


def test_unlock_and_forced_password_change_of_a_system_administrator(db):
    xitong = factories.user(None, roles=("sysadmin",), username="xitong", full_name="系统员")
    for _ in range(5):
        login(Client(), "xitong", "wrong-Password-1")
    assert login(Client(), "xitong").status_code == 200  # locked

    out = console("unlock", "--user", "xitong", "--reason", "锁定后无其他系统管理员", "--operator", OPERATOR)
    assert "已解除系统员（xitong）的登录锁定" in out
    assert AccountLock.objects.get(user=xitong).locked_until is None
    person = Client()
    assert login(person, "xitong").status_code == 302

    out = console(
        "force-password-change", "--user", "xitong", "--reason", "密码疑似泄露", "--operator", OPERATOR
    )
    assert "已要求系统员（xitong）修改密码" in out
    assert User.objects.get(pk=xitong.pk).password_changed_at is None
    assert person.get("/staff/")["Location"].startswith("/staff/login/")  # its session ended
    login(person, "xitong")
    assert person.get("/staff/")["Location"].startswith(CHANGE)
    assert [(e.action, e.detail["operator"]) for e in rows()] == [
        ("security.account.unlock", OPERATOR),
        ("security.account.force_password_change", OPERATOR),
    ]


def test_unknown_user_and_bad_input_exit_non_zero_with_a_chinese_error(shenji, keep_test_connection):
    enrol(shenji)
    args = ["--reason", REASON, "--operator", OPERATOR]
    code, err = from_shell("reset-totp", "--user", "nobody", *args)
    assert code != 0 and "未找到用户名为“nobody”的账号" in err
    code, err = from_shell("reset-totp", *args)
    assert code != 0 and "请用 --user 填写" in err
    code, err = from_shell("reset-totp", "--user", "shenji", "--operator", OPERATOR)
    assert code != 0 and "请填写办理原因" in err
    code, err = from_shell("unlock", "--user", "shenji", *args)
    assert code != 0 and "该账号当前未被锁定" in err
    code, err = from_shell("reset-totp", "--user", "shenji", "--reason", "原" * 501, "--operator", OPERATOR)
    assert code != 0 and "办理原因不能超过500个字" in err
    assert totp.confirmed_device(shenji) is not None and not rows()


def test_the_console_path_is_refused_inside_a_signed_in_request(shenji):
    """Only the console may skip the screen's refusals: with a request's user in the audit context
    (any web view), the service refuses."""
    enrol(shenji)
    anquan = factories.user(None, roles=("secadmin",), username="anquan")
    token = context.activate(context.RequestContext(user_id=anquan.pk, username="anquan", ip="10.0.0.5"))
    try:
        with pytest.raises(accounts.AccountActionRefused, match="只能在服务器控制台执行"):
            accounts.perform_from_console(shenji, "reset_totp", REASON, OPERATOR)
    finally:
        context.reset(token)
    assert totp.confirmed_device(shenji) is not None and not rows()


def test_the_screen_and_the_console_end_the_same_things(tree):
    """Parity: the 安全管理员 screen's reset also revokes the account's API tokens."""
    anquan = factories.user(None, roles=("secadmin",), username="anquan")
    wanglin = factories.user(tree["east_justice"], username="wanglin", full_name="王林")
    enrol(wanglin)
    _, raw = tokens.issue(wanglin, name="对接")
    detail = accounts.perform(anquan, wanglin, "reset_totp", REASON)
    assert detail["tokens_revoked"] == 1 and "channel" not in detail
    assert tokens.authenticate(raw) is None
