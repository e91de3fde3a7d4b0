"""Writes for 行政复议 cases. Keyword-only, with an explicit actor; status moves only through the
engine (``engine.create`` / ``engine.perform``). Callers catch ``engine.TransitionError`` and
``django.core.exceptions.ValidationError`` and show their Chinese messages as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.kit.parties import names_of
from fazhi.core.models import Organisation
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import (
    CASE_NUMBERS,
    Party,
    PartyRole,
    ReconsiderationCase,
)


def _build_parties(case: ReconsiderationCase, parties: Iterable[dict]) -> list[Party]:
    built, errors = [], []
    for i, raw in enumerate(parties, start=1):
        party = Party(case=case, **{k: v for k, v in raw.items() if k != "represents_index"})
        try:
            party.full_clean(exclude=["case", "represents"])
        except ValidationError as exc:
            errors.append(f"第{i}位当事人：" + "；".join(exc.messages))
        built.append(party)
    if errors:
        raise ValidationError(errors)
    if not any(p.role == PartyRole.APPLICANT for p in built):
        raise ValidationError("至少应有一名申请人。")
    return built


def reconsideration_case_register(
    *,
    actor,
    organisation: Organisation,
    received_on: dt.date,
    channel: str,
    respondent_name: str,
    act_type: str,
    act_description: str,
    requests: str,
    parties: Iterable[dict],
    simple_procedure: bool = False,
    simple_procedure_ground: str = "",
    special_decision_days: int | None = None,
    special_decision_basis: str = "",
    act_document_number: str = "",
    act_date: dt.date | None = None,
    today: dt.date | None = None,
) -> ReconsiderationCase:
    """登记一件行政复议申请: number it, record its parties, and — for a staff actor — take the
    "登记收件" step, which starts the 5 个工作日 acceptance review from ``received_on``
    (《行政复议法》第三十条). An online application reaches here only when an officer registers it
    from 网上收件 (:mod:`fazhi.portal.intake`); ``actor=None`` leaves the case in 已收件."""
    with transaction.atomic():
        fields = dict(
            organisation=organisation,
            channel=channel,
            received_on=received_on,
            respondent_name=respondent_name,
            act_type=act_type,
            act_description=act_description,
            act_document_number=act_document_number,
            act_date=act_date,
            requests=requests,
            simple_procedure=simple_procedure,
            simple_procedure_ground=simple_procedure_ground,
            special_decision_days=special_decision_days,
            special_decision_basis=special_decision_basis,
        )
        parties = list(parties)
        probe = ReconsiderationCase(**fields)
        CASE_NUMBERS.assign(probe)
        fields.update(case_year=probe.case_year, case_serial=probe.case_serial, case_number=probe.case_number)
        built = _build_parties(probe, parties)
        fields["applicant_names"] = names_of(built, PartyRole.APPLICANT, max_length=300)
        case = engine.create(ReconsiderationCase, actor=actor, **fields)
        for party in built:
            party.case = case
        Party.objects.bulk_create(built)
        for party, raw in zip(built, parties, strict=True):
            index = raw.get("represents_index")
            if index is not None:
                party.represents = built[index]
                party.save(update_fields=["represents"])
        if actor is not None:
            engine.perform(case, "register", actor=actor, data={"received_on": received_on}, today=today)
    return case


# 视为受理 (第三十条第三款) is declared on the procedure (workflow.py ``deadline_steps``) and taken by
# the core deadline scheduler (fazhi.core.workflow.deadlines, ``fazhi deadlines run``).
