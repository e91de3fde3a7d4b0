"""Writes of the staff shell (status changes are the engine's; this only stores attachments)."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import transaction

from fazhi.core.audit.services import record as audit_record
from fazhi.core.workflow.models import Attachment
from fazhi.web.forms import content_type_for


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
