"""Generating a document: number it (once per record and kind), render it, store it as an attachment
of the record, and write one audit row — all in one transaction (docs/conventions.md 4).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fazhi.core import access
from fazhi.core.audit import services as audit
from fazhi.core.documents import builder, numbering, registry
from fazhi.core.documents.models import DocumentNumber, format_number
from fazhi.core.documents.registry import DocumentKind
from fazhi.core.workflow.models import Attachment

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocumentError(Exception):
    """A refused generation. ``message`` is shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DocumentUnavailable(DocumentError):
    pass


class DocumentNotPermitted(DocumentError):
    pass


def _kind(kind: DocumentKind | str) -> DocumentKind:
    if isinstance(kind, DocumentKind):
        return kind
    try:
        return registry.get(kind)
    except registry.UnknownKind as exc:
        raise DocumentUnavailable(exc.message) from None


def issued_numbers(record) -> dict[str, DocumentNumber]:
    """The 文号 already issued to ``record``, by kind code."""
    return {
        n.kind: n
        for n in DocumentNumber.objects.filter(
            subject_type=ContentType.objects.get_for_model(record), subject_id=record.pk
        ).select_related("attachment")
    }


def may_generate(user, kind: DocumentKind) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(*kind.roles)


def _number_for(record, kind: DocumentKind, actor, date: dt.date) -> DocumentNumber:
    subject_type = ContentType.objects.get_for_model(record)
    existing = (
        DocumentNumber.objects.select_for_update()
        .filter(subject_type=subject_type, subject_id=record.pk, kind=kind.code)
        .first()
    )
    if existing is not None:
        return existing  # 重新生成沿用原文号
    prefix = kind.prefix_for(kind.issuer_of(record))  # the 代字 of the organisation that issues it
    serial = numbering.allocate_serial(organisation=record.organisation, prefix=prefix, year=date.year)
    return DocumentNumber.objects.create(
        subject_type=subject_type,
        subject_id=record.pk,
        organisation=record.organisation,
        region_code=record.region_code,
        kind=kind.code,
        title=kind.title,
        prefix=prefix,
        year=date.year,
        serial=serial,
        number=format_number(prefix, date.year, serial),
        issued_by=actor,
    )


def document_generate(*, record, kind: DocumentKind | str, actor, today: dt.date | None = None) -> Attachment:
    """Generate ``kind`` for ``record`` as a .docx attachment and return the attachment.

    The record must be visible to ``actor`` and in a state the kind allows. The first generation
    takes the next 文号 of the organisation for the document's year; regenerating keeps it.
    """
    kind = _kind(kind)
    if not may_generate(actor, kind):
        raise DocumentNotPermitted(f"您没有生成“{kind.title}”的权限。")
    if not access.holds(actor, record):  # a party the record is only shared with issues nothing
        raise DocumentNotPermitted("您无权处理该记录。")
    stored = []
    try:
        with transaction.atomic():
            # Lock the record so the state checked is the state the document describes.
            record = type(record)._default_manager.select_for_update().get(pk=record.pk)
            reason = kind.unavailable_reason(record)
            if reason:
                raise DocumentUnavailable(reason)
            date = (kind.dated(record) if kind.dated else None) or today or timezone.localdate()
            number = _number_for(record, kind, actor, date)
            content = kind.content(record)
            data = builder.build(
                title=kind.title,
                number=number.number,
                content=content,
                signer=kind.issuer_of(record).name,
                date=date,
            )
            digest = hashlib.sha256(data).hexdigest()
            attachment = Attachment(
                subject_type=ContentType.objects.get_for_model(record),
                subject_id=record.pk,
                organisation_id=record.organisation_id,
                region_code=record.region_code,
                kind=kind.title,
                filename=f"{kind.title}（{number.number}）.docx"[:200],
                content_type=DOCX_TYPE,
                size=len(data),
                sha256=digest,
                uploaded_by=actor,
            )
            attachment.file.save(attachment.filename, ContentFile(data), save=False)
            stored.append(attachment.file.name)
            attachment.save()
            number.attachment = attachment
            number.generated_count += 1
            number.save(update_fields=["attachment", "generated_count"])
            audit.record(
                "document.generate",
                obj=record,
                user=actor,
                detail={
                    "kind": kind.code,
                    "title": kind.title,
                    "number": number.number,
                    "attachment": attachment.pk,
                    "sha256": digest,
                    "size": len(data),
                    "regenerated": number.generated_count > 1,
                },
            )
    except Exception:
        # Files are content-addressed: remove only if no committed attachment still uses the name.
        for name in stored:
            if not Attachment.objects.filter(file=name).exists():
                Attachment._meta.get_field("file").storage.delete(name)
        raise
    return attachment
