"""Issue 11 item 9 acceptance, as the 复议机构 in real Chromium: its 待办 lists a new online application
(网上收件; 受理审查 within 5 个工作日 of receipt, 2023 《行政复议法》第三十条), a case waiting for 受理审查, a
held decision waiting for publication review (docs/security.md 18) and, on the 复议机构负责人's 待办, a
延期审理 waiting for approval (第六十二条: 经行政复议机构的负责人批准). Each item opens the page where it is
acted on, and acting on it takes it off the list."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core.publication.models import Publication, PublicationStatus
from fazhi.core.workflow.models import PendingApproval
from fazhi.portal.models import OnlineApplication
from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories
from tests.reconsideration import factories as rf
from tests.reconsideration.test_portal import form_data
from tests.security.test_extension_approval import extend, reviewing
from tests.security.test_publication_rules import _served_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-respondent")


def login(page, base, username):
    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff/")


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def item(page, text):
    """The 待办 item (超期 / 临期 table row) whose title holds ``text``."""
    return page.locator("table.dashboard-items tbody tr", has_text=text)


def test_the_review_bodys_todo_lists_each_waiting_thing_and_acting_removes_it(live_server, browser, tree):
    base = live_server.url
    org = tree["east_justice"]
    desk = factories.user(org, roles=("officer", "reviewer"), username="fuyi", full_name="赵丽")
    head = factories.user(org, roles=("leader",), username="fuzeren", full_name="周主任")
    today = timezone.localdate()

    # A citizen's online application, a case registered at the desk, a held decision, an extension.
    assert Client().post("/reconsideration/apply/", form_data(org, applicant_name="李四")).status_code == 200
    intake = OnlineApplication.objects.get()
    waiting = rf.registered(org, desk, today - dt.timedelta(days=1), today=today)
    served = _served_case(tree, desk)  # 撤销 and served: its decision is held for review
    held = Publication.objects.get(subject_id=served.pk, status=PublicationStatus.PENDING_REVIEW)
    extended = reviewing({"org": org, "officer": desk})
    extend(extended, desk, head, days=20)
    approval = PendingApproval.objects.get()

    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        login(page, base, "fuyi")
        online = item(page, intake.receipt_number)
        assert "网上申请待登记" in online.inner_text()
        queue = page.locator('#work-queue tr[data-state="reconsideration.review"]')
        assert waiting.case_number in queue.inner_text() and "受理" in queue.inner_text()
        publication = item(page, f"《{held.title}》待审核公开")
        assert "待审核公开" in publication.inner_text()
        assert "待您确认" not in page.inner_text("body")  # the extension waits for the head, not for him
        shot(page, "6-reviewer-todo")

        # The held decision: its item opens the review page at it; approving it takes it off.
        publication.locator("a").click()
        page.wait_for_url(re.compile(rf".*/staff/publication-review/#publication-{held.pk}$"))
        page.once("dialog", lambda dialog: dialog.accept())
        page.locator(f"#publication-{held.pk} button:text-is('审核通过，予以公开')").click()
        page.wait_for_selector("text=已批准公开")
        page.goto(f"{base}/staff/")
        assert item(page, f"《{held.title}》待审核公开").count() == 0

        # The online application: registered on 网上收件, it becomes a case waiting for 受理审查.
        item(page, intake.receipt_number).locator("a").click()
        page.wait_for_url(re.compile(rf".*/staff/online-applications/#intake-{intake.pk}$"))
        page.locator(f"#intake-{intake.pk} button:text-is('登记（编定案号）')").click()
        page.wait_for_url(re.compile(r".*/staff/reconsideration/\d+/$"))
        registered = ReconsiderationCase.objects.get(query_code__isnull=False, applicant_names__contains="李")
        page.goto(f"{base}/staff/")
        assert item(page, intake.receipt_number).count() == 0
        queue = page.locator('#work-queue tr[data-state="reconsideration.review"]')
        assert queue.locator("td.num").first.inner_text() == "2"

        # 受理 the case that waited longest: it leaves 待受理审查.
        queue.locator(f"a:text-is('{waiting.case_number}')").click()
        page.wait_for_url(re.compile(rf".*/staff/reconsideration/{waiting.pk}/$"))
        page.locator("details.action summary:text-is('受理')").click()
        form = page.locator("details.action:has(summary:text-is('受理')) form")
        form.locator("[name=accepted_on]").fill(today.isoformat())
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "已受理" in page.inner_text(".page-head")
        page.goto(f"{base}/staff/")
        queue = page.locator('#work-queue tr[data-state="reconsideration.review"]')
        assert waiting.case_number not in queue.inner_text() and registered.case_number in queue.inner_text()
        shot(page, "7-reviewer-todo-after")

        # The 复议机构负责人: the extension waits for his confirmation; confirming takes it off.
        context.clear_cookies()
        login(page, base, "fuzeren")
        pending = item(page, f"{extended.case_number}：延期审理待您确认")
        assert pending.count() == 1
        shot(page, "8-head-todo")
        pending.locator("a").click()
        page.wait_for_url(re.compile(rf".*/staff/approvals/{approval.pk}/$"))
        page.click("#approval-confirm")
        page.wait_for_url(re.compile(rf".*/staff/reconsideration/{extended.pk}/$"))
        page.goto(f"{base}/staff/")
        assert item(page, "待您确认").count() == 0
    finally:
        context.close()


def test_a_decision_the_head_agrees_to_waits_on_his_todo_and_is_made_when_he_confirms(
    live_server, browser, tree
):
    """经行政复议机关的负责人同意 (《行政复议法》第六十一条第一款): the officer fills in the decision and names
    the 负责人; the case page says it waits for him and offers no second decision; his 待办 lists it,
    its page reads the decision as filled in, and confirming it makes the decision, dated that day."""
    base = live_server.url
    org = tree["east_justice"]
    desk = factories.user(org, roles=("officer", "reviewer"), username="fuyi", full_name="赵丽")
    head = factories.user(org, roles=("leader",), username="fuzeren", full_name="周主任")
    today = timezone.localdate()
    case = reviewing({"org": org, "officer": desk})
    rf.hear_views(case, desk, today)

    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        login(page, base, "fuyi")
        page.goto(f"{base}/staff/reconsideration/{case.pk}/")
        page.locator("details.action summary:text-is('作出行政复议决定')").click()
        form = page.locator("details.action:has(summary:text-is('作出行政复议决定')) form")
        form.locator("[name=decision_type]").select_option(label="维持")
        form.locator("[name=decided_on]").fill(today.isoformat())
        form.locator("[name=approval]").select_option("leader")
        form.locator("[name=approver]").select_option(str(head.pk))
        for name, text in rf.DECISION_CONTENT.items():
            if name != "approval":
                form.locator(f"[name={name}]").fill(text)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        body = page.inner_text("body")
        assert "待周主任本人确认后生效" in body and "审理中" in page.inner_text(".page-head")
        decide = page.locator("#actions button:text-is('作出行政复议决定')")
        assert decide.is_disabled()
        shot(page, "9-decision-asked")

        context.clear_cookies()
        login(page, base, "fuzeren")
        pending = item(page, f"{case.case_number}：作出行政复议决定待您确认")
        assert pending.count() == 1
        pending.locator("a").click()
        page.wait_for_url(re.compile(r".*/staff/approvals/\d+/$"))
        text = page.inner_text("main")
        assert "维持" in text and "经行政复议机关负责人同意" in text and "以您确认之日为准" in text
        assert rf.DECISION_CONTENT["facts"] in text
        shot(page, "10-decision-approval")
        page.click("#approval-confirm")
        page.wait_for_url(re.compile(rf".*/staff/reconsideration/{case.pk}/$"))
        assert "已作出决定" in page.inner_text(".page-head")
    finally:
        context.close()
    case.refresh_from_db()
    assert (case.status, case.decision_type, case.decided_on) == ("decided", "uphold", today)
