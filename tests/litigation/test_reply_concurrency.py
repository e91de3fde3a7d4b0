"""SECURITY.md 24 on the 整改回复 of a 司法建议 / 检察建议: two people open the reply form; the first
saves; the second submit, made on the version both read, is refused with a Chinese message and
changes nothing — neither the reply nor the evidence attachments."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from fazhi.core.audit.models import AuditEvent
from fazhi.core.workflow import engine
from fazhi.core.workflow.models import Attachment
from fazhi.litigation import services
from fazhi.litigation.models import JudicialRecommendation
from tests import factories

pytestmark = pytest.mark.django_db
STALE = "已被他人修改"


@pytest.fixture
def people(tree):
    return {
        "zhao": factories.user(tree["east_market"], roles=("officer",), full_name="赵敏"),
        "qian": factories.user(tree["east_market"], roles=("reviewer",), full_name="钱亮"),
    }


@pytest.fixture
def rec(tree, people):
    today = timezone.localdate()
    return services.recommendation_register(
        actor=people["zhao"],
        organisation=tree["east_market"],
        kind="judicial",
        issuer="东区人民法院",
        document_number="（2026）测0206行建1号",
        received_on=today - dt.timedelta(days=10),
        content="规范行政处罚告知程序",
        rectification_deadline=today + dt.timedelta(days=50),
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _version_on_form(client, rec) -> str:
    page = client.get(f"/staff/judicial-recommendations/{rec.pk}/reply/").content.decode()
    versions = re.findall(r'name="expected_version" value="(\d+)"', page)
    assert len(versions) == 1, page
    return versions[0]


def _post(client, rec, text, version, filename="整改报告.pdf"):
    return client.post(
        f"/staff/judicial-recommendations/{rec.pk}/reply/",
        {
            "reply": text,
            "replied_on": timezone.localdate().isoformat(),
            "kind": "整改回复",
            "file": SimpleUploadedFile(filename, b"%PDF-1.4 test"),
            "expected_version": version,
        },
    )


def test_second_submit_on_the_same_version_is_refused_and_the_first_reply_stays(rec, people):
    zhao, qian = _client(people["zhao"]), _client(people["qian"])
    read_by_zhao = _version_on_form(zhao, rec)
    read_by_qian = _version_on_form(qian, rec)
    assert read_by_zhao == read_by_qian == "0"

    first = _post(zhao, rec, "已修订行政处罚告知书格式并组织培训。", read_by_zhao, "赵敏报告.pdf")
    assert first.status_code == 302

    second = _post(qian, rec, "钱亮的另一份回复。", read_by_qian, "钱亮报告.pdf")
    assert second.status_code == 400
    body = second.content.decode()
    assert STALE in body and "您的修改未保存" in body

    rec.refresh_from_db()
    assert rec.reply == "已修订行政处罚告知书格式并组织培训。"
    assert rec.version == 1
    assert list(Attachment.objects.values_list("filename", flat=True)) == ["赵敏报告.pdf"]
    assert AuditEvent.objects.filter(action="litigation.recommendation.reply").count() == 1

    # After reloading, the second person sees the first reply and may correct it on the new version.
    fresh = _version_on_form(qian, rec)
    assert fresh == "1"
    assert _post(qian, rec, "补充：已完成专项检查。", fresh, "补充报告.pdf").status_code == 302
    rec.refresh_from_db()
    assert (rec.reply, rec.version) == ("补充：已完成专项检查。", 2)


def test_a_submit_without_the_version_is_refused(rec, people):
    client = _client(people["zhao"])
    response = client.post(
        f"/staff/judicial-recommendations/{rec.pk}/reply/",
        {
            "reply": "已整改。",
            "replied_on": timezone.localdate().isoformat(),
            "kind": "整改回复",
            "file": SimpleUploadedFile("报告.pdf", b"%PDF-1.4 test"),
        },
    )
    assert response.status_code == 400
    assert "页面已过期" in response.content.decode()
    rec.refresh_from_db()
    assert rec.reply == "" and rec.version == 0 and not Attachment.objects.exists()


def test_the_service_refuses_a_stale_version_with_the_engine_error(rec, people):
    today = timezone.localdate()
    services.recommendation_reply(
        recommendation=rec, actor=people["zhao"], reply="第一次回复", replied_on=today, expected_version=0
    )
    with pytest.raises(engine.StaleRecord, match=STALE):
        services.recommendation_reply(
            recommendation=rec, actor=people["qian"], reply="第二次回复", replied_on=today, expected_version=0
        )
    assert JudicialRecommendation.objects.get(pk=rec.pk).reply == "第一次回复"
