"""Issue 12 item 1 in a real browser: from an empty database, /setup/ sets up 柳州市柳江区 (450206)
and its three administrators; the new 系统管理员 signs in with the one-time password shown once,
changes it, enrols the second factor and reaches the staff dashboard; /setup/ is then 404."""

import pytest

from fazhi.core.models import Region, User
from fazhi.core.security import totp
from fazhi.core.security.models import TotpDevice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Liujiang-Xitong-2026"


def test_first_run_page_to_the_new_administrators_dashboard(live_server, page, artifacts, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.FAZHI_TOTP_REQUIRED_FOR_ADMINS = True  # as in production (the test settings turn it off)
    base = live_server.url
    assert not User.objects.exists()

    page.goto(f"{base}/setup/")
    page.fill("#f-q", "柳江")
    page.click(".setup-find button")
    page.click('#setup-found a[data-code="450206"]')
    assert page.input_value("input[name=region]") == "450206"
    page.fill("input[name=code]", (tmp_path / "keys" / "setup-code").read_text().strip())
    page.screenshot(path=str(artifacts / "first-run-form.png"), full_page=True)
    page.click("#setup-form button[type=submit]")
    page.wait_for_selector("#setup-logins")
    assert "已设置本级政府：广西壮族自治区柳州市柳江区（450206）" in page.inner_text("h1")
    password = page.inner_text('#setup-logins tr[data-username="sysadmin"] td.password').strip()
    assert len(password) >= 10
    page.screenshot(path=str(artifacts / "first-run-done.png"), full_page=True)
    assert Region.objects.filter(parent_id="450206").count() == 8

    page.click("#to-login")
    page.fill("input[name=username]", "sysadmin")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff/security/password/**")
    page.fill("input[name=old_password]", password)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/staff/security/totp/**")
    device = TotpDevice.objects.get(user__username="sysadmin", confirmed_at__isnull=True)
    page.fill("input[name=code]", totp.totp(totp.secret_of(device)))
    page.click("form:has(input[value=confirm]) button[type=submit]")
    page.wait_for_url(f"{base}/staff/")
    assert "系统管理员" in page.inner_text(".whoami")

    assert page.goto(f"{base}/setup/").status == 404
