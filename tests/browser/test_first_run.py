"""Issue 12 item 1 in a real browser: from an empty database, /setup/ sets up 柳州市柳江区 (450206),
its three administrators and, from the templates, its 司法局 and a 承办人; the new 系统管理员 signs in
with the one-time password shown once, changes it, enrols the second factor and reaches the staff
dashboard; /setup/ is then 404. Then the first case: a citizen applies online to 柳江区司法局 and
the 承办人, signed in with the password the setup page showed, registers it."""

import re

import pytest

from fazhi.core.models import Region, User
from fazhi.core.security import totp
from fazhi.core.security.models import TotpDevice
from fazhi.reconsideration.models import ReconsiderationCase
from tests.setup.test_setup_command import _xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Liujiang-Xitong-2026"
OFFICER_PASSWORD = "Liujiang-Chengban-2026"


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
    orgs, staff = tmp_path / "单位.xlsx", tmp_path / "工作人员.xlsx"
    orgs.write_bytes(
        _xlsx(
            "organisations",
            [
                [
                    "柳江区司法局",
                    "工作部门",
                    "450206",
                    "柳江区人民政府",
                    None,
                    "否",
                    "司法行政机关、行政复议机构",
                ],
                ["柳江区市场监督管理局", "工作部门", "450206", "柳江区人民政府", None, "是", None],
            ],
        ).getvalue()
    )
    staff.write_bytes(
        _xlsx("staff", [["liwei", "李伟", "柳江区司法局", "承办人、法制审核人员", None]]).getvalue()
    )
    page.set_input_files("input[name=organisations]", str(orgs))
    page.set_input_files("input[name=staff]", str(staff))
    page.screenshot(path=str(artifacts / "first-run-form.png"), full_page=True)
    page.click("#setup-form button[type=submit]")
    page.wait_for_selector("#setup-logins")
    assert "已设置本级政府：广西壮族自治区柳州市柳江区（450206）" in page.inner_text("h1")
    password = page.inner_text('#setup-logins tr[data-username="sysadmin"] td.password').strip()
    officer_password = page.inner_text('#setup-logins tr[data-username="liwei"] td.password').strip()
    assert len(password) >= 10 and len(officer_password) >= 10
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

    # The first case: a citizen applies online to the 司法局 the setup imported …
    citizen = page.context.browser.new_context(locale="zh-CN")
    apply = citizen.new_page()
    apply.goto(f"{base}/reconsideration/apply/")
    apply.select_option("select[name=organisation]", label="柳江区司法局")
    apply.check("input[name=applicant_kind][value=person]")
    apply.fill("input[name=applicant_name]", "覃建华")
    apply.fill("input[name=id_number]", "11010519491231002X")
    apply.fill("input[name=phone]", "13977123456")
    apply.fill("input[name=address]", "柳江区拉堡镇柳堡路1号")
    apply.fill("input[name=respondent_name]", "柳江区市场监督管理局")
    apply.select_option("select[name=act_type]", label="行政处罚")
    apply.fill("input[name=act_document_number]", "柳江市监罚〔2026〕3号")
    apply.fill("textarea[name=act_description]", "以销售过期食品为由罚款五千元")
    apply.fill("textarea[name=requests]", "请求撤销该行政处罚决定。")
    apply.fill("textarea[name=facts]", "涉案食品在保质期内，被申请人认定事实不清。")
    apply.click("#apply-form button[type=submit]")
    apply.wait_for_selector("#query-code")
    assert re.fullmatch(r"[0-9A-Z]{12}", apply.inner_text("#query-code").strip())
    citizen.close()
    assert not ReconsiderationCase.objects.exists()  # 网上收件: a 案号 only when the officer registers it

    # … and the 承办人, with the password the setup page showed, registers it.
    desk = page.context.browser.new_context(
        locale="zh-CN", viewport={"width": 1366, "height": 900}
    ).new_page()
    desk.goto(f"{base}/staff/login/")
    desk.fill("input[name=username]", "liwei")
    desk.fill("input[name=password]", officer_password)
    desk.click("button[type=submit]")
    desk.wait_for_url(f"{base}/staff/security/password/**")
    desk.fill("input[name=old_password]", officer_password)
    desk.fill("input[name=new_password1]", OFFICER_PASSWORD)
    desk.fill("input[name=new_password2]", OFFICER_PASSWORD)
    desk.click("main button[type=submit]")
    desk.wait_for_url(f"{base}/staff/")
    desk.goto(f"{base}/staff/online-applications/")
    desk.locator(".intake-item").first.locator("button:text-is('登记（编定案号）')").click()
    desk.wait_for_url(re.compile(r".*/staff/reconsideration/\d+/$"))
    case = ReconsiderationCase.objects.get()
    assert case.channel == "online" and case.case_number in desk.inner_text("body")
    assert "柳江区司法局" in desk.inner_text("body")
    desk.screenshot(path=str(artifacts / "first-run-first-case.png"), full_page=True)
    case.refresh_from_db()
    assert case.status == "review" and case.organisation.region_id == "450206"  # 登记收件 → 审查受理
