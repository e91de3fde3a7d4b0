"""Issue 10 item 1 in a real browser: the 系统管理员 and the 安全管理员, each signed in with password
and TOTP, try the steps of the penetration test and end without case data (docs/security.md 28–31)."""

import time

import pytest

from fazhi.core import access
from fazhi.core.models import User
from fazhi.core.security import totp
from tests import factories
from tests.sampleapp.models import SampleMatter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _admin(username, role):
    user = factories.user(None, roles=(role,), username=username, full_name=username)
    device, key = totp.start_enrolment(user)
    assert totp.verify(device, totp.totp(key, time.time() - 30))
    return user, key


def _sign_in(page, base, username, password, key=None):
    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if key is not None:
        page.fill("input[name=code]", totp.totp(key))
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/staff/")


def _no_case_data(page, base, matter):
    response = page.goto(f"{base}/staff/sample-matters/{matter.pk}/")
    assert response.status == 404
    assert "东区案件" not in page.inner_text("body")


def test_sysadmin_and_secadmin_try_the_pentest_steps_and_get_no_case_data(live_server, browser, tree):
    base = live_server.url
    matter = SampleMatter.objects.create(title="东区案件", organisation=tree["east_justice"])
    wanglin = factories.user(tree["east_justice"], username="wanglin", full_name="王林")
    sysadmin, sys_key = _admin("xitong", "sysadmin")
    secadmin, sec_key = _admin("anquan", "secadmin")
    market = tree["east_market"]

    # --- 系统管理员 --------------------------------------------------------------------------------
    ctx = browser.new_context(locale="zh-CN")
    page = ctx.new_page()
    _sign_in(page, base, "xitong", factories.PASSWORD, sys_key)
    # /admin/: no form to add a user, none to set a password, no parent to re-parent an organisation.
    page.goto(f"{base}/admin/core/user/add/")
    assert page.locator("input[name=password1]").count() == 0
    page.goto(f"{base}/admin/core/user/{wanglin.pk}/password/")
    assert page.locator("input[name=password1]").count() == 0
    page.goto(f"{base}/admin/core/organisation/{market.pk}/change/")
    assert page.locator("[name=parent]").count() == 0
    # The staff screen: a supervisor with 全辖区 scope is only a request; no 三员 role on offer.
    page.goto(f"{base}/staff/accounts/new/")
    assert page.locator("input[name=roles][value=secadmin]").count() == 0
    page.fill("input[name=username]", "chaoji")
    page.fill("input[name=full_name]", "超级")
    page.select_option("select[name=organisation]", str(tree["east_gov"].pk))
    page.select_option("select[name=data_scope]", "region")
    page.check("input[name=roles][value=supervisor]")
    page.fill("textarea[name=reason]", "测试开通")
    page.click("#request-form button[type=submit]")
    page.wait_for_url(f"{base}/staff/accounts/")
    assert "安全管理员批准后生效" in page.inner_text("body")
    assert not User.objects.filter(username="chaoji").exists()
    _no_case_data(page, base, matter)
    ctx.close()

    # --- 安全管理员 --------------------------------------------------------------------------------
    ctx = browser.new_context(locale="zh-CN")
    page = ctx.new_page()
    _sign_in(page, base, "anquan", factories.PASSWORD, sec_key)
    page.goto(f"{base}/admin/core/user/{wanglin.pk}/password/")
    assert page.locator("input[name=password1]").count() == 0
    page.goto(f"{base}/admin/core/user/{wanglin.pk}/change/")
    assert page.locator("input[name=roles], textarea[name=roles]").count() == 0
    # Approving the request shows only the second part of the one-time password.
    page.goto(f"{base}/staff/security/changes/")
    assert "chaoji" in page.inner_text("body")
    page.click("form:has(input[value=approve]) button")
    page.wait_for_load_state()
    second = page.inner_text("#one-time-password").strip()
    assert "后段" in page.inner_text("h1")
    _no_case_data(page, base, matter)
    ctx.close()

    # The part the 安全管理员 saw does not open the new account.
    ctx = browser.new_context(locale="zh-CN")
    page = ctx.new_page()
    _sign_in(page, base, "chaoji", second)
    assert "/staff/login/" in page.url
    ctx.close()

    for admin_user in (sysadmin, secadmin):
        assert access.visible(admin_user, SampleMatter).count() == 0
    assert not User.objects.get(username="chaoji").check_password(second)
    assert not wanglin.__class__.objects.get(pk=wanglin.pk).check_password(second)
