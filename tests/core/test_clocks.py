"""Statutory clocks: a ledger of suspensions, restarts, extensions and stops, recomputed on the 2026 calendar."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.calendar import services
from fazhi.core.calendar.models import CalendarDay, Clock, ClockEntry, ClockState, DayKind, EntryKind
from fazhi.core.workflow import engine
from tests import factories
from tests.sampleapp.models import SampleMatter

D = dt.date
SEPT_28, SEPT_30 = D(2026, 9, 28), D(2026, 9, 30)
DECISION_ARTICLE = "《行政复议法》第六十二条"
REVIEW_ARTICLE = "《行政复议法》第三十条、第八十八条"


@pytest.fixture
def matter(tree):
    return engine.create(SampleMatter, actor=None, title="不服罚款决定", organisation=tree["east_justice"])


@pytest.fixture
def approver(tree):
    return factories.user(tree["east_justice"], roles=("leader",), full_name="李局长")


def decision_clock(matter, start=SEPT_28, length=60, cap=30) -> Clock:
    return services.start_clock(
        matter,
        code="decision",
        label="作出决定期限",
        start_date=start,
        length=length,
        unit="day",
        article=DECISION_ARTICLE,
        start_label="受理",
        extension_cap=cap,
    )


def review_clock(matter, start=SEPT_30) -> Clock:
    return services.start_clock(
        matter,
        code="acceptance_review",
        label="受理审查期限",
        start_date=start,
        length=5,
        unit="workday",
        article=REVIEW_ARTICLE,
        start_label="收到申请",
    )


def fresh(clock: Clock) -> Clock:
    return Clock.objects.get(pk=clock.pk)


@pytest.mark.django_db
def test_started_clock_explains_its_due_date(matter):
    clock = fresh(review_clock(matter))
    assert clock.state == ClockState.RUNNING
    assert clock.due_date == D(2026, 10, 13)
    assert not clock.provisional
    assert clock.organisation_id == matter.organisation_id
    assert clock.explanation.startswith("受理审查期限：自收到申请2026年9月30日起（当日不计）5个工作日")
    assert REVIEW_ARTICLE in clock.explanation


@pytest.mark.django_db
def test_suspension_excludes_natural_days_for_a_day_clock(matter):
    clock = decision_clock(matter, start=D(2026, 10, 8), length=30)
    assert fresh(clock).due_date == D(2026, 11, 9)  # 11-07 is a Saturday, rolled to Monday

    services.suspend_clock(clock, date=D(2026, 10, 12), reason="鉴定")
    suspended = fresh(clock)
    assert suspended.state == ClockState.SUSPENDED
    assert suspended.due_date is None
    assert "2026年10月12日起中止计时" in suspended.explanation

    services.resume_clock(clock, date=D(2026, 10, 22))
    resumed = fresh(clock)
    assert resumed.state == ClockState.RUNNING
    # 10 natural days not counted: 11-07 + 10 = 11-17 (Tuesday).
    assert resumed.due_date == D(2026, 11, 17)
    assert "扣除中止期间10日" in resumed.explanation
    assert "2026年10月12日至2026年10月22日鉴定，不计10日" in resumed.explanation
    assert DECISION_ARTICLE in resumed.explanation


@pytest.mark.django_db
def test_suspension_excludes_working_days_for_a_workday_clock(matter):
    clock = review_clock(matter, start=D(2026, 9, 28))
    # 09-29, 09-30, (holiday week), 10-08, 10-09 and the make-up Saturday 10-10.
    assert fresh(clock).due_date == D(2026, 10, 10)
    services.suspend_clock(clock, date=D(2026, 9, 29), reason="征询第三方意见")
    services.resume_clock(clock, date=D(2026, 10, 9))
    resumed = fresh(clock)
    # Working days in (09-29, 10-09]: 09-30, 10-08, 10-09 → 3 not counted; the holiday week costs nothing.
    assert "扣除中止期间3个工作日" in resumed.explanation
    assert resumed.due_date == D(2026, 10, 14)


@pytest.mark.django_db
def test_suspension_dated_before_the_start_only_excludes_time_after_the_start(matter):
    clock = decision_clock(matter, start=D(2026, 10, 8), length=30)
    services.suspend_clock(clock, date=D(2026, 10, 1), reason="中止")
    services.resume_clock(clock, date=D(2026, 10, 13))
    # Only 10-08 → 10-13 (5 days) ran on the clock; 11-07 + 5 = 11-12.
    assert fresh(clock).due_date == D(2026, 11, 12)
    assert "扣除中止期间5日" in fresh(clock).explanation


@pytest.mark.django_db
def test_resume_before_suspension_is_refused(matter):
    clock = decision_clock(matter)
    services.suspend_clock(clock, date=D(2026, 10, 12), reason="鉴定")
    with pytest.raises(ValidationError, match="恢复日期不能早于中止日期"):
        services.resume_clock(clock, date=D(2026, 10, 10))
    with pytest.raises(ValidationError, match="不能中止"):
        services.suspend_clock(clock, date=D(2026, 10, 13), reason="再次中止")
    assert fresh(clock).state == ClockState.SUSPENDED


@pytest.mark.django_db
def test_completion_restarts_the_review_from_the_new_date(matter):
    clock = review_clock(matter, start=D(2026, 9, 30))
    services.suspend_clock(clock, date=D(2026, 10, 9), reason="通知补正")
    services.restart_clock(clock, date=D(2026, 10, 20), reason="补正完成")
    restarted = fresh(clock)
    assert restarted.state == ClockState.RUNNING
    # A new full 5 工作日 from 10-20 (Tue): 21, 22, 23, 26, 27.
    assert restarted.due_date == D(2026, 10, 27)
    assert "重新起算" in restarted.explanation
    assert "自补正完成2026年10月20日起" in restarted.explanation
    # The suspension before the restart belongs to the old period and is not deducted again.
    assert "扣除中止" not in restarted.explanation


@pytest.mark.django_db
def test_restart_dated_before_an_earlier_suspension_still_ends_it(matter):
    """The ledger is applied in the order it was written; a restart always ends a suspension."""
    clock = review_clock(matter, start=D(2026, 9, 30))
    services.suspend_clock(clock, date=D(2026, 10, 12), reason="通知补正")
    services.restart_clock(clock, date=D(2026, 10, 9), reason="补正完成")
    restarted = fresh(clock)
    assert restarted.state == ClockState.RUNNING
    # 5 工作日 from 10-09: 10-10 (make-up Saturday), 12, 13, 14, 15.
    assert restarted.due_date == D(2026, 10, 15)


@pytest.mark.django_db
def test_start_clock_again_restarts_the_running_clock(matter):
    first = review_clock(matter, start=D(2026, 9, 30))
    again = review_clock(matter, start=D(2026, 10, 20))
    assert again.pk == first.pk
    assert Clock.objects.filter(code="acceptance_review").count() == 1
    assert fresh(first).due_date == D(2026, 10, 27)


@pytest.mark.django_db
def test_extension_within_cap_moves_the_due_date(matter, approver):
    clock = decision_clock(matter)  # 2026-09-28 + 60 = 2026-11-27 (Friday)
    assert fresh(clock).due_date == D(2026, 11, 27)
    services.extend_clock(clock, days=20, reason="案情复杂", approver=approver, date=D(2026, 11, 20))
    extended = fresh(clock)
    assert extended.due_date == D(2026, 12, 17)
    assert "延长20日" in extended.explanation
    assert "经批准延长20日（案情复杂）" in extended.explanation
    entry = ClockEntry.objects.get(clock=clock, kind=EntryKind.EXTEND)
    assert entry.date == D(2026, 11, 20)  # the approval date, not the old due date
    assert entry.approver == approver and entry.days == 20


@pytest.mark.django_db
def test_extension_beyond_the_cap_is_refused_and_changes_nothing(matter, approver):
    clock = decision_clock(matter, cap=30)
    services.extend_clock(clock, days=20, reason="案情复杂", approver=approver, date=D(2026, 11, 20))
    before = fresh(clock)
    with pytest.raises(ValidationError) as refused:
        services.extend_clock(clock, days=15, reason="仍需鉴定", approver=approver, date=D(2026, 12, 10))
    message = refused.value.messages[0]
    assert "最多延长30日" in message
    assert DECISION_ARTICLE in message
    assert "已延长20日" in message
    after = fresh(clock)
    assert (after.due_date, after.explanation) == (before.due_date, before.explanation)
    assert ClockEntry.objects.filter(clock=clock, kind=EntryKind.EXTEND).count() == 1
    # Exactly up to the cap is allowed.
    services.extend_clock(clock, days=10, reason="仍需鉴定", approver=approver, date=D(2026, 12, 10))
    assert fresh(clock).due_date == D(2026, 12, 28)  # 11-27 + 30 = 12-27 (Sunday) → Monday


@pytest.mark.django_db
def test_extension_needs_a_reason_and_an_approver(matter, approver):
    clock = decision_clock(matter)
    with pytest.raises(ValidationError, match="须写明理由"):
        services.extend_clock(clock, days=10, reason="  ", approver=approver)
    with pytest.raises(ValidationError, match="须记录批准人"):
        services.extend_clock(clock, days=10, reason="案情复杂", approver=None)
    with pytest.raises(ValidationError, match="正整数"):
        services.extend_clock(clock, days=0, reason="案情复杂", approver=approver)
    assert not ClockEntry.objects.filter(clock=clock).exists()
    assert fresh(clock).due_date == D(2026, 11, 27)


@pytest.mark.django_db
def test_restart_resets_extensions_and_the_cap(matter, approver):
    clock = decision_clock(matter, cap=30)
    services.extend_clock(clock, days=30, reason="案情复杂", approver=approver, date=D(2026, 10, 10))
    services.restart_clock(clock, date=D(2026, 10, 20), reason="重新受理")
    restarted = fresh(clock)
    assert restarted.due_date == D(2026, 12, 21)  # 10-20 + 60 = 12-19 (Saturday) → Monday
    assert "延长" not in restarted.explanation
    # The old period's extension does not use up the new period's cap.
    assert services.extension_used(restarted) == 0
    services.extend_clock(clock, days=30, reason="案情复杂", approver=approver, date=D(2026, 12, 10))
    assert fresh(clock).due_date == D(2027, 1, 18)


@pytest.mark.django_db
def test_stop_records_met_or_overdue(matter, tree):
    on_time = decision_clock(matter)
    services.stop_clock(on_time, date=D(2026, 11, 27))
    stopped = fresh(on_time)
    assert stopped.state == ClockState.STOPPED
    assert stopped.stopped_on == D(2026, 11, 27)
    assert stopped.met is True
    assert "按期" in stopped.explanation

    other = engine.create(SampleMatter, actor=None, title="另一事项", organisation=tree["east_justice"])
    late = decision_clock(other)
    services.stop_clock(late, date=D(2026, 11, 30))
    assert fresh(late).met is False
    assert "逾期" in fresh(late).explanation


@pytest.mark.django_db
def test_stopping_a_suspended_clock_measures_it_as_resumed_on_that_day(matter):
    clock = decision_clock(matter)  # due 11-27
    services.suspend_clock(clock, date=D(2026, 11, 20), reason="中止")
    services.stop_clock(clock, date=D(2026, 12, 15))
    stopped = fresh(clock)
    assert stopped.met is True  # only 53 of 60 days had run when the matter was suspended
    assert stopped.due_date == D(2026, 12, 22)


@pytest.mark.django_db
def test_stopped_clock_refuses_further_ledger_lines(matter, approver):
    clock = decision_clock(matter)
    services.stop_clock(clock, date=D(2026, 11, 1))
    with pytest.raises(ValidationError, match="已结束"):
        services.extend_clock(clock, days=5, reason="案情复杂", approver=approver)
    with pytest.raises(ValidationError, match="已结束"):
        services.restart_clock(clock, date=D(2026, 11, 5), reason="重新受理")


@pytest.mark.django_db
def test_ledger_lines_cannot_be_edited(matter):
    clock = decision_clock(matter)
    services.suspend_clock(clock, date=D(2026, 10, 12), reason="鉴定")
    entry = ClockEntry.objects.get(clock=clock)
    entry.date = D(2026, 10, 20)
    with pytest.raises(ValidationError, match="只能追加"):
        entry.save()


@pytest.mark.django_db
def test_adding_a_holiday_inside_an_open_clock_moves_its_due_date(matter, django_capture_on_commit_callbacks):
    clock = review_clock(matter, start=D(2026, 9, 30))
    assert fresh(clock).due_date == D(2026, 10, 13)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        CalendarDay.objects.create(date=D(2026, 10, 12), kind=DayKind.HOLIDAY, name="测试假日")
    assert callbacks, "the calendar edit must schedule a recomputation"
    moved = fresh(clock)
    assert moved.due_date == D(2026, 10, 14)
    assert "测试假日假期不计" in moved.explanation


@pytest.mark.django_db
def test_calendar_edit_waits_for_commit(matter, django_capture_on_commit_callbacks):
    clock = review_clock(matter, start=D(2026, 9, 30))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        CalendarDay.objects.create(date=D(2026, 10, 12), kind=DayKind.HOLIDAY, name="测试假日")
    assert fresh(clock).due_date == D(2026, 10, 13)  # not before the edit commits
    for callback in callbacks:
        callback()
    assert fresh(clock).due_date == D(2026, 10, 14)


@pytest.mark.django_db
def test_stopped_clocks_are_not_recomputed(matter, django_capture_on_commit_callbacks):
    clock = review_clock(matter, start=D(2026, 9, 30))
    services.stop_clock(clock, date=D(2026, 10, 13))
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=D(2026, 10, 12), kind=DayKind.HOLIDAY, name="测试假日")
    assert fresh(clock).due_date == D(2026, 10, 13)
    assert fresh(clock).met is True


@pytest.mark.django_db
def test_confirming_2027_clears_the_provisional_flag(matter, django_capture_on_commit_callbacks):
    clock = decision_clock(matter, start=D(2026, 12, 1))
    provisional = fresh(clock)
    assert provisional.due_date == D(2027, 2, 1)  # 12-01 + 60 = 2027-01-30 (Saturday) → Monday
    assert provisional.provisional
    assert "2027年节假日安排尚未确认" in provisional.explanation
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
        services.confirm_year(2027)
    confirmed = fresh(clock)
    assert not confirmed.provisional
    assert "暂定" not in confirmed.explanation


@pytest.mark.django_db
def test_rolled_back_calendar_edit_does_not_linger_in_the_cache():
    assert services.due_date(D(2026, 9, 30), 5, "workday").due == D(2026, 10, 13)
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarDay.objects.create(date=D(2026, 10, 12), kind=DayKind.HOLIDAY, name="测试假日")
        assert services.due_date(D(2026, 9, 30), 5, "workday").due == D(2026, 10, 14)
        raise RuntimeError("回滚")
    assert services.due_date(D(2026, 9, 30), 5, "workday").due == D(2026, 10, 13)


def test_a_changed_period_is_a_ledger_entry_that_survives_a_restart(matter):
    clock = decision_clock(matter, length=30)  # 09-28 + 30 日 → 10-28
    assert clock.due_date == D(2026, 10, 28)
    services.relength_clock(clock, length=60, date=D(2026, 10, 9), reason="简易程序转为普通程序")
    clock = fresh(clock)
    # 60 日 from the same start → 11-27; the declared length is kept, the change is in the ledger
    assert (clock.due_date, clock.length, services.current_length(clock)) == (D(2026, 11, 27), 30, 60)
    assert clock.entries.filter(kind=EntryKind.RELENGTH, days=60).count() == 1
    services.restart_clock(clock, date=D(2026, 10, 12), reason="重新起算")
    assert fresh(clock).due_date == D(2026, 12, 11)  # 60 日 from the restart


def test_changing_the_period_of_a_stopped_clock_or_to_nothing_is_refused(matter):
    clock = decision_clock(matter, length=30)
    with pytest.raises(ValidationError, match="正整数"):
        services.relength_clock(clock, length=0, date=D(2026, 10, 9), reason="x")
    services.stop_clock(clock, date=D(2026, 10, 9))
    with pytest.raises(ValidationError, match="已结束"):
        services.relength_clock(fresh(clock), length=60, date=D(2026, 10, 10), reason="x")
    assert not ClockEntry.objects.filter(clock=clock, kind=EntryKind.RELENGTH).exists()
