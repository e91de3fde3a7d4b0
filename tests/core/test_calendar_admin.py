"""The calendar in the admin: editable days and years, confirmation, read-only clocks and ledgers."""

import datetime as dt

import pytest

from fazhi.core.audit.models import AuditEvent
from fazhi.core.calendar import services
from fazhi.core.calendar.models import CalendarDay, CalendarYear, Clock, ClockEntry, DayKind
from fazhi.core.workflow import engine
from tests import factories
from tests.sampleapp.models import SampleMatter

D = dt.date
SEPT_30, DEC_1 = D(2026, 9, 30), D(2026, 12, 1)
YEARS = "/admin/calendar/calendaryear/"
DAYS = "/admin/calendar/calendarday/"


@pytest.fixture
def admin_client(client, db):
    admin = factories.user(
        None, roles=("sysadmin",), username="calendar-admin", is_staff=True, is_superuser=True
    )
    client.force_login(admin)
    return client


@pytest.fixture
def matter(tree):
    return engine.create(SampleMatter, actor=None, title="不服罚款决定", organisation=tree["east_justice"])


def review_clock(matter, start=SEPT_30) -> Clock:
    return services.start_clock(
        matter,
        code="acceptance_review",
        label="受理审查期限",
        start_date=start,
        length=5,
        unit="workday",
        article="《行政复议法》第三十条、第八十八条",
        start_label="收到申请",
    )


def decision_clock(matter, start=DEC_1) -> Clock:
    return services.start_clock(
        matter,
        code="decision",
        label="作出决定期限",
        start_date=start,
        length=60,
        unit="day",
        article="《行政复议法》第六十二条",
        start_label="受理",
        extension_cap=30,
    )


def test_year_list_shows_confirmed_flags_and_an_editable_toggle(admin_client):
    CalendarYear.objects.create(year=2027)
    page = admin_client.get(YEARS)
    assert page.status_code == 200
    years = {y.year: y.confirmed for y in page.context["cl"].result_list}
    assert years[2026] is True and years[2027] is False
    assert 'name="form-0-confirmed"' in page.text
    assert "确认所选年度" in page.text


def test_a_year_without_holidays_cannot_be_confirmed_by_action_or_by_the_tick_box(admin_client, matter):
    CalendarYear.objects.create(year=2027)
    clock = decision_clock(matter)
    response = admin_client.post(
        YEARS, {"action": "confirm_selected", "_selected_action": ["2027"]}, follow=True
    )
    assert response.status_code == 200
    assert "2027年尚未录入任何法定节假日，不能确认" in response.text
    form = admin_client.post(f"{YEARS}2027/change/", {"confirmed": "on", "source": "手工"})
    assert form.status_code == 200 and "2027年尚未录入任何法定节假日" in form.text
    assert not CalendarYear.objects.get(year=2027).confirmed
    assert Clock.objects.get(pk=clock.pk).provisional


def test_confirm_action_clears_provisional_clocks(admin_client, matter, django_capture_on_commit_callbacks):
    CalendarYear.objects.create(year=2027)
    CalendarDay.objects.create(date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    clock = decision_clock(matter)
    assert Clock.objects.get(pk=clock.pk).provisional
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            YEARS, {"action": "confirm_selected", "_selected_action": ["2027"]}, follow=True
        )
    assert response.status_code == 200
    assert "已确认2027年节假日安排" in response.text
    assert CalendarYear.objects.get(year=2027).confirmed
    clock = Clock.objects.get(pk=clock.pk)
    assert not clock.provisional
    assert "暂定" not in clock.explanation
    assert AuditEvent.objects.filter(action="calendar.year.confirm", object_id="2027").exists()


def test_unconfirming_a_year_in_the_change_form_makes_its_clocks_provisional_again(
    admin_client, matter, django_capture_on_commit_callbacks
):
    clock = review_clock(matter)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{YEARS}2026/change/", {"source": "人工核对"})  # confirmed unticked
    assert response.status_code == 302
    assert not CalendarYear.objects.get(year=2026).confirmed
    clock = Clock.objects.get(pk=clock.pk)
    assert clock.provisional
    assert "2026年节假日安排尚未确认" in clock.explanation


def test_day_list_filters_by_year(admin_client):
    page = admin_client.get(DAYS, {"year": "2026"})
    assert page.status_code == 200
    days = [d.date for d in page.context["cl"].result_list]
    assert days and all(d.year == 2026 for d in days)
    assert D(2026, 10, 10) in days and D(2026, 2, 14) in days
    assert "2025年" in admin_client.get(DAYS).text  # the year filter offers the other years


def test_adding_editing_and_deleting_a_day_recomputes_open_clocks(
    admin_client, matter, django_capture_on_commit_callbacks
):
    clock = review_clock(matter)
    assert clock.due_date == D(2026, 10, 13)

    with django_capture_on_commit_callbacks(execute=True):
        added = admin_client.post(
            f"{DAYS}add/", {"date": "2026-10-12", "kind": "holiday", "name": "临时休假"}
        )
    assert added.status_code == 302
    assert Clock.objects.get(pk=clock.pk).due_date == D(2026, 10, 14)

    # Turning the make-up Saturday 10-10 into an ordinary rest day costs another day.
    with django_capture_on_commit_callbacks(execute=True):
        edited = admin_client.post(f"{DAYS}2026-10-10/change/", {"kind": "holiday", "name": "取消调休"})
    assert edited.status_code == 302
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).kind == DayKind.HOLIDAY
    assert Clock.objects.get(pk=clock.pk).due_date == D(2026, 10, 15)

    with django_capture_on_commit_callbacks(execute=True):
        deleted = admin_client.post(f"{DAYS}2026-10-12/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not CalendarDay.objects.filter(date=D(2026, 10, 12)).exists()
    assert Clock.objects.get(pk=clock.pk).due_date == D(2026, 10, 14)

    actions = set(
        AuditEvent.objects.filter(action__startswith="calendar.day").values_list("action", flat=True)
    )
    assert actions == {"calendar.day.add", "calendar.day.change", "calendar.day.delete"}


def test_make_up_workday_on_a_weekday_is_refused(admin_client):
    response = admin_client.post(f"{DAYS}add/", {"date": "2026-11-04", "kind": "workday", "name": "误录"})
    assert response.status_code == 200
    assert "调休上班日应为周六或周日" in response.text
    assert not CalendarDay.objects.filter(date=D(2026, 11, 4)).exists()


def test_clocks_and_ledger_are_read_only(admin_client, matter):
    clock = review_clock(matter)
    services.suspend_clock(clock, date=D(2026, 10, 8), reason="通知补正")
    entry = ClockEntry.objects.get(clock=clock)

    for base, obj in (("/admin/calendar/clock/", clock), ("/admin/calendar/clockentry/", entry)):
        assert admin_client.get(base).status_code == 200
        assert admin_client.get(f"{base}add/").status_code == 403
        view = admin_client.get(f"{base}{obj.pk}/change/")
        assert view.status_code == 200
        assert 'name="_save"' not in view.text
        assert admin_client.post(f"{base}{obj.pk}/change/", {"reason": "篡改"}).status_code == 403
        assert admin_client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403

    detail = admin_client.get(f"/admin/calendar/clock/{clock.pk}/change/")
    assert "通知补正" in detail.text  # the ledger is shown inline
    assert ClockEntry.objects.get(pk=entry.pk).reason == "通知补正"
    assert Clock.objects.filter(pk=clock.pk).exists()


def test_ticking_confirmed_in_the_year_list_saves_and_recomputes(
    admin_client, matter, django_capture_on_commit_callbacks
):
    CalendarYear.objects.create(year=2027)
    CalendarDay.objects.create(date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    clock = decision_clock(matter)
    formset = admin_client.get(YEARS).context["cl"].formset
    data = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "_save": "保存",
    }
    for i, form in enumerate(formset.forms):
        data[f"form-{i}-year"] = str(form.instance.year)
        if form.instance.confirmed or form.instance.year == 2027:
            data[f"form-{i}-confirmed"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(YEARS, data)
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).confirmed
    assert CalendarYear.objects.filter(confirmed=False).count() == 0
    assert not Clock.objects.get(pk=clock.pk).provisional
