"""docs/security.md 10: an officer of department A gets 404 for department B's records through every
staff route, and B's rows never appear in A's lists, exports or counts."""

import datetime as dt
import hashlib
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.core.workflow import engine
from fazhi.core.workflow.models import Attachment

pytestmark = pytest.mark.django_db

SECRET = "乙部门机密事项"


@pytest.fixture
def b_record(people, make_matter, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    matter = make_matter(tree["east_market"], people["b"], title=SECRET, applicant="李四")
    old = timezone.localdate() - dt.timedelta(days=40)
    matter = engine.perform(matter, "register", actor=people["b"], data={"received_on": old.isoformat()})
    att = Attachment(
        subject_type=ContentType.objects.get_for_model(matter),
        subject_id=matter.pk,
        organisation=matter.organisation,
        region_code=matter.region_code,
        kind="证据材料",
        filename="证据.pdf",
        content_type="application/pdf",
        size=3,
        sha256=hashlib.sha256(b"abc").hexdigest(),
        uploaded_by=people["b"],
    )
    att.file.save("x.pdf", ContentFile(b"abc"), save=False)
    att.save()
    return matter, att


@pytest.mark.parametrize(
    "route",
    [
        "/staff/sample-matters/{pk}/",
        "/staff/sample-matters/{pk}/transition/request_completion/",
        "/staff/attachments/{att}/download",
    ],
)
def test_a_gets_404_for_b_records(login, people, b_record, route):
    matter, att = b_record
    response = login(people["a"]).get(route.format(pk=matter.pk, att=att.pk))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_b_sees_own_record_everywhere(login, people, b_record):
    matter, att = b_record
    client = login(people["b"])
    assert client.get(f"/staff/sample-matters/{matter.pk}/").status_code == 200
    assert client.get(f"/staff/attachments/{att.pk}/download").status_code == 200
    assert client.get("/staff/sample-matters/").context["count"] == 1
    assert client.get("/staff/").context["overdue_count"] == 1


def test_b_rows_never_in_a_lists_exports_or_counts(login, people, b_record, make_matter, tree):
    make_matter(tree["east_justice"], people["a"], title="甲部门事项")
    client = login(people["a"])
    listing = client.get("/staff/sample-matters/", {"q": "机密"})
    assert listing.context["count"] == 0
    listing = client.get("/staff/sample-matters/")
    assert listing.context["count"] == 1 and SECRET not in listing.content.decode()
    export = client.get("/staff/sample-matters/export.xlsx")
    values = [
        v
        for row in load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(
            values_only=True
        )
        for v in row
    ]
    assert SECRET not in values and "甲部门事项" in values
    dashboard = client.get("/staff/")
    assert dashboard.context["overdue_count"] == 0 and SECRET not in dashboard.content.decode()


def test_b_record_cannot_be_moved_or_attached_to_by_a(login, people, b_record, settings):
    matter, _ = b_record
    client = login(people["a"])
    assert (
        client.post(
            f"/staff/sample-matters/{matter.pk}/transition/request_completion/",
            {"expected_version": matter.version, "items": "x"},
        ).status_code
        == 404
    )
    assert client.post(f"/staff/sample-matters/{matter.pk}/attachments/", {"kind": "x"}).status_code == 404
    matter.refresh_from_db()
    assert matter.status == "received" and Attachment.objects.count() == 1
