"""The 被申请人 files its 答复书 and evidence in the system while its 答复 is awaited (2023 《行政复议法》
第四十八条); before the copy is sent and after the answer is in, the case's files are the 复议机构's:
the department sees them but cannot add to them."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.workflow import engine
from fazhi.core.workflow.models import Attachment
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 3, 2)


def _upload(client, case, name):
    pdf = SimpleUploadedFile(name, b"%PDF-1.4 answer", content_type="application/pdf")
    return client.post(f"/staff/reconsideration/{case.pk}/attachments/", {"kind": "答复书", "file": pdf})


def test_the_respondent_uploads_only_while_its_answer_is_awaited(client, tree):
    desk = factories.user(tree["east_justice"], roles=("officer", "reviewer"), username="desk")
    market = factories.user(tree["east_market"], roles=("officer",), username="market")
    case = rf.registered(tree["east_justice"], desk, RECEIVED, today=RECEIVED)
    client.force_login(market)

    page = client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert "上传附件" not in page  # 受理审查: nothing for the department to file yet
    assert case.query_code not in page  # the applicant's 查询码 is not the respondent's to see
    client.force_login(desk)
    assert case.query_code in client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    client.force_login(market)
    assert _upload(client, case, "早到的答复.pdf").status_code == 403
    assert not Attachment.objects.filter(subject_id=case.pk).exists()

    engine.perform(case, "accept", actor=desk, data={"accepted_on": RECEIVED}, today=RECEIVED)
    engine.perform(case, "send_copy", actor=desk, data={"sent_on": RECEIVED}, today=RECEIVED)
    assert "上传附件" in client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert _upload(client, case, "答复书.pdf").status_code == 302
    assert Attachment.objects.get(subject_id=case.pk).uploaded_by == market

    engine.perform(case, "receive_answer", actor=market, data={"answered_on": RECEIVED}, today=RECEIVED)
    assert _upload(client, case, "补充.pdf").status_code == 403
    after = client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert 'id="attachments"' in after and "答复书.pdf" in after  # its files still listed to it
    assert "上传附件" not in after
