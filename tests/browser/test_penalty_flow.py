"""行政处罚 in Chromium: an enforcement officer of 东区市场监督管理局 registers a 线索 with its 当事人 on the
create page, takes it from 立案 through 调查取证, 告知 and 决定 on the generic detail page; a reviewer
approves the masked decision (事后公开, held for review) and the portal's 行政处罚决定公开 shows it with
the person as 张某 — no 身份证号, phone or address anywhere on the public pages."""

import re

import pytest
from django.utils import timezone

from fazhi.enforcement.models import PenaltyCase
from tests import factories
from tests.browser.test_reconsideration_flow import take
from tests.enforcement import factories as ef

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID_NUMBER = "11010519491231002X"
PHONE = "13977123456"
ADDRESS = "示范市东区幸福路18号3单元"
ID_RE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def assert_clean(page):
    for blob in (page.content(), page.inner_text("body")):
        assert not ID_RE.search(blob) and not MOBILE_RE.search(blob)
        for value in (ID_NUMBER, PHONE, ADDRESS, "幸福路", "张建国"):
            assert value not in blob


def test_officer_decides_a_penalty_and_the_portal_masks_the_person(live_server, browser, artifacts, tree):
    base = live_server.url
    today = timezone.localdate().isoformat()
    market = tree["east_market"]
    officer = factories.user(
        market, roles=("officer", "reviewer", "leader"), username="wangfang", full_name="王芳"
    )
    first, second = (
        ef.officer(market, officer, full_name="刘强"),
        ef.officer(market, officer, full_name="陈静"),
    )
    staff = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    public = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    desk, page = staff.new_page(), public.new_page()
    try:
        desk.goto(f"{base}/staff/login/")
        desk.fill("input[name=username]", "wangfang")
        desk.fill("input[name=password]", factories.PASSWORD)
        desk.click("button[type=submit]")
        desk.wait_for_url(f"{base}/staff/")

        # 1. 登记案件线索 with the 当事人 inline and the two officers.
        desk.goto(f"{base}/staff/enforcement-penalties/new/")
        desk.fill("input[name=title]", "涉嫌销售过期食品案")
        desk.fill("input[name=source]", "投诉举报")
        desk.fill("input[name=registered_on]", today)
        desk.fill("textarea[name=summary]", "群众举报某超市销售超过保质期的食品。")
        desk.select_option("select[name=officer_a]", label=str(first))
        desk.select_option("select[name=officer_b]", label=str(second))
        desk.select_option("select[name=parties-0-kind]", value="person")
        desk.fill("input[name=parties-0-name]", "张建国")
        desk.fill("input[name=parties-0-id_number]", ID_NUMBER)
        desk.fill("input[name=parties-0-phone]", PHONE)
        desk.fill("input[name=parties-0-address]", ADDRESS)
        desk.locator("form button[type=submit]").last.click()
        desk.wait_for_url(re.compile(r".*/staff/enforcement-penalties/\d+/$"))
        case = PenaltyCase.objects.get()
        assert case.number.endswith(f"罚〔{today[:4]}〕1号")
        assert "线索登记" in desk.inner_text(".page-head")

        # 2. 立案 → 调查取证 → 调查终结 → 告知 → 放弃听证 → 决定.
        take(desk, "file", "立案", filed_on=today, approval_note="同意立案")
        assert "办案期限" in desk.inner_text("body")
        take(desk, "investigate", "开始调查取证", started_on=today)
        take(
            desk,
            "propose",
            "调查终结，拟作出行政处罚",
            concluded_on=today,
            facts="销售过期食品",
            evidence="现场检查笔录",
        )
        take(
            desk,
            "notify",
            "告知拟处罚",
            notified_on=today,
            intended="罚款人民币五千元",
            facts="销售过期食品",
            reasons="违反《食品安全法》第三十四条",
            basis="《食品安全法》第一百二十四条",
        )
        assert "听证申请期限" in desk.inner_text("body")
        take(desk, "no_hearing", "未要求听证，进入决定", reason="当事人放弃陈述申辩、听证", noted_on=today)
        ef.attach(case, "行政处罚决定书", officer)
        desk.reload()
        take(
            desk,
            "decide",
            "作出行政处罚决定",
            decided_on=today,
            penalty_kind="罚款",
            amount="5000",
            facts="当事人张建国销售超过保质期的食品",
            basis="《中华人民共和国食品安全法》第一百二十四条",
            performance="自收到本决定书之日起十五日内缴纳",
        )
        assert "已决定、待送达" in desk.inner_text(".page-head")
        desk.screenshot(path=str(artifacts / "penalty-1-decided.png"), full_page=True)

        # 3. Held for review: not on the portal until the reviewer approves the masked preview.
        page.goto(f"{base}/enforcement/penalties/")
        assert case.number not in page.inner_text("body")
        desk.goto(f"{base}/staff/publication-review/")
        assert "张某" in desk.inner_text("body") and "张建国" not in desk.inner_text("body")
        desk.once("dialog", lambda dialog: dialog.accept())
        desk.click("button:text-is('审核通过，予以公开')")
        desk.wait_for_selector("text=已批准公开")

        # 4. The portal lists and shows it, the person masked.
        page.goto(f"{base}/enforcement/penalties/")
        listing = page.inner_text("body")
        assert case.number in listing and "张某" in listing and "东区市场监督管理局" in listing
        assert_clean(page)
        page.click(f"text={case.number}行政处罚决定")
        page.wait_for_load_state()
        body = page.inner_text("body")
        assert "罚款" in body and "5000.00元" in body and "张某" in body and "食品安全法" in body
        page.screenshot(path=str(artifacts / "penalty-2-portal.png"), full_page=True)
        assert_clean(page)
    finally:
        staff.close()
        public.close()
