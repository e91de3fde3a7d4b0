"""行政复议意见书/建议书 on the staff pages: the 复议机构's reviewer drafts one on an accepted case it
handles (declared FormSpec), issues it with the recipient's receipt date (the 60 日 follow-up starts,
2023 法第七十六条), and nobody else can."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.calendar import services as calendar
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import ReconsiderationOpinion
from tests import factories
from tests.formdata import page_data
from tests.reconsideration import factories as rf

URL = "/staff/reconsideration-opinions/new/"


@pytest.fixture
def people(tree):
    return {
        "reviewer": factories.user(tree["east_justice"], roles=("reviewer",), username="op_reviewer"),
        "officer": factories.user(tree["east_justice"], roles=("officer",), username="op_officer"),
        "west": factories.user(tree["west_justice"], roles=("reviewer",), username="op_west"),
    }


def _accepted(tree, actor):
    case = rf.registered(tree["east_justice"], actor, dt.date(2026, 9, 1), today=dt.date(2026, 9, 2))
    return engine.perform(
        case, "accept", actor=actor, data={"accepted_on": "2026-09-02"}, today=dt.date(2026, 9, 2)
    )


def test_reviewer_drafts_and_issues_an_opinion_which_starts_the_60_day_follow_up(client, tree, people):
    case = _accepted(tree, people["reviewer"])
    client.force_login(people["reviewer"])
    page = client.get(URL)
    assert page.status_code == 200 and "起草行政复议意见书/建议书" in page.content.decode()
    data = page_data(
        page,
        case=str(case.pk),
        kind="opinion",
        recipient="东区市场监督管理局",
        content="罚款程序违法，请予纠正。",
    )
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    opinion = ReconsiderationOpinion.objects.get()
    assert (opinion.case, opinion.organisation, opinion.status) == (case, tree["east_justice"], "drafted")
    issue = f"/staff/reconsideration-opinions/{opinion.pk}/transition/issue/"
    r = client.post(issue, {"received_on": "2026-09-10", "expected_version": opinion.version})
    assert r.status_code in (200, 302), r.content.decode()[-3000:]
    opinion.refresh_from_db()
    follow_up = calendar.clocks_for(opinion).get()
    assert opinion.status == "issued" and follow_up.due_date == dt.date(2026, 11, 9)  # 60 日 from 09-10


def test_an_unaccepted_case_is_refused_and_nothing_is_saved(client, tree, people):
    case = rf.registered(
        tree["east_justice"], people["reviewer"], dt.date(2026, 9, 1), today=dt.date(2026, 9, 2)
    )
    client.force_login(people["reviewer"])
    page = client.get(URL)
    response = client.post(
        URL, page_data(page, case=str(case.pk), kind="opinion", recipient="东区市场监督管理局", content="x")
    )
    assert response.status_code == 400 and "案件受理后方可制发" in response.content.decode()
    assert not ReconsiderationOpinion.objects.exists()


def test_officers_and_other_counties_cannot_draft(client, tree, people):
    case = _accepted(tree, people["reviewer"])
    client.force_login(people["officer"])
    assert client.get(URL).status_code == 404
    client.force_login(people["west"])
    page = client.get(URL)
    response = client.post(
        URL, page_data(page, case=str(case.pk), kind="opinion", recipient="东区市场监督管理局", content="x")
    )
    assert response.status_code == 400  # another county's case is not among the choices
    assert not ReconsiderationOpinion.objects.exists()
