"""Issue 11 item 9 acceptance, as the 被申请人 department in real Chromium: its officer sees on 待办 the
case brought against it and by when its 答复 is owed (2023 《行政复议法》第四十八条: 十日, working days
by 第八十八条第二款), opens it, uploads its 答复书 and evidence, takes 登记答复 within the period and sees
the case move to 审理中 with the files listed; it sees no other department's case and no other step.
Its leader sees the department's 行政复议 纠错 and 行政应诉 败诉 figures and the cases behind them."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from fazhi.core.calendar.models import Clock
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories
from tests.reconsideration import factories as rf
from tests.reconsideration import respondent_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-respondent")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def login(page, base, username):
    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff/")


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def upload(page, kind, name, mime, content):
    form = page.locator("form.upload-form")
    form.locator("input[name=kind]").fill(kind)
    form.locator("input[name=file]").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": content}]
    )
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert f"已上传“{name}”" in page.inner_text("body")


def _answering(tree, desk, respondent_name, today):
    case = rf.registered(tree["east_justice"], desk, today, respondent_name=respondent_name)
    engine.perform(case, "accept", actor=desk, data={"accepted_on": today})
    engine.perform(case, "send_copy", actor=desk, data={"sent_on": today})
    return case


def test_the_respondent_answers_in_the_system_and_its_leader_sees_its_figures(live_server, browser, tree):
    base = live_server.url
    today = timezone.localdate()
    data = respondent_data.load(tree, today.year)  # earlier cases against the department this year
    desk = factories.user(tree["east_justice"], roles=("officer", "reviewer"), username="fuyi")
    factories.user(tree["east_market"], roles=("officer",), username="shichang", full_name="钱进")
    factories.user(tree["east_market"], roles=("leader",), username="shichang_lingdao", full_name="孙局长")
    case = _answering(tree, desk, "东区市场监督管理局", today)
    other = _answering(tree, desk, "东区自然资源局", today)
    assert case.act_organisation == tree["east_market"] and other.act_organisation == data["land"]
    due = Clock.objects.get(subject_id=case.pk, code="answer", state="running").due_date
    assert (due - today).days >= 14  # ten working days (第八十八条第二款), at least two weekends

    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        # 1. 待办: the case waiting for its answer, with the date the answer is owed.
        login(page, base, "shichang")
        row = page.locator('#work-queue tr[data-state="reconsideration.answering"]')
        assert "待被申请人答复" in row.inner_text() and "登记答复" in row.inner_text()
        assert case.case_number in row.inner_text()
        assert f"（{due.month}月{due.day}日前）" in row.inner_text()
        assert other.case_number not in page.inner_text("body")  # the other department's case
        shot(page, "1-respondent-todo")

        # 2. The case: the answer period on it; 登记答复 is the only step, nothing to edit.
        row.locator(f"a:text-is('{case.case_number}')").click()
        page.wait_for_url(re.compile(rf".*/staff/reconsideration/{case.pk}/$"))
        assert "待答复" in page.inner_text(".page-head")
        clocks = page.inner_text("#clocks")
        assert "被申请人答复期限" in clocks and due.isoformat() in clocks
        assert page.locator("#actions summary").all_inner_texts() == ["登记答复"]
        assert page.locator("#actions .actions > form, #actions .action-disabled").count() == 0
        for other_step in ("受理", "作出行政复议决定", "终止审理", "被申请人逾期未答复", "中止审理"):
            assert (
                page.locator(f"button:text-is('{other_step}'), summary:text-is('{other_step}')").count() == 0
            )
        assert page.locator(".page-head a:text-is('编辑')").count() == 0
        shot(page, "2-respondent-case")

        # 3. Its 答复书 and evidence, then 登记答复 on a day within the period.
        upload(page, "答复书", "答复书.pdf", "application/pdf", PDF)
        upload(page, "证据材料", "现场检查照片.png", "image/png", PNG)
        page.locator("details.action summary:text-is('登记答复')").click()
        form = page.locator("details.action:has(summary:text-is('登记答复')) form")
        form.locator("[name=answered_on]").fill(today.isoformat())
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#page-error").count() == 0
        assert "审理中" in page.inner_text(".page-head")
        assert "{#" not in page.inner_text("body")
        files = page.inner_text("#attachments")
        assert "答复书.pdf" in files and "现场检查照片.png" in files and "钱进" in files
        assert page.locator("#actions").count() == 0  # nothing more for the respondent
        shot(page, "3-respondent-answered")
        case.refresh_from_db()
        assert case.status == "reviewing"
        assert ReconsiderationCase.objects.get(pk=other.pk).status == "answering"

        # 4. Another department's case is not there for it (a 404, not a refusal).
        response = page.goto(f"{base}/staff/reconsideration/{other.pk}/")
        assert response.status == 404
        page.goto(f"{base}/staff/")
        assert page.locator('#work-queue tr[data-state="reconsideration.answering"]').count() == 0

        # 5. The leader: its own figures for 2026, and the cases behind the 纠错 count.
        context.clear_cookies()
        login(page, base, "shichang_lingdao")
        page.click("nav >> text=各部门被复议被诉情况")
        page.wait_for_url(re.compile(r".*/staff/indicators/organisations/.*"))
        assert "东区市场监督管理局被复议被诉情况" in page.inner_text("h1")
        table = page.locator("#organisation-figures")
        assert table.locator("tbody tr").count() == 1  # its own row only
        cell = table.locator("tbody tr td")
        texts = cell.all_inner_texts()
        assert texts[0] == "5"  # 收到: four earlier this year and this one
        assert texts[1] == "3"  # 审结
        assert texts[2].split()[0] == "66.67%" and "2 / 3" in texts[2]  # 纠错: 撤销 + 确认违法
        assert texts[3] == "2"  # 一审审结
        assert texts[4].split()[0] == "50%" and "1 / 2" in texts[4]  # 败诉
        assert texts[5].split()[0] == "50%" and "1 / 2" in texts[5]  # 负责人出庭, of the hearings
        assert "东区自然资源局" not in page.inner_text("body")
        shot(page, "4-leader-figures")
        table.locator('td[data-code="reconsideration.correction_rate"] a').first.click()
        page.wait_for_load_state()
        assert page.inner_text("#result-count") == "2"
        assert "东区市场监督管理局：行政复议纠错率（分子）" in page.inner_text("h1")
        assert page.inner_text("main p.muted").startswith("行政复议（作为被申请人），")
        shot(page, "5-leader-corrected-cases")
    finally:
        context.close()
