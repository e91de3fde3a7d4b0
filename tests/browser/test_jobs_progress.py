"""Background jobs in Chromium (ADR 0008): 计算并保存 lands on the job's page, which refreshes itself
with htmx from 排队等候 to the progress region by region to the result, and links back to the saved
figures; the morning reminders show as a count in the staff nav until 今日提醒 is opened.

The test plays the consumer: the click only queues the job (as with a real consumer busy elsewhere),
then the test writes the progress the job writes and runs the job. The page's polls are held by a
Playwright route until the test waits on the page again, so the live server never reads while the
test thread writes (they share one in-memory SQLite connection)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from fazhi.core.jobs import services as jobs
from fazhi.core.jobs.models import JobRun, JobStatus, JobTrigger
from fazhi.core.models import DataScope
from fazhi.core.workflow import engine
from fazhi.indicators import periods, services, tasks
from fazhi.web import tasks as web_tasks
from tests import factories
from tests.fixtures_seed000 import seed000  # noqa: F401  (the shared fixture)
from tests.sampleapp.models import SampleMatter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city_supervisor(tree):
    city_gov = factories.organisation("示范市人民政府", tree["city"], kind="government")
    return factories.user(
        city_gov, roles=("supervisor",), scope=DataScope.REGION, username="shifazhi", full_name="依法治市办"
    )


def _login(page, base, username):
    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff/")


@pytest.mark.usefixtures("seed000")
def test_compute_and_save_shows_progress_then_the_figures(
    live_server, page, artifacts, city_supervisor, monkeypatch
):
    base = live_server.url
    queued = []
    monkeypatch.setattr(tasks, "compute_region", queued.append)
    page.route(re.compile(r".*/staff/indicators/jobs/\d+/$"), lambda route: route.continue_())
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, base, "shifazhi")

    page.goto(f"{base}/staff/indicators/?region=450200&period=2022")
    assert "尚无计算批次" in page.inner_text("#run-status")
    page.click("button:has-text('计算并保存')")
    page.wait_for_url(re.compile(r".*/staff/indicators/jobs/\d+/$"))
    run = JobRun.objects.get(name=tasks.REGION_RUN)
    assert queued == [run.pk]
    assert "排队等候中" in page.inner_text("#job-status")
    page.screenshot(path=str(artifacts / "indicator-job-queued.png"), full_page=True)

    # The consumer takes it and has saved the city's run: what the job writes at that point.
    JobRun.objects.filter(pk=run.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    jobs.progress(run, done=1, total=3, text="已保存示范市的结果")
    page.wait_for_selector("#job-status:has-text('已完成 1 / 3 个区划')", timeout=10_000)
    assert page.get_attribute("#job-status progress", "value") == "33"
    page.screenshot(path=str(artifacts / "indicator-job-progress.png"), full_page=True)

    tasks.run_region(run.pk)
    page.wait_for_selector("#figures-link", timeout=10_000)
    done = page.inner_text("#job-status")
    assert "已完成计算（批次" in done and "下级区划2个一并计算，新建批次3个" in done
    page.screenshot(path=str(artifacts / "indicator-job-done.png"), full_page=True)

    page.click("#figures-link")
    page.wait_for_url(f"{base}/staff/indicators/?region=450200&period=2022")
    saved = services.current_run("450200", periods.parse("2022"))
    assert f"数据来自计算批次 {saved.pk}" in page.inner_text("#run-status")
    assert "纠错率" in page.inner_text("main")
    page.screenshot(path=str(artifacts / "indicator-figures-after-job.png"), full_page=True)
    assert not errors


def test_the_reminder_badge_counts_until_the_list_is_opened(live_server, page, artifacts, tree):
    officer = factories.user(
        tree["east_justice"], roles=("officer", "reviewer"), username="wanglin", full_name="王林"
    )
    for title in ("不服罚款决定申请复议", "不服吊销许可申请复议"):
        matter = engine.create(
            SampleMatter, actor=officer, title=title, applicant="张三", organisation=tree["east_justice"]
        )
        old = timezone.localdate() - dt.timedelta(days=40)
        engine.perform(matter, "register", actor=officer, data={"received_on": old.isoformat()})
    web_tasks.run_reminders(trigger=JobTrigger.SCHEDULE)

    base = live_server.url
    _login(page, base, "wanglin")
    badge = page.locator("nav.sidenav a[href='/staff/reminders/'] .nav-badge")
    assert badge.inner_text() == "2"
    page.screenshot(path=str(artifacts / "reminder-badge.png"), full_page=True)
    page.click("nav.sidenav a[href='/staff/reminders/']")
    page.wait_for_url(f"{base}/staff/reminders/")
    listed = page.inner_text("#reminders-overdue")
    assert "不服罚款决定申请复议" in listed and "不服吊销许可申请复议" in listed and "已超期" in listed
    page.screenshot(path=str(artifacts / "reminders-today.png"), full_page=True)
    page.goto(f"{base}/staff/")
    assert page.locator("nav.sidenav a[href='/staff/reminders/'] .nav-badge").count() == 0
