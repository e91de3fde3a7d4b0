"""Attachments of any record: the files a matter carries (申请书, 证据, 决定书 …), with their SHA-256,
stored by one service that any domain or shell calls (the staff pages' upload form, a domain's own
form, an import). Which files are accepted is decided here, from the extension we allow — never from
what the browser claims.
"""

from __future__ import annotations

import hashlib
import mimetypes
import tempfile
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import transaction

from fazhi.core.audit.services import record as audit_record
from fazhi.core.workflow.models import Attachment

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
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
    """
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
