"""网上收件 (issue 10 item 8; docs/security.md 48): what happens to an application submitted on the portal.

- :func:`receive` (the portal's application page): the application is stored as submitted, with a
  **收件编号** (``网收〔2026〕000123``, per receiving organisation, portal and year) and a 查询码; no
  case is made and no 案号 is used. The kit's rate limits apply before (docs/security.md 46).
- :func:`register` (an officer on 网上收件): the stored application is bound to the domain's form
  again and saved through its ``register(actor=..., received_on=...)`` — the domain's own
  registration, which takes the next official 案号 (:func:`fazhi.core.kit.numbering.next_number`)
  and starts its periods from the day the application was received. The applicant's 查询码 carries
  over to the case.
- :func:`discard` (不予登记): spam, duplicates and empty submissions leave 待办 and the waiting list
  with a reason, audited; no 案号 was ever taken, so the official series has no gap.

Roles come from the portal's :class:`~fazhi.portal.kit.Application` (``staff_roles``), data scope
from :mod:`fazhi.core.access` (the organisation the application was addressed to).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from fazhi.core import access
from fazhi.core.audit import services as audit
from fazhi.core.calendar import services as calendar
from fazhi.core.kit.numbering import next_number
from fazhi.core.validators.text import validate_single_line
from fazhi.portal.models import (
    RECEIPT_CODE,
    DiscardReason,
    IntakeFile,
    IntakeStatus,
    OnlineApplication,
    format_receipt_number,
)

# The kit's portals that take applications, by scope (filled by DomainPortal on declaration).
PORTALS: dict[str, object] = {}


def register_portal(portal) -> None:
    if portal.application is not None:
        PORTALS[portal.scope] = portal


def portals() -> list:
    return sorted(PORTALS.values(), key=lambda p: p.scope)


def portal_for(scope: str):
    return PORTALS.get(scope)


def may_handle(user, portal) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and portal.application is not None
        and user.has_role(*portal.application.staff_roles)
    )


def receive(portal, form, files=()) -> OnlineApplication:
    """Store a valid application form as submitted, with its 收件编号 (no case, no 案号), and the
    files attached to it (``[(slot, upload), …]``, already checked by the kit's files form)."""
    spec = portal.application
    data = form.cleaned_data
    organisation = data[spec.organisation_field]
    now = timezone.now()
    year = timezone.localdate(now).year
    # Only the form's own fields, as typed (the form validates them again at registration).
    payload = {name: form.data.get(name, "") for name in form.fields}
    stored: list[IntakeFile] = []
    try:
        return _receive(portal, spec, data, organisation, now, year, payload, files, stored)
    except Exception:
        for row in stored:  # the application was not stored: neither are its files
            row.file.delete(save=False)
        raise


def _receive(portal, spec, data, organisation, now, year, payload, files, stored) -> OnlineApplication:
    with transaction.atomic():
        serial = next_number(organisation=organisation, code=f"{RECEIPT_CODE}:{portal.scope}", year=year)
        intake = OnlineApplication.objects.create(
            scope=portal.scope,
            organisation=organisation,
            receipt_year=year,
            receipt_serial=serial,
            receipt_number=format_receipt_number(year, serial),
            applicant_name=spec.applicant_name_of(data)[:200],
            payload=json.dumps(payload, ensure_ascii=False),
            received_at=now,
        )
        stored.extend(_store_file(intake, slot.label, upload) for slot, upload in files)
        audit.record(
            "portal.intake.receive",
            obj=intake,
            detail={
                "scope": portal.scope,
                "receipt_number": intake.receipt_number,
                "files": [{"kind": f.kind, "size": f.size, "sha256": f.sha256} for f in stored],
            },
        )
    return intake


def _store_file(intake: OnlineApplication, kind: str, upload) -> IntakeFile:
    """One applicant's file, stored as the attachments are (SHA-256 over the bytes stored); removed
    again if the transaction storing the application fails."""
    from fazhi.core.workflow.attachments import content_type_for, upload_problem

    problem = upload_problem(upload)  # checked again where it is stored, whoever calls this
    if problem:
        raise ValidationError(problem)
    digest, size = hashlib.sha256(), 0
    with tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024) as spool:
        for chunk in upload.chunks():
            digest.update(chunk)
            spool.write(chunk)
            size += len(chunk)
        spool.seek(0)
        filename = PurePath(upload.name).name[:200]
        row = IntakeFile(
            application=intake,
            organisation_id=intake.organisation_id,
            region_code=intake.region_code,
            kind=kind,
            filename=filename,
            content_type=content_type_for(filename),
            size=size,
            sha256=digest.hexdigest(),
        )
        row.file.save(filename, File(spool), save=False)
    try:
        row.save()
    except Exception:
        row.file.delete(save=False)
        raise
    return row


def carry_files(intake: OnlineApplication, record, actor) -> list:
    """Registration: the applicant's files become the record's attachments (材料类型 the slot's label),
    uploaded by the officer registering, checked again by the attachment service."""
    from fazhi.core.workflow.attachments import attachment_upload

    carried = []
    for row in intake.files.all():
        with row.file.open("rb") as fh:
            upload = File(fh, name=row.filename)
            carried.append(attachment_upload(record=record, upload=upload, kind=row.kind, actor=actor))
    return carried


def received_on(intake: OnlineApplication):
    return timezone.localdate(intake.received_at)


def review_due(portal, intake: OnlineApplication):
    """The day the domain's review period ends, counted from receipt (e.g. 5 个工作日, 《行政复议法》
    第三十条), or None when the domain declares none."""
    period = portal.application.review_period
    if period is None:
        return None
    return review_deadline(portal, intake).due


def review_deadline(portal, intake: OnlineApplication):
    """The review period's :class:`~fazhi.core.calendar.deadlines.Deadline` (its ``provisional``: the
    day falls in a year whose holidays are not confirmed), or None when the domain declares none."""
    period = portal.application.review_period
    if period is None:
        return None
    length, unit, _article = period
    return calendar.due_date(received_on(intake), length, unit)


def _locked(portal, intake_pk: int, actor) -> OnlineApplication:
    if not may_handle(actor, portal):
        raise ValidationError("您无权处理网上申请。")
    try:
        intake = (
            access.visible(actor, OnlineApplication).select_for_update().get(pk=intake_pk, scope=portal.scope)
        )
    except OnlineApplication.DoesNotExist:
        raise ValidationError("该网上申请不存在或您无权处理。") from None
    if intake.status != IntakeStatus.PENDING:
        raise ValidationError(f"该网上申请已{intake.get_status_display()}，不能再处理。")
    return intake


def register(portal, intake: OnlineApplication, *, actor):
    """登记: make the domain's record from the stored application (the official 案号 is taken here)."""
    with transaction.atomic():
        intake = _locked(portal, intake.pk, actor)
        form = portal.application.form(intake.data)
        if not form.is_valid():
            problems = [e for errs in form.errors.values() for e in errs]
            raise ValidationError(["申请内容未通过校验，请联系申请人补正或当面登记："] + problems)
        record = form.register(actor=actor, received_on=received_on(intake))
        carry_files(intake, record, actor)
        if portal.lookup is not None:
            # The applicant keeps the 查询码 of the receipt.
            type(record)._default_manager.filter(pk=record.pk).update(
                **{portal.lookup.code_field: intake.query_code}
            )
            setattr(record, portal.lookup.code_field, intake.query_code)
        intake.status = IntakeStatus.REGISTERED
        intake.record = record
        intake.decided_by = actor
        intake.decided_at = timezone.now()
        intake.save()
        audit.record(
            "portal.intake.register",
            obj=intake,
            user=actor,
            detail={
                "receipt_number": intake.receipt_number,
                "record": f"{record._meta.label_lower}:{record.pk}",
            },
        )
    return record


def discard(portal, intake: OnlineApplication, *, actor, reason: str, note: str = "") -> OnlineApplication:
    """不予登记: the application leaves the waiting list; nothing is numbered, nothing is made."""
    if reason not in DiscardReason.values:
        raise ValidationError("请选择不予登记的原因。")
    note = " ".join((note or "").split())
    if reason == DiscardReason.OTHER and not note:
        raise ValidationError("原因为“其他”的，请填写说明。")
    if len(note) > 200:
        raise ValidationError("说明不能超过200个字。")
    validate_single_line(note)
    with transaction.atomic():
        intake = _locked(portal, intake.pk, actor)
        intake.status = IntakeStatus.DISCARDED
        intake.discard_reason = reason
        intake.discard_note = note
        intake.decided_by = actor
        intake.decided_at = timezone.now()
        intake.save()
        # The note may name people: the audit row keeps the reason's code only (docs/security.md 42).
        audit.record(
            "portal.intake.discard",
            obj=intake,
            user=actor,
            detail={"receipt_number": intake.receipt_number, "reason": reason},
        )
    return intake


def find(portal, code: str, name: str) -> OnlineApplication | None:
    """An application not (yet) registered, by 查询码 and the applicant's name as filed."""
    from fazhi.portal.kit import one_line

    intake = (
        OnlineApplication.objects.select_related("organisation")
        .filter(scope=portal.scope, query_code=code)
        .exclude(status=IntakeStatus.REGISTERED)
        .first()
    )
    if intake is None or one_line(intake.applicant_name) != name:
        return None
    return intake


def of_record(record) -> OnlineApplication | None:
    from django.contrib.contenttypes.models import ContentType

    return OnlineApplication.objects.filter(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk
    ).first()
