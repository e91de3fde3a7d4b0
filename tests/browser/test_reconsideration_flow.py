"""Issue #3 acceptance: a citizen applies online in Chromium and gets a 收件编号 and a query code; an
officer registers the application on 网上收件 (the 案号 is given then, issue 10 item 8), asks for 补正,
records the completion, accepts, decides and serves through the generic detail page; a reviewer
approves the masked decision (held by default, issue 10 item 3) and it appears on the portal; the
citizen follows progress with the query code; no portal page holds an ID number, a phone or the
address."""

import re

import pytest
from django.utils import timezone

from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID_NUMBER = "11010519491231002X"
PHONE = "13977123456"
ADDRESS = "示范市东区幸福路18号3单元"
ID_RE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def assert_clean(page):
    html = page.content()
    text = page.inner_text("body")
    for blob in (html, text):
        assert not ID_RE.search(blob) and not MOBILE_RE.search(blob)
        for value in (ID_NUMBER, PHONE, ADDRESS, "幸福路", "李建国"):
            assert value not in blob


def take(page, name, transition, **fields):
    """Open the transition's form on the generic detail page, fill it and submit."""
    form = page.locator(f"details.action:has(summary:text-is('{transition}')) form")
    page.locator(f"details.action summary:text-is('{transition}')").click()
    for field, value in fields.items():
        control = form.locator(f"[name={field}]")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#page-error").count() == 0, page.inner_text("#page-error")
    assert page.locator(".field-error").count() == 0, page.locator(".field-error").all_inner_texts()


def citizen_query(page, base, code, name):
    page.goto(f"{base}/reconsideration/query/")
    page.fill("input[name=query_code]", code)
    page.fill("input[name=applicant_name]", name)
    page.click("#query-form button[type=submit]")
    page.wait_for_load_state()
    return page.inner_text("body")


def test_citizen_applies_officer_decides_masked_decision_is_public(live_server, browser, artifacts, tree):
    base = live_server.url
    today = timezone.localdate().isoformat()
    factories.user(tree["east_justice"], roles=("officer", "reviewer"), username="zhaoli", full_name="赵丽")
    citizen = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    staff = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page, desk = citizen.new_page(), staff.new_page()
    try:
        # 1. The citizen applies online; a wrong phone is refused first, in Chinese, nothing saved.
        page.goto(f"{base}/")
        page.click("text=行政复议")
        page.click("#link-apply")
        page.select_option("select[name=organisation]", label="东区司法局")
        page.check("input[name=applicant_kind][value=person]")
        page.fill("input[name=applicant_name]", "李建国")
        page.fill("input[name=id_number]", ID_NUMBER)
        page.fill("input[name=phone]", "1397712")
        page.fill("input[name=address]", ADDRESS)
        page.fill("input[name=respondent_name]", "东区市场监督管理局")
        page.select_option("select[name=act_type]", label="行政处罚")
        page.fill("input[name=act_document_number]", "东市监罚〔2026〕7号")
        page.fill("textarea[name=act_description]", "以销售过期食品为由罚款八千元")
        page.fill("textarea[name=requests]", "请求撤销该行政处罚决定。")
        page.fill("textarea[name=facts]", "涉案食品在保质期内，被申请人认定事实不清。")
        page.click("#apply-form button[type=submit]")
        assert "联系电话应为11位手机号码" in page.inner_text("body")
        assert ReconsiderationCase.objects.count() == 0
        page.fill("input[name=phone]", PHONE)
        page.click("#apply-form button[type=submit]")
        page.wait_for_selector("#query-code")
        code = page.inner_text("#query-code").strip()
        assert re.fullmatch(r"[0-9A-Z]{12}", code)
        receipt = page.inner_text("#receipt-number").strip()
        assert re.fullmatch(r"网收〔\d{4}〕\d{6}", receipt)
        page.screenshot(path=str(artifacts / "reconsideration-1-applied.png"), full_page=True)
        assert_clean(page)
        assert not ReconsiderationCase.objects.exists()  # no case, no 案号 before registration

        # 2. The officer registers the application and asks for 补正.
        desk.goto(f"{base}/staff/login/")
        desk.fill("input[name=username]", "zhaoli")
        desk.fill("input[name=password]", factories.PASSWORD)
        desk.click("button[type=submit]")
        desk.wait_for_url(f"{base}/staff/")
        assert receipt in desk.inner_text("body")  # 待办: 网上申请待登记
        desk.goto(f"{base}/staff/online-applications/")
        desk.locator(".intake-item", has_text=receipt).locator("button:text-is('登记（编定案号）')").click()
        desk.wait_for_url(re.compile(r".*/staff/reconsideration/\d+/$"))
        case = ReconsiderationCase.objects.get()
        assert case.query_code == code and case.channel == "online"
        assert "受理审查中" in desk.inner_text(".page-head") and case.case_number in desk.inner_text("body")
        take(desk, "completion", "通知补正", items="请补充提交行政处罚决定书复印件。", notified_on=today)
        assert "补正中" in desk.inner_text(".page-head")
        desk.screenshot(path=str(artifacts / "reconsideration-2-completion.png"), full_page=True)

        body = citizen_query(page, base, code, "李建国")
        assert "补正中" in body and case.case_number in body and "李某" in body
        assert_clean(page)

        # 3. The 补正 is completed; the officer accepts, runs the review and decides; then serves.
        take(desk, "complete", "补正材料收齐", completed_on=today)
        take(desk, "accept", "受理", accepted_on=today)
        take(desk, "copy", "向被申请人发送申请书副本", sent_on=today)
        take(desk, "answer", "登记答复", answered_on=today)
        take(
            desk,
            "hear",
            "听取当事人意见",
            heard_on=today,
            manner="通过电话听取",
            summary="申请人坚持复议请求",
        )
        take(
            desk,
            "decide",
            "作出行政复议决定",
            decision_type="撤销",
            decided_on=today,
            approval="经集体讨论通过",
            applicant_says="被申请人未告知陈述申辩权利",
            respondent_says="处罚事实清楚，程序合法",
            facts="被申请人作出处罚前未告知申请人陈述、申辩的权利",
            reasoning="被申请人违反法定程序",
        )
        take(desk, "serve", "送达", served_on=today)
        assert "已送达" in desk.inner_text(".page-head")
        desk.screenshot(path=str(artifacts / "reconsideration-3-served.png"), full_page=True)

        # 4. Held for review; the reviewer approves the masked preview and it is on the portal.
        page.goto(f"{base}/reconsideration/decisions/")
        assert case.case_number not in page.inner_text("body")
        desk.goto(f"{base}/staff/publication-review/")
        assert "李某" in desk.inner_text("body") and "李建国" not in desk.inner_text("body")
        desk.once("dialog", lambda dialog: dialog.accept())  # 确认按上述预览公开…？
        desk.click("button:text-is('审核通过，予以公开')")
        desk.wait_for_selector("text=已批准公开")
        page.goto(f"{base}/reconsideration/decisions/")
        listing = page.inner_text("body")
        assert case.case_number in listing and "东区市场监督管理局" in listing and "李某" in listing
        assert_clean(page)
        page.click(f"text={case.case_number}行政复议决定书")
        page.wait_for_selector("#decision")
        decision = page.inner_text("#decision")
        assert "撤销" in decision and "东区司法局" in decision and "涉案食品在保质期内" in decision
        assert "李某" in decision
        page.screenshot(path=str(artifacts / "reconsideration-4-decision.png"), full_page=True)
        assert_clean(page)

        # 5. The citizen follows progress with the query code; a wrong code gets a generic message.
        body = citizen_query(page, base, code, "李建国")
        assert "已送达" in body and "撤销" in body and "查看公开的行政复议决定书" in body
        page.screenshot(path=str(artifacts / "reconsideration-5-progress.png"), full_page=True)
        assert_clean(page)
        body = citizen_query(page, base, "ACDEFGHJKMNP", "李建国")
        assert "未找到与该查询码和申请人姓名（名称）相符的申请" in body and case.case_number not in body
    finally:
        citizen.close()
        staff.close()
