"""Deadline arithmetic on the real 2026 calendar (issue #2 acceptance criteria).

Pure functions: most tests use the seed data as a WorkCalendar without a database; one test
checks that the migrated database holds the same calendar.
"""

import datetime as dt

import pytest

from fazhi.core.calendar import services
from fazhi.core.calendar.deadlines import WorkCalendar, add_days, add_workdays, compute_deadline
from fazhi.core.calendar.seed import builtin_calendar

D = dt.date
CAL = builtin_calendar()


def _days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def test_spring_festival_and_national_day_weeks_are_rest_days():
    for day in _days(D(2026, 2, 15), D(2026, 2, 23)):
        assert not CAL.is_workday(day), day
        assert CAL.rest_name(day) == "春节"
    for day in _days(D(2026, 10, 1), D(2026, 10, 7)):
        assert not CAL.is_workday(day), day
        assert CAL.rest_name(day) == "国庆节"
    # The working days around them are ordinary weekdays.
    assert CAL.is_workday(D(2026, 2, 13)) and CAL.is_workday(D(2026, 2, 24))
    assert CAL.is_workday(D(2026, 9, 30)) and CAL.is_workday(D(2026, 10, 8))


def test_make_up_saturdays_count_as_working_days():
    for day in (D(2026, 2, 14), D(2026, 10, 10)):
        assert day.weekday() == 5  # a Saturday …
        assert CAL.is_workday(day)  # … worked in exchange for the holiday week
    assert not CAL.is_workday(D(2026, 10, 17))  # an ordinary Saturday


def test_five_workdays_after_30_september_is_13_october():
    deadline = add_workdays(CAL, D(2026, 9, 30), 5, article="《行政复议法》第三十条、第八十八条")
    assert deadline.due == D(2026, 10, 13)
    assert not deadline.provisional
    text = deadline.explanation
    assert "《行政复议法》第三十条、第八十八条" in text
    assert "国庆节假期不计" in text
    assert "2026年10月10日调休上班计入" in text
    assert text.endswith("届满日为2026年10月13日")


def test_workdays_across_spring_festival_count_the_make_up_saturday():
    # 2026-02-13 (Fri) + 2 工作日: 02-14 (make-up Sat) is the 1st, the holiday week is skipped,
    # 02-24 (Tue) is the 2nd.
    assert add_workdays(CAL, D(2026, 2, 13), 2).due == D(2026, 2, 24)


def test_three_days_after_28_september_rolls_past_national_day():
    deadline = add_days(CAL, D(2026, 9, 28), 3, article="《行政诉讼法》第一百零一条")
    assert deadline.due == D(2026, 10, 8)
    assert "末日2026年10月1日为国庆节休息日" in deadline.explanation
    assert "《民事诉讼法》第八十五条" in deadline.explanation
    assert "《行政诉讼法》第一百零一条" in deadline.explanation


def test_days_ending_on_a_make_up_workday_do_not_roll():
    # 2026-10-09 + 1 日 = Saturday 2026-10-10, which is worked: the period ends that day.
    deadline = add_days(CAL, D(2026, 10, 9), 1)
    assert deadline.due == D(2026, 10, 10)
    assert "顺延" not in deadline.explanation


def test_days_ending_on_a_weekend_roll_to_monday():
    deadline = add_days(CAL, D(2026, 11, 4), 3)  # Saturday 2026-11-07
    assert deadline.due == D(2026, 11, 9)
    assert "周末休息日" in deadline.explanation


def test_month_end_clamps_to_last_day_of_shorter_month():
    # 2026-02-28 is a Saturday but a make-up workday (春节调休): no roll.
    deadline = compute_deadline(CAL, start=D(2026, 1, 31), length=1, unit="month")
    assert deadline.due == D(2026, 2, 28)
    assert "以月末日为末日" in deadline.explanation


def test_month_end_on_a_holiday_rolls_forward():
    deadline = compute_deadline(CAL, start=D(2026, 9, 1), length=1, unit="month")
    assert deadline.due == D(2026, 10, 8)
    assert "末日2026年10月1日为国庆节休息日" in deadline.explanation
    # Clamped to 2027-02-28, a Sunday, rolled to Monday; 2027 is not confirmed yet.
    later = compute_deadline(CAL, start=D(2026, 12, 31), length=2, unit="month")
    assert later.due == D(2027, 3, 1)
    assert later.provisional


def test_2027_deadline_is_provisional_until_2027_is_confirmed():
    deadline = add_workdays(CAL, D(2026, 12, 20), 20)
    assert deadline.provisional
    assert deadline.unconfirmed_years == (2027,)
    assert "2027年节假日安排尚未确认，届满日为暂定" in deadline.explanation

    confirmed = WorkCalendar(
        holidays=CAL.holidays, workdays=CAL.workdays, confirmed_years=CAL.confirmed_years | {2027}
    )
    again = add_workdays(confirmed, D(2026, 12, 20), 20)
    assert not again.provisional
    assert "暂定" not in again.explanation


def test_suspension_and_extension_appear_in_the_explanation():
    deadline = compute_deadline(
        CAL,
        start=D(2026, 9, 28),
        length=60,
        unit="day",
        article="《行政复议法》第六十二条",
        excluded_days=10,
        extension=30,
    )
    assert deadline.due == D(2026, 9, 28) + dt.timedelta(days=100)  # 2027-01-06, a Wednesday
    assert "扣除中止期间10日" in deadline.explanation
    assert "延长30日" in deadline.explanation


def test_bad_unit_and_negative_length_are_refused_in_chinese():
    with pytest.raises(ValueError, match="未知的期限单位"):
        compute_deadline(CAL, start=D(2026, 1, 5), length=3, unit="week")
    with pytest.raises(ValueError, match="不能为负数"):
        compute_deadline(CAL, start=D(2026, 1, 5), length=-1, unit="day")


@pytest.mark.django_db
def test_the_migrated_calendar_matches_the_seed():
    services.invalidate_calendar()
    cal = services.work_calendar()
    assert set(range(2004, 2027)) <= cal.confirmed_years
    assert 2027 not in cal.confirmed_years
    assert cal.holidays[D(2026, 10, 1)] == "国庆节"
    assert cal.workdays[D(2026, 2, 14)] == "春节调休上班"
    assert services.due_date(D(2026, 9, 30), 5, "workday").due == D(2026, 10, 13)
