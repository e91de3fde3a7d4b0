import hashlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.audit.models import AuditEvent
from fazhi.core.workflow import attachments
from fazhi.core.workflow.models import Attachment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, matter, name="申请书.pdf", content=b"%PDF-1.4 test", kind="申请书"):
    return client.post(
        f"/staff/sample-matters/{matter.pk}/attachments/",
        {"kind": kind, "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_upload_records_sha256_size_uploader_and_audit(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"])
    content = b"%PDF-1.4\n" + bytes(range(256)) * 300
    client = login(people["a"])
    response = upload(client, matter, content=content)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content)
    assert attachment.uploaded_by == people["a"]
    assert attachment.organisation_id == matter.organisation_id
    assert attachment.content_type == "application/pdf"
    with attachment.file.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == attachment.sha256
    assert AuditEvent.objects.filter(action="attachment.upload", object_id=str(matter.pk)).count() == 1
    page = client.get(f"/staff/sample-matters/{matter.pk}/").content.decode()
    assert attachment.sha256 in page and "申请书.pdf" in page and "王林" in page
    assert f"/staff/attachments/{attachment.pk}/download" in page


def test_upload_refuses_disallowed_extension(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"])
    response = upload(login(people["a"]), matter, name="page.html", content=b"<script>alert(1)</script>")
    assert response.status_code == 400
    assert "不支持该文件类型" in response.content.decode()
    assert not Attachment.objects.exists()


def test_upload_refuses_files_over_20mb(login, people, make_matter, tree, monkeypatch):
    monkeypatch.setattr(
        attachments, "MAX_UPLOAD_BYTES", 1024
    )  # same check, smaller file: keeps the test fast
    matter = make_matter(tree["east_justice"], people["a"])
    response = upload(login(people["a"]), matter, content=b"x" * 2048)
    assert response.status_code == 400
    assert "文件不能超过20MB。" in response.content.decode()
    assert not Attachment.objects.exists()


def test_upload_to_another_departments_record_is_404(login, people, make_matter, tree):
    theirs = make_matter(tree["east_market"], people["b"])
    assert upload(login(people["a"]), theirs).status_code == 404
    assert not Attachment.objects.exists()


def test_download_returns_the_file(login, people, make_matter, tree):
    matter = make_matter(tree["east_justice"], people["a"])
    client = login(people["a"])
    upload(client, matter, content=b"%PDF-1.4 hello")
    attachment = Attachment.objects.get()
    response = client.get(f"/staff/attachments/{attachment.pk}/download")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 hello"
    assert response["X-Content-Type-Options"] == "nosniff"


def _stored(matter, user, name, content, content_type):
    att = Attachment(
        subject_type=ContentType.objects.get_for_model(matter),
        subject_id=matter.pk,
        organisation=matter.organisation,
        region_code=matter.region_code,
        kind="其他材料",
        filename=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
    )
    att.file.save(name, ContentFile(content), save=False)
    att.save()
    return att


@pytest.mark.parametrize(("name", "content_type"), [("x.html", "text/html"), ("x.svg", "image/svg+xml")])
def test_html_and_svg_are_served_as_attachments_with_nosniff(
    login, people, make_matter, tree, name, content_type
):
    matter = make_matter(tree["east_justice"], people["a"])
    att = _stored(matter, people["a"], name, b"<svg onload=alert(1)>", content_type)
    response = login(people["a"]).get(f"/staff/attachments/{att.pk}/download")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_of_another_departments_attachment_is_404(login, people, make_matter, tree):
    theirs = make_matter(tree["east_market"], people["b"])
    att = _stored(theirs, people["b"], "证据.pdf", b"%PDF secret", "application/pdf")
    assert login(people["a"]).get(f"/staff/attachments/{att.pk}/download").status_code == 404
