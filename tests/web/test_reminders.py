"""今日提醒 (ADR 0008): the daily 08:30 job writes for each staff member what their 待办 shows —
clocks overdue or due within five working days in their data scope, and the domains' items — as
masked reminders, once per matter a day; the staff nav counts today's unread ones, and opening
今日提醒 marks them read."""

import datetime as dt

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from fazhi.core.calendar import services as clocks
from fazhi.core.jobs import tasks as core_tasks
from fazhi.core.jobs.models import JobRun, JobStatus, JobTrigger
from fazhi.core.masking import scan_text
from fazhi.core.models import RoleCode
from fazhi.core.workflow import engine
from fazhi.web import dashboard_sources, selectors
from fazhi.web import tasks as web_tasks
from fazhi.web.dashboard_sources import DashboardItem
from fazhi.web.models import Reminder
from tests import factories

pytestmark = pytest.mark.django_db

ID_NUMBER = "110101199003071233"
PHONE = "13812345678"


def _overdue(make_matter, org, actor, title):
    matter = make_matter(org, actor, title=title)
    received = timezone.localdate() - dt.timedelta(days=40)
    return engine.perform(matter, "register", actor=actor, data={"received_on": received.isoformat()})


def _due_in(make_matter, org, actor, title, workdays):
    matter = make_matter(org, actor, title=title)
    clocks.start_clock(
        matter,
        code="reply",
        label="答复期限",
        start_date=timezone.localdate(),
        length=workdays,
        unit="workday",
        article="测试依据",
    )
    return matter


def _titles(user) -> set[str]:
    return set(Reminder.objects.filter(user=user).values_list("title", flat=True))


def test_the_reminder_job_runs_every_morning_at_half_past_eight():
    job = {t.name: t for t in HUEY._registry.periodic_tasks}["fazhi.reminders"]
    hits = [
        (h, m) for h in range(24) for m in range(60) if job.validate_datetime(dt.datetime(2026, 12, 2, h, m))
    ]
    assert hits == [(8, 30)]


def test_each_user_is_reminded_of_what_waits_in_their_scope(people, make_matter, tree):
    a, b = people["a"], people["b"]
    _overdue(make_matter, tree["east_justice"], a, "本单位超期事项")
    _overdue(make_matter, tree["east_market"], b, "其他部门超期事项")
    soon = _due_in(make_matter, tree["east_justice"], a, "五个工作日内到期", 5)
    _due_in(make_matter, tree["east_justice"], a, "八个工作日后到期", 8)
    supervisor = factories.user(
        tree["east_gov"], roles=("supervisor",), scope="region", full_name="依法治县办"
    )
    sysadmin = factories.user(None, roles=(RoleCode.SYSADMIN,), username="sysadmin")
    gone = factories.user(tree["east_justice"], roles=("officer",), scope="region", is_active=False)

    run = web_tasks.run_reminders(trigger=JobTrigger.SCHEDULE)

    assert _titles(a) == {"本单位超期事项", "五个工作日内到期"}
    assert _titles(b) == {"其他部门超期事项"}
    assert _titles(supervisor) == {"本单位超期事项", "其他部门超期事项", "五个工作日内到期"}
    assert not _titles(sysadmin) and not _titles(gone)
    # The page's 临期 window is shorter: the reminder looks five working days ahead.
    due = soon.__class__.objects.get(pk=soon.pk)
    reminder = Reminder.objects.get(user=a, title="五个工作日内到期")
    assert selectors.due_soon_horizon(timezone.localdate()) < reminder.due_date
    assert reminder.due_date <= selectors.due_soon_horizon(timezone.localdate(), 5)
    assert reminder.url == f"/staff/sample-matters/{due.pk}/" and reminder.kind_label == "答复期限"
    assert not reminder.overdue and reminder.note.startswith("剩余")
    late = Reminder.objects.get(user=a, title="本单位超期事项")
    assert late.overdue and late.note.startswith("已超期") and late.kind_label == "受理审查期限"

    run.refresh_from_db()
    assert run.status == JobStatus.DONE and run.trigger == "schedule"
    assert run.summary == f"{timezone.localdate():%Y-%m-%d}：为3名工作人员生成提醒6条（其中已超期4条）。"
    assert run.detail == {
        "date": timezone.localdate().isoformat(),
        "users": 3,
        "created": 6,
        "overdue": 4,
        "pruned": 0,
    }


def test_a_second_run_the_same_day_adds_nothing_twice(people, make_matter, tree):
    a = people["a"]
    _overdue(make_matter, tree["east_justice"], a, "超期事项")
    first = web_tasks.run_reminders(trigger=JobTrigger.SCHEDULE)
    Reminder.objects.update(read_at=timezone.now())
    again = web_tasks.run_reminders(trigger=JobTrigger.STARTUP)
    assert first.detail["created"] == 1 and again.detail["created"] == 0
    assert Reminder.objects.filter(user=a).count() == 1
    assert Reminder.objects.get().read_at is not None  # what was read stays read
    _overdue(make_matter, tree["east_justice"], a, "新的超期事项")
    web_tasks.run_reminders(trigger=JobTrigger.SCHEDULE)
    assert _titles(a) == {"超期事项", "新的超期事项"}
    # The next day is a new day's reminders.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    web_tasks.run_reminders(trigger=JobTrigger.SCHEDULE, today=tomorrow)
    assert Reminder.objects.filter(user=a, day=tomorrow).count() == 2
    # A month on, the old days' reminders are gone.
    later = web_tasks.run_reminders(trigger=JobTrigger.SCHEDULE, today=tomorrow + dt.timedelta(days=31))
    assert later.detail["pruned"] == 4 and Reminder.objects.count() == 2


def test_reminders_never_hold_an_id_number_or_a_phone_in_the_clear(people, make_matter, tree, client):
    a = people["a"]
    _overdue(make_matter, tree["east_justice"], a, f"张三{ID_NUMBER}申请")

    def source(user, today):
        return [
            DashboardItem(
                title=f"回电{PHONE}",
                url="/staff/",
                due_date=today + dt.timedelta(days=1),
                kind_label="开庭提醒",
                note=f"联系人身份证{ID_NUMBER}",
            )
        ]

    dashboard_sources.register_dashboard_source(source)
    try:
        web_tasks.run_reminders(trigger=JobTrigger.SCHEDULE)
    finally:
        dashboard_sources.unregister_dashboard_source(source)
    rows = list(Reminder.objects.filter(user=a))
    assert len(rows) == 2
    stored = " ".join(f"{r.title} {r.kind_label} {r.note}" for r in rows)
    assert ID_NUMBER not in stored and PHONE not in stored and not scan_text(stored)
    assert "1****************3" in stored and "138****5678" in stored
    client.force_login(a)
    page = client.get("/staff/reminders/").content.decode()
    assert ID_NUMBER not in page and PHONE not in page and "138****5678" in page


def test_the_nav_counts_unread_reminders_until_they_are_opened(people, make_matter, tree, client):
    a, b = people["a"], people["b"]
    _overdue(make_matter, tree["east_justice"], a, "超期事项一")
    _overdue(make_matter, tree["east_justice"], a, "超期事项二")
    web_tasks.run_reminders(trigger=JobTrigger.SCHEDULE)
    client.force_login(a)
    page = client.get("/staff/").content.decode()
    assert 'href="/staff/reminders/">今日提醒 <span class="nav-badge" aria-label="2条未读">2</span>' in page
    opened = client.get("/staff/reminders/").content.decode()
    assert opened.count('<span class="badge badge-blue">新</span>') == 2
    assert "超期事项一" in opened and "超期事项二" in opened and "共 2 条" in opened
    assert not Reminder.objects.filter(user=a, read_at__isnull=True).exists()
    page = client.get("/staff/").content.decode()
    assert 'href="/staff/reminders/">今日提醒</a>' in page and "nav-badge" not in page
    assert "新</span>" not in client.get("/staff/reminders/").content.decode()
    # Someone else sees only their own (none here).
    client.force_login(b)
    assert "超期事项一" not in client.get("/staff/reminders/").content.decode()


def test_the_nav_count_costs_no_query_and_is_read_again_within_a_minute(
    people, make_matter, tree, client, monkeypatch, django_assert_num_queries
):
    from fazhi.web import reminders

    a = people["a"]
    client.force_login(a)
    assert "nav-badge" not in client.get("/staff/").content.decode()  # read: none yet
    _overdue(make_matter, tree["east_justice"], a, "超期事项")
    web_tasks.run_reminders(trigger=JobTrigger.SCHEDULE)  # 08:30, while the user is signed in
    request = client.get("/staff/").wsgi_request
    with django_assert_num_queries(0):
        assert reminders.RemindersSection("r", "今日提醒", "web:reminders").badge(request) is None
    later = reminders.time.time() + reminders.BADGE_REFRESH
    monkeypatch.setattr(reminders.time, "time", lambda: later)
    assert 'aria-label="1条未读">1</span>' in client.get("/staff/").content.decode()


def test_before_the_days_run_the_page_says_so(people, client):
    client.force_login(people["a"])
    assert "今天的提醒尚未生成" in client.get("/staff/reminders/").content.decode()
    web_tasks.run_reminders(trigger=JobTrigger.SCHEDULE)
    page = client.get("/staff/reminders/").content.decode()
    assert "今天的提醒尚未生成" not in page and "没有超期事项" in page


def test_the_three_administrators_have_no_reminders_page(client):
    admin = factories.user(None, roles=(RoleCode.SYSADMIN,), username="sysadmin")
    client.force_login(admin)
    assert client.get("/staff/reminders/").status_code == 404
    assert "今日提醒" not in client.get("/staff/jobs/").content.decode()


def test_a_consumer_starting_after_half_past_eight_catches_up_once(people, make_matter, tree, monkeypatch):
    _overdue(make_matter, tree["east_justice"], people["a"], "超期事项")
    today = timezone.localdate()
    at = lambda h, m: timezone.make_aware(dt.datetime.combine(today, dt.time(h, m)))  # noqa: E731
    assert not web_tasks.reminders_due(at(7, 0))  # the schedule will run it at 08:30
    assert web_tasks.reminders_due(at(9, 0))
    monkeypatch.setattr(web_tasks, "reminders_due", lambda now=None: True)
    core_tasks.on_consumer_start()
    run = JobRun.objects.get(name="reminders")
    assert run.trigger == "startup" and run.status == JobStatus.DONE
    monkeypatch.undo()
    assert not web_tasks.reminders_due(at(9, 0))  # today's run happened
    assert Reminder.objects.count() == 1


def test_the_reminder_run_shows_on_the_jobs_page_apart_from_user_submitted_runs(people, client):
    web_tasks.run_reminders(trigger=JobTrigger.SCHEDULE)
    JobRun.objects.create(
        name="report",
        label="生成年度报告：东区2022年度报告",
        trigger="user",
        actor=people["a"],
        status="done",
    )
    client.force_login(factories.user(None, roles=(RoleCode.SYSADMIN,), username="sysadmin"))
    page = client.get("/staff/jobs/").content.decode()
    scheduled, submitted = page.split('id="import-runs"')
    assert "待办提醒（每日）" in scheduled and "名工作人员生成提醒" in scheduled
    assert (
        "东区2022年度报告" not in scheduled
        and "生成年度报告：东区2022年度报告" in submitted
        and "王林" in submitted
    )
