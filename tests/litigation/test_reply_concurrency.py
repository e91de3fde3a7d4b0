"""docs/security.md 24 on the 整改回复 of a 司法建议 / 检察建议 (now the procedure's "reply" step): two
people open the record; the first records the reply; the second submit, made on the version both
read, is refused with a Chinese message and changes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from fazhi.core.audit.models import AuditEvent
from fazhi.core.workflow import engine
from fazhi.core.workflow.models import TransitionLog
from fazhi.litigation.models import JudicialRecommendation
from tests import factories
from tests.litigation import factories as lf

pytestmark = pytest.mark.django_db
STALE = "该记录已被他人更新，请刷新页面后重试。您的操作未保存。"


@pytest.fixture
def people(tree):
    return {
        "zhao": factories.user(tree["east_market"], roles=("officer",), full_name="赵敏"),
        "qian": factories.user(tree["east_market"], roles=("reviewer",), full_name="钱亮"),
    }


@pytest.fixture
def rec(tree, people):
    today = timezone.localdate()
    return lf.recommendation(
        tree["east_market"],
        people["zhao"],
        received_on=today - dt.timedelta(days=10),
        rectification_deadline=today + dt.timedelta(days=50),
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _version_on_form(client, rec) -> str:
    page = client.get(f"/staff/judicial-recommendations/{rec.pk}/").content.decode()
    form = page.split(f'action="/staff/judicial-recommendations/{rec.pk}/transition/reply/"', 1)[1]
    return re.search(r'name="expected_version" value="(\d+)"', form).group(1)


def _post(client, rec, text, version):
    data = {"reply": text, "replied_on": timezone.localdate().isoformat()}
    if version is not None:
        data["expected_version"] = version
    return client.post(f"/staff/judicial-recommendations/{rec.pk}/transition/reply/", data)


def _evidence(client, rec):
    response = client.post(
        f"/staff/judicial-recommendations/{rec.pk}/attachments/",
        {"kind": "整改回复", "file": SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 test")},
    )
    assert response.status_code == 302


def test_second_submit_on_the_same_version_is_refused_and_the_first_reply_stays(rec, people):
    zhao, qian = _client(people["zhao"]), _client(people["qian"])
    _evidence(zhao, rec)
    read_by_zhao = _version_on_form(zhao, rec)
    read_by_qian = _version_on_form(qian, rec)
    assert read_by_zhao == read_by_qian == str(rec.version)
    before = AuditEvent.objects.count()

    first = _post(zhao, rec, "已修订行政处罚告知书格式并组织培训。", read_by_zhao)
    assert first.status_code == 302

    second = _post(qian, rec, "钱亮的另一份回复。", read_by_qian)
    assert second.status_code == 409
    assert STALE in second.content.decode()

    fresh = JudicialRecommendation.objects.get(pk=rec.pk)
    assert fresh.reply == "已修订行政处罚告知书格式并组织培训。" and fresh.status == "replied"
    assert fresh.version == rec.version + 1
    assert TransitionLog.objects.filter(subject_id=rec.pk, transition="reply").count() == 1
    assert AuditEvent.objects.count() == before + 1  # one row: the first reply


def test_a_submit_without_the_version_is_refused(rec, people):
    client = _client(people["zhao"])
    _evidence(client, rec)
    response = _post(client, rec, "已整改。", None)
    assert response.status_code == 400
    assert "页面已过期" in response.content.decode()
    fresh = JudicialRecommendation.objects.get(pk=rec.pk)
    assert fresh.reply == "" and fresh.status == "received" and fresh.version == rec.version


def test_the_engine_refuses_a_stale_version(rec, people):
    _evidence(_client(people["zhao"]), rec)
    today = timezone.localdate()
    version = rec.version
    engine.perform(
        rec,
        "reply",
        actor=people["zhao"],
        data={"reply": "第一次回复", "replied_on": today},
        expected_version=version,
    )
    with pytest.raises(engine.StaleRecord):
        engine.perform(
            rec,
            "reply",
            actor=people["qian"],
            data={"reply": "第二次回复", "replied_on": today},
            expected_version=version,
        )
    assert JudicialRecommendation.objects.get(pk=rec.pk).reply == "第一次回复"
