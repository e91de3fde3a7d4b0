"""New calendar years come from the installed chinesecalendar by themselves (issue 11 item 3):
``fazhi calendar sync``, run after every migrate and daily by the job runner; a year is never
confirmed without holidays; a step the law takes by itself waits on an unconfirmed year and shows
on 待办 as 待确认日历. The 2026-12-25 example: received on Christmas Day, the 5-工作日 review of
《行政复议法》第三十条 ran into 2027, whose 元旦 a weekends-only calendar counted as a working day."""

import datetime as dt

import pytest
from django.core.management import call_command

from fazhi.core.audit.models import AuditEvent
from fazhi.core.calendar import services as calendar
from fazhi.core.calendar.models import CalendarDay, CalendarYear, DayKind
from fazhi.core.calendar.tasks import run_calendar_sync
from fazhi.core.jobs.models import JobRun
from fazhi.core.workflow import deadlines, engine
from fazhi.web.held_back import held_back_steps
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

D = dt.date


def _forget_2026():
    """The database as an older chinesecalendar (up to 2025) left it."""
    CalendarDay.objects.filter(date__year=2026).delete()
    CalendarYear.objects.filter(year=2026).delete()


def test_sync_adds_a_year_the_package_has_and_recomputes_running_clocks(
    tree, django_capture_on_commit_callbacks
):
    _forget_2026()
    officer = factories.user(tree["east_justice"], roles=("officer",))
    case = rf.registered(tree["east_justice"], officer, D(2026, 9, 25))
    clock = calendar.clocks_for(case).get(code="acceptance_review")
    assert clock.provisional and clock.due_date == D(2026, 10, 2)  # 国庆 counted as working days

    with django_capture_on_commit_callbacks(execute=True):
        result = calendar.sync_from_package()
    assert result.added == [2026] and result.days > 30
    clock.refresh_from_db()
    assert not clock.provisional and clock.due_date == D(2026, 10, 9)
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"
    assert CalendarYear.objects.get(year=2026).confirmed
    assert AuditEvent.objects.filter(action="calendar.sync").count() == 1

    again = calendar.sync_from_package()  # idempotent: nothing more, no second audit row
    assert again.added == [] and "已是最新" in again.summary
    assert AuditEvent.objects.filter(action="calendar.sync").count() == 1


def test_sync_never_overwrites_a_year_an_administrator_entered_or_confirmed():
    _forget_2026()
    CalendarYear.objects.create(year=2026, confirmed=False, source="人工录入中")
    CalendarDay.objects.create(date=D(2026, 1, 1), kind=DayKind.HOLIDAY, name="元旦（人工）")
    result = calendar.sync_from_package()
    assert result.added == [] and result.kept == [2026]
    assert CalendarDay.objects.filter(date__year=2026).count() == 1
    assert not CalendarYear.objects.get(year=2026).confirmed
    CalendarYear.objects.filter(year=2025).update(source="人工核对")
    CalendarDay.objects.filter(date=D(2025, 10, 8)).delete()  # an edited confirmed year stays edited
    calendar.sync_from_package()
    assert not CalendarDay.objects.filter(date=D(2025, 10, 8)).exists()


def test_migrate_and_the_daily_job_run_the_sync(capsys):
    _forget_2026()
    call_command("migrate", verbosity=1)
    assert CalendarYear.objects.get(year=2026).confirmed
    assert "已从 chinesecalendar 补充2026年" in capsys.readouterr().out

    _forget_2026()
    run = run_calendar_sync(trigger="schedule")
    assert JobRun.objects.get(pk=run.pk).detail["added"] == [2026]
    assert "补充2026年" in run.summary


def test_cli_sync_and_confirm_refuses_a_year_without_holidays(capsys):
    call_command("calendar", "sync")
    assert "已是最新" in capsys.readouterr().out
    with pytest.raises(Exception, match="2027年尚未录入任何法定节假日"):
        calendar.confirm_year(2027)


def test_a_lapse_in_an_unconfirmed_year_waits_and_shows_on_the_dashboard(
    tree, django_capture_on_commit_callbacks
):
    org = tree["east_justice"]
    officer = factories.user(org, roles=("officer", "reviewer"))
    sysadmin = factories.user(tree["east_gov"], roles=("sysadmin",), username="sys")
    stranger = factories.user(tree["west_justice"], roles=("officer",), username="west")
    case = rf.registered(org, officer, D(2026, 12, 25))
    clock = calendar.clocks_for(case).get(code="acceptance_review")
    assert clock.provisional and clock.due_date == D(2027, 1, 1)  # 元旦 counted as a working day

    assert deadlines.run(today=D(2027, 1, 5)).done == []
    case.refresh_from_db()
    assert case.status == "review"

    (item,) = held_back_steps(officer, D(2027, 1, 5))
    assert item.kind_label == "待确认日历" and case.case_number in item.title
    assert "2027年工作日历尚未确认" in item.note
    assert held_back_steps(stranger, D(2027, 1, 5)) == []  # another county's case is not shown
    (year_item,) = held_back_steps(sysadmin, D(2027, 1, 5))
    assert year_item.title == "2027年工作日历未确认：1件事项的自动办理暂停"
    assert case.case_number not in year_item.title + year_item.note  # no case data for the administrator

    # The 2027 schedule is entered and confirmed: 元旦 is a holiday, the review ends on 01-04 and the
    # case is accepted by law from 01-05 — not from 元旦.
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
        calendar.confirm_year(2027)
    assert held_back_steps(officer, D(2027, 1, 5)) == []
    (done,) = deadlines.run(today=D(2027, 1, 5)).done
    assert done.lapse_date == D(2027, 1, 5)
    case.refresh_from_db()
    assert case.status == "accepted"
    assert engine.history(case).filter(transition="deem_accepted").exists()


def test_the_sync_is_scheduled_daily():
    from huey.contrib.djhuey import HUEY

    task = {t.name: t for t in HUEY._registry.periodic_tasks}["fazhi.calendar_sync"]
    runs = [
        (h, m) for h in range(24) for m in range(60) if task.validate_datetime(dt.datetime(2026, 12, 2, h, m))
    ]
    assert runs == [(2, 40)]
