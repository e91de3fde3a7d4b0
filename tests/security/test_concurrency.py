"""docs/security.md 24: two people editing the same record — the second save (made on the version both
read) is refused with a clear Chinese message, and the first one's changes stay intact.

Three paths: the staff transition form (hidden ``expected_version``), the API (``expected_version``
in the body) and the service that edits a 行政复议 case's ordinary fields.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.api import tokens
from fazhi.core import records
from fazhi.core.workflow import engine
from fazhi.core.workflow.models import TransitionLog
from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories
from tests.reconsideration import factories as rec

pytestmark = pytest.mark.django_db

STALE = "该记录已被他人更新，请刷新页面后重试。"


@pytest.fixture
def people(tree):
    return {
        "wang": factories.user(tree["east_justice"], roles=("officer", "reviewer"), full_name="王林"),
        "li": factories.user(tree["east_justice"], roles=("officer", "reviewer"), full_name="李梅"),
    }


@pytest.fixture
def case(tree, people):
    today = timezone.localdate()
    return rec.registered(tree["east_justice"], people["wang"], today - dt.timedelta(days=1), today=today)


def _staff(user) -> Client:
    client = Client()
    response = client.post("/staff/login/", {"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def _version_on_page(client, case) -> int:
    page = client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    versions = set(re.findall(r'name="expected_version" value="(\d+)"', page))
    assert len(versions) == 1, versions  # every transition form carries the version read
    return int(versions.pop())


def _logs(case, name):
    return TransitionLog.objects.filter(subject_id=case.pk, procedure=case.procedure_name, transition=name)


def test_staff_form_second_save_on_a_stale_version_is_refused(case, people):
    wang, li = _staff(people["wang"]), _staff(people["li"])
    today = timezone.localdate()
    read_by_wang = _version_on_page(wang, case)
    read_by_li = _version_on_page(li, case)
    assert read_by_wang == read_by_li == case.version

    first = wang.post(
        f"/staff/reconsideration/{case.pk}/transition/accept/",
        {"accepted_on": today.isoformat(), "expected_version": read_by_wang},
    )
    assert first.status_code == 302

    second = li.post(
        f"/staff/reconsideration/{case.pk}/transition/reject/",
        {"reason": "不符合受理条件。", "decided_on": today.isoformat(), "expected_version": read_by_li},
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert STALE in page and "您的操作未保存" in page
    # The refused page shows the record as it now is, so 李梅 sees what 王林 did.
    assert "已受理" in page

    fresh = ReconsiderationCase.objects.get(pk=case.pk)
    assert fresh.status == "accepted"
    assert fresh.accepted_on == today
    assert fresh.version == read_by_wang + 1
    assert _logs(case, "accept").count() == 1
    assert not _logs(case, "reject").exists()


def test_staff_form_without_a_version_is_refused_as_expired(case, people):
    response = _staff(people["li"]).post(
        f"/staff/reconsideration/{case.pk}/transition/accept/",
        {"accepted_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert "页面已过期，请刷新后重试。" in response.content.decode()
    assert ReconsiderationCase.objects.get(pk=case.pk).status == "review"


def test_api_second_transition_on_a_stale_version_is_409(case, people):
    _, wang_token = tokens.issue(people["wang"], name="甲系统")
    _, li_token = tokens.issue(people["li"], name="乙系统")
    client = Client()
    url = f"/api/v1/reconsideration-cases/{case.pk}"
    read = client.get(url, headers={"Authorization": f"Bearer {li_token}"}).json()["version"]
    today = timezone.localdate().isoformat()

    first = client.post(
        f"{url}/transitions/accept",
        {"data": {"accepted_on": today}, "expected_version": read},
        content_type="application/json",
        headers={"Authorization": f"Bearer {wang_token}"},
    )
    assert first.status_code == 200, first.content.decode()
    assert first.json()["version"] == read + 1

    second = client.post(
        f"{url}/transitions/reject",
        {"data": {"reason": "不符合受理条件。", "decided_on": today}, "expected_version": read},
        content_type="application/json",
        headers={"Authorization": f"Bearer {li_token}"},
    )
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "stale_record"
    assert STALE in body["detail"]
    fresh = ReconsiderationCase.objects.get(pk=case.pk)
    assert (fresh.status, fresh.accepted_on, fresh.version) == ("accepted", timezone.localdate(), read + 1)
    assert not _logs(case, "reject").exists()


def test_case_edit_on_a_stale_version_is_refused_and_the_first_edit_stays(case, people):
    read = case.version
    mine = ReconsiderationCase.objects.get(pk=case.pk)
    theirs = ReconsiderationCase.objects.get(pk=case.pk)

    records.record_update(
        mine, actor=people["wang"], expected_version=read, data={"respondent_name": "东区城市管理局"}
    )
    assert mine.version == read + 1

    with pytest.raises(engine.StaleRecord) as refused:
        records.record_update(
            theirs, actor=people["li"], expected_version=read, data={"respondent_name": "东区交通运输局"}
        )
    assert STALE in refused.value.message and "您的修改未保存" in refused.value.message
    fresh = ReconsiderationCase.objects.get(pk=case.pk)
    assert fresh.respondent_name == "东区城市管理局"
    assert fresh.version == read + 1


def test_case_edit_from_a_stale_instance_never_puts_back_other_fields(case, people):
    """An edit of 被申请人 from an instance loaded before 受理 keeps the acceptance date the engine wrote."""
    stale = ReconsiderationCase.objects.get(pk=case.pk)
    today = timezone.localdate()
    engine.perform(case, "accept", actor=people["wang"], data={"accepted_on": today})
    records.record_update(stale, actor=people["li"], data={"act_document_number": "东市监罚〔2026〕1号"})
    fresh = ReconsiderationCase.objects.get(pk=case.pk)
    assert fresh.accepted_on == today
    assert fresh.status == "accepted"
    assert fresh.act_document_number == "东市监罚〔2026〕1号"
    assert fresh.version == case.version + 1  # the edit itself moved the version on
