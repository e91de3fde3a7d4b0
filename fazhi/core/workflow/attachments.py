"""Attachments of any record: the files a matter carries (申请书, 证据, 决定书 …), with their SHA-256,
stored by one service that any domain or shell calls (the staff pages' upload form, a domain's own
form, an import). Which files are accepted is decided here, from the extension we allow — never from
what the browser claims — and from the content: the file's first bytes must be those of its type
(an executable named ``evil.pdf`` is refused; issue 10 item 10).
"""

from __future__ import annotations

import hashlib
import mimetypes
import tempfile
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from fazhi.core.audit.services import record as audit_record
from fazhi.core.workflow.models import Attachment

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# The request body a route taking one attachment accepts: room above the file limit for the form's
# fields and for a file a little too large to get the clear "over 20MB" message, not a bare 413.
UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 2 * 1024 * 1024
ALLOWED_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "ofd", "zip")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "ofd": "application/ofd",
    "zip": "application/zip",
}


# The first bytes every file of a type starts with. Word/Excel 2007+, OFD and zip are zip archives;
# Word/Excel 97 are OLE2 compound files. A PDF may carry a little junk before its header.
_OLE2 = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "doc": _OLE2,
    "xls": _OLE2,
    "docx": _ZIP,
    "xlsx": _ZIP,
    "ofd": _ZIP,
    "zip": _ZIP,
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
PDF_HEADER_WITHIN = 1024
TYPE_NAMES = {
    "pdf": "PDF",
    "doc": "Word",
    "docx": "Word",
    "xls": "Excel",
    "xlsx": "Excel",
    "ofd": "OFD",
    "zip": "zip",
    "jpg": "JPEG 图片",
    "jpeg": "JPEG 图片",
    "png": "PNG 图片",
}


def content_matches(filename: str, head: bytes) -> bool:
    """Whether ``head`` (the file's first bytes) is what a file of ``filename``'s type starts with."""
    ext = extension(filename)
    signatures = SIGNATURES.get(ext)
    if not signatures:
        return False
    if ext == "pdf":
        return b"%PDF-" in head[:PDF_HEADER_WITHIN]
    return head.startswith(signatures)


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(PDF_HEADER_WITHIN)
    upload.seek(0)
    return head


def upload_problem(upload) -> str:
    """Why ``upload`` is refused (a Chinese sentence), or "": its name's type, its size, its content."""
    name = PurePath(upload.name or "").name
    if len(name) > 200:
        return "文件名不能超过200个字符。"
    ext = extension(name)
    if ext not in ALLOWED_EXTENSIONS:
        return f"不支持该文件类型。允许的类型：{'、'.join(ALLOWED_EXTENSIONS)}。"
    if upload.size > MAX_UPLOAD_BYTES:
        return "文件不能超过20MB。"
    if not content_matches(name, _head(upload)):
        return f"文件内容与扩展名不符：“{name}”不是{TYPE_NAMES.get(ext, ext)}文件，未上传。"
    return ""


def extension(filename: str) -> str:
    return PurePath(filename).suffix.lower().lstrip(".")


def content_type_for(filename: str) -> str:
    """Decided from the extension we allowed, never from what the browser claims."""
    ext = extension(filename)
    return CONTENT_TYPES.get(ext) or mimetypes.guess_type(filename)[0] or "application/octet-stream"


def attachment_upload(*, record, upload, kind: str, actor) -> Attachment:
    """Store ``upload`` against ``record`` (already fetched through the actor's data scope).

    The SHA-256 is computed over the very bytes being stored, in one pass; the row and its audit
    row are written in one transaction, and the stored file is removed if that transaction fails.
    A file whose type, size or content is not allowed raises ``ValidationError`` and nothing is stored.
    """
    problem = upload_problem(upload)
    if problem:
        raise ValidationError(problem)
    digest = hashlib.sha256()
    size = 0
    with tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024) as spool:
        for chunk in upload.chunks():
            digest.update(chunk)
            spool.write(chunk)
            size += len(chunk)
        spool.seek(0)
        filename = PurePath(upload.name).name[:200]
        attachment = Attachment(
            subject_type=ContentType.objects.get_for_model(record),
            subject_id=record.pk,
            organisation_id=record.organisation_id,
            region_code=record.region_code,
            kind=kind,
            filename=filename,
            content_type=content_type_for(filename),
            size=size,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
        attachment.file.save(attachment.filename, File(spool), save=False)
    try:
        with transaction.atomic():
            attachment.save()
            audit_record(
                "attachment.upload",
                obj=record,
                user=actor,
                detail={
                    "attachment": attachment.pk,
                    "filename": attachment.filename,
                    "kind": kind,
                    "size": size,
                    "sha256": attachment.sha256,
                },
            )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment
