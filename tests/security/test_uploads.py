"""docs/security.md 22: uploads have size and type limits, the hash is recorded at upload, and HTML/SVG
(or anything else that could run in the browser) is served as a download with nosniff.

Driven through the real staff pages of a 行政复议 case (/staff/reconsideration/<pk>/attachments/).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.core.workflow.models import Attachment
from tests import factories
from tests.reconsideration import factories as rec

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def officer(tree):
    return factories.user(
        tree["east_justice"], roles=("officer",), username="upload_officer", full_name="王林"
    )


@pytest.fixture
def case(tree, officer):
    return rec.registered(tree["east_justice"], officer, dt.date(2026, 3, 2))


@pytest.fixture
def staff(client, officer):
    response = client.post("/staff/login/", {"username": officer.username, "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def post_file(client, case, name, content, content_type="application/octet-stream", kind="证据材料"):
    return client.post(
        f"/staff/reconsideration/{case.pk}/attachments/",
        {"kind": kind, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_a_21_mb_file_is_refused_in_chinese_and_nothing_is_stored(staff, case, media):
    content = b"%PDF-1.7\n" + b"0" * (21 * MB)
    response = post_file(staff, case, "证据材料.pdf", content, "application/pdf")
    assert response.status_code == 400
    assert "文件不能超过20MB。" in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, "application/x-msdownload"),
        ("说明.html", b"<html><script>alert(document.cookie)</script></html>", "text/html"),
        ("图.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
        ("证据.pdf.exe", b"MZ", "application/pdf"),  # the last extension decides, not the claimed type
        ("无扩展名", b"data", "application/pdf"),
    ],
)
def test_executable_and_active_content_types_are_refused(staff, case, media, name, content, content_type):
    response = post_file(staff, case, name, content, content_type)
    assert response.status_code == 400
    page = response.content.decode()
    assert "不支持该文件类型" in page and "pdf" in page  # says what is allowed
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_a_pdf_is_accepted_with_its_sha256_recorded(staff, case, officer):
    content = b"%PDF-1.7\n" + bytes(range(256)) * 4000  # ~1 MB, spans several upload chunks
    response = post_file(staff, case, "答复书.pdf", content, "text/html")  # a lying browser
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content)
    # The stored type comes from the extension we allowed, never from the browser's claim.
    assert attachment.content_type == "application/pdf"
    assert attachment.uploaded_by == officer
    with attachment.file.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == attachment.sha256
    download = staff.get(f"/staff/attachments/{attachment.pk}/download")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content


def _slipped_in(case, officer, filename, content_type, content):
    """An attachment that reached storage by another path (import, document generation, old data)."""
    attachment = Attachment(
        subject_type=ContentType.objects.get_for_model(case),
        subject_id=case.pk,
        organisation_id=case.organisation_id,
        region_code=case.region_code,
        kind="其他材料",
        filename=filename,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=officer,
    )
    attachment.file.save(filename, ContentFile(content), save=False)
    attachment.save()
    return attachment


@pytest.mark.parametrize(
    "filename, content_type, content",
    [
        ("页面.html", "text/html", b"<script>alert(document.cookie)</script>"),
        (
            "图片.svg",
            "image/svg+xml",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        ("文本.txt", "text/plain", b"<script>alert(1)</script>"),
        ("伪装.pdf", "text/html", b"<script>alert(1)</script>"),
    ],
)
def test_active_content_is_served_as_an_attachment_with_nosniff(
    staff, case, officer, filename, content_type, content
):
    attachment = _slipped_in(case, officer, filename, content_type, content)
    response = staff.get(f"/staff/attachments/{attachment.pk}/download")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == content


def test_litigation_reply_evidence_has_the_same_limits(client, tree):
    """The 整改回复 evidence (now uploaded through the generic attachment form of the recommendation,
    which its "reply" step requires) is held to the same rules."""
    from tests.litigation import factories as lf

    officer = factories.user(tree["east_justice"], roles=("officer",), username="lit_officer")
    recommendation = lf.recommendation(tree["east_justice"], officer)
    client.post("/staff/login/", {"username": officer.username, "password": factories.PASSWORD})
    url = reverse("web:attachment-upload", args=["judicial-recommendations", recommendation.pk])
    response = client.post(
        url,
        {
            "kind": "整改回复",
            "file": SimpleUploadedFile("回复.html", b"<script>alert(1)</script>", content_type="text/html"),
        },
    )
    assert response.status_code == 400
    assert "不支持该文件类型" in response.content.decode()
    assert not Attachment.objects.exists()


def test_stored_files_are_not_reachable_except_through_the_scoped_download(staff, case, officer, tree):
    attachment = _slipped_in(case, officer, "页面.html", "text/html", b"<script>alert(1)</script>")
    for path in (f"/{attachment.file.name}", f"/media/{attachment.file.name}"):
        response = staff.get(path)
        assert response.status_code in (302, 404), path
        assert b"<script>" not in response.content
    # Staff of another county cannot fetch it by its id either.
    other = factories.user(tree["west_justice"], roles=("officer",), username="west_officer")
    client = Client()
    client.post("/staff/login/", {"username": other.username, "password": factories.PASSWORD})
    assert client.get(f"/staff/attachments/{attachment.pk}/download").status_code == 404


@pytest.mark.parametrize(
    "name, content",
    [
        ("evil.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a Windows executable
        ("照片.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),  # a Linux executable
        ("材料.docx", b"%PDF-1.7\n"),  # a real PDF with the wrong name is refused too
        ("表.xls", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_content_that_is_not_of_its_declared_type_is_refused(staff, case, media, name, content):
    """Issue 10 item 10: uploads were typed by extension only; an executable named evil.pdf passed."""
    response = post_file(staff, case, name, content, "application/pdf")
    assert response.status_code == 400
    assert "文件内容与扩展名不符" in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_the_service_refuses_mismatched_content_on_every_path(case, officer, media):
    from django.core.exceptions import ValidationError

    from fazhi.core.workflow.attachments import attachment_upload

    with pytest.raises(ValidationError, match="文件内容与扩展名不符"):
        attachment_upload(
            record=case,
            upload=SimpleUploadedFile("evil.pdf", b"MZ" + b"\x00" * 64),
            kind="证据材料",
            actor=officer,
        )
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_every_download_is_an_attachment_and_old_mismatched_files_lose_their_type(staff, case, officer):
    pdf = _slipped_in(case, officer, "决定书.pdf", "application/pdf", b"%PDF-1.7\nreal")
    response = staff.get(f"/staff/attachments/{pdf.pk}/download")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    evil = _slipped_in(case, officer, "evil.pdf", "application/pdf", b"MZ\x90\x00")  # stored before the check
    response = staff.get(f"/staff/attachments/{evil.pk}/download")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
