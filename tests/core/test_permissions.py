"""三权分立 in the admin site: what each administrator can reach, derived from roles."""

import pytest

from fazhi.core import access
from fazhi.core.calendar.models import CalendarDay
from tests import factories
from tests.sampleapp.models import SampleMatter


@pytest.fixture
def admins(db):
    return {
        role: factories.user(None, roles=(role,), username=role)
        for role in ("sysadmin", "secadmin", "auditadmin")
    }


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.django_db
def test_only_administrators_reach_the_admin_site(client, tree, admins):
    officer = factories.user(tree["east_justice"], roles=("officer", "leader"))
    assert not officer.is_staff
    assert all(a.is_staff and not a.is_superuser for a in admins.values())
    response = _get(client, officer, "/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_system_administrator_edits_the_calendar_but_not_the_audit_log(client, admins):
    sysadmin = admins["sysadmin"]
    assert _get(client, sysadmin, "/admin/calendar/calendarday/").status_code == 200
    response = client.post(
        "/admin/calendar/calendarday/add/", {"date": "2027-01-01", "kind": "holiday", "name": "元旦"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert CalendarDay.objects.filter(date="2027-01-01", kind="holiday").exists()
    assert client.get("/admin/audit/auditevent/").status_code == 403


@pytest.mark.django_db
def test_audit_administrator_reads_audit_only(client, admins):
    auditadmin = admins["auditadmin"]
    assert _get(client, auditadmin, "/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/calendar/calendarday/").status_code == 403
    assert client.get("/admin/core/user/").status_code == 403


@pytest.mark.django_db
def test_security_administrator_sees_accounts_not_calendar(client, admins):
    secadmin = admins["secadmin"]
    assert _get(client, secadmin, "/admin/core/user/").status_code == 200
    assert client.get("/admin/calendar/calendarday/").status_code == 403
    assert client.get("/admin/audit/auditevent/").status_code == 403


@pytest.mark.django_db
def test_no_administrator_reads_case_data(tree, admins):
    officer = factories.user(tree["east_justice"])
    SampleMatter.objects.create(title="案件", organisation=tree["east_justice"])
    assert access.visible(officer, SampleMatter).count() == 1
    for admin_user in admins.values():
        assert access.visible(admin_user, SampleMatter).count() == 0
