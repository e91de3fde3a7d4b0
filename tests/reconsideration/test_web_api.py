"""The staff shell and the API serve 行政复议 cases through the generic pages and resources."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.api import tokens
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree):
    return {
        "reviewer": factories.user(tree["east_justice"], roles=("officer", "reviewer")),
        "west": factories.user(tree["west_justice"], roles=("officer", "reviewer")),
    }


def login(user):
    client = Client()
    response = client.post("/staff/login/", {"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def test_list_detail_and_a_transition_through_the_staff_shell(tree, people):
    today = timezone.localdate()
    case = rf.registered(tree["east_justice"], people["reviewer"], today - dt.timedelta(days=1), today=today)
    client = login(people["reviewer"])

    listing = client.get("/staff/reconsideration/").content.decode()
    assert case.case_number in listing and "张三" in listing and "受理审查中" in listing
    assert "行政复议" in listing  # nav entry

    detail = client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert "受理审查期限" in detail and "《行政复议法》第三十条" in detail
    assert "transition/accept/" in detail and "transition/request_completion/" in detail
    assert rf.VALID_ID not in detail and "13800138000" not in detail  # identifiers masked on screen
    assert "2017年《行政复议法》" not in detail and "2023年《行政复议法》" in detail

    response = client.post(
        f"/staff/reconsideration/{case.pk}/transition/accept/",
        {"expected_version": case.version, "accepted_on": today.isoformat()},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.accepted_on) == ("accepted", today)


def test_other_county_cannot_see_the_case(tree, people):
    case = rf.registered(tree["east_justice"], people["reviewer"], timezone.localdate())
    client = login(people["west"])
    assert case.case_number not in client.get("/staff/reconsideration/").content.decode()
    assert client.get(f"/staff/reconsideration/{case.pk}/").status_code == 404


def test_api_lists_cases_without_personal_identifiers_and_takes_transitions(tree, people):
    today = timezone.localdate()
    case = rf.registered(tree["east_justice"], people["reviewer"], today, today=today)
    _, raw = tokens.issue(people["reviewer"], name="测试对接系统")
    headers = {"Authorization": f"Bearer {raw}"}
    client = Client()

    body = client.get("/api/v1/reconsideration-cases/", headers=headers).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["case_number"], row["status"], row["law_version"]) == (case.case_number, "review", "2023")
    text = str(body)
    assert rf.VALID_ID not in text and "13800138000" not in text and case.query_code not in text

    response = client.post(
        f"/api/v1/reconsideration-cases/{case.pk}/transitions/reject",
        {
            "data": {"reason": "超过申请期限", "decided_on": today.isoformat()},
            "expected_version": case.version,
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "rejected"

    _, west = tokens.issue(people["west"], name="西区")
    assert (
        Client()
        .get(f"/api/v1/reconsideration-cases/{case.pk}", headers={"Authorization": f"Bearer {west}"})
        .status_code
        == 404
    )
