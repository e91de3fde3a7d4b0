"""Factories for 行政应诉 tests."""

from __future__ import annotations

import datetime as dt
import itertools

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fazhi.core import records
from fazhi.core.kit import links
from fazhi.core.kit.models import LinkKind
from fazhi.core.workflow import engine
from fazhi.core.workflow.models import Attachment
from fazhi.litigation.models import Appearance, Hearing, Instance, Lawsuit, Party, PartyRole

_seq = itertools.count(1)

PERSON_ID = "11010519491231002X"  # GB 11643 worked example (valid check digit)


def lawsuit(org, actor, **fields) -> Lawsuit:
    """A lawsuit in the initial state, through the engine."""
    n = next(_seq)
    defaults = {
        "court": "示范区人民法院",
        "case_number": f"（2026）测0206行初{n}号",
        "act_type": "行政处罚",
        "plaintiff_summary": "张某",
    }
    return engine.create(Lawsuit, actor=actor, organisation=org, **{**defaults, **fields})


def imported(
    org,
    *,
    status="closed",
    instance=Instance.FIRST,
    outcome="",
    judged_on=None,
    received=None,
    hearings=(),
    **fields,
) -> Lawsuit:
    """A historical lawsuit loaded in ``status`` (engine.bulk_import), with held hearings: each item of
    ``hearings`` is (date, [capacities of those who appeared])."""
    n = next(_seq)
    case = Lawsuit(
        organisation=org,
        status=status,
        court="示范区人民法院",
        case_number=f"（2026）测行初{n}号",
        instance=instance,
        act_type="行政处罚",
        outcome=outcome,
        judged_on=judged_on,
        complaint_received_on=received or dt.date(2026, 1, 5),
        **fields,
    )
    case.region_code = org.region_id
    [case] = engine.bulk_import(Lawsuit, [case], source="测试")
    for on, capacities in hearings:
        h = Hearing.objects.create(lawsuit=case, hearing_on=on, held=True)
        for cap in capacities:
            Appearance.objects.create(hearing=h, person_name="某某", capacity=cap)
    return case


def register(org, actor, *, received_on=None, today=None, plaintiffs=None, reconsidered_in=None, **fields):
    """A lawsuit registered as the 登记 page does (fazhi.core.records, with its plaintiffs); with
    ``received_on`` the 收到起诉状 step is taken, which starts the 15 日 answer clock; with
    ``reconsidered_in`` the 复议 case is linked (复议 —起诉→ lawsuit)."""
    defaults = {
        "court": "示范区人民法院",
        "case_number": f"（2026）测0206行初{next(_seq)}号",
        "act_type": "行政处罚",
    }
    plaintiffs = plaintiffs or [
        {"kind": "person", "name": "张三", "id_number": PERSON_ID, "phone": "13800138000"}
    ]
    rows = records.Rows(Party, "lawsuit", plaintiffs, fixed={"role": PartyRole.PLAINTIFF})
    with transaction.atomic():
        case = records.record_create(
            Lawsuit, actor=actor, organisation=org, data={**defaults, **fields}, rows={"plaintiffs": rows}
        )
        if reconsidered_in is not None:
            links.link_create(actor=actor, source=reconsidered_in, target=case, kind=LinkKind.LITIGATED)
        if received_on is not None:
            case = engine.perform(
                case, "receive", actor=actor, data={"received_on": received_on}, today=today
            )
    return case


def attach(case, actor, kind: str) -> Attachment:
    content = f"测试材料：{kind}".encode()
    attachment = Attachment(
        subject_type=ContentType.objects.get_for_model(case),
        subject_id=case.pk,
        organisation_id=case.organisation_id,
        region_code=case.region_code,
        kind=kind,
        filename=f"{kind}.txt",
        content_type="text/plain",
        size=len(content),
        sha256=Attachment.digest([content]),
        uploaded_by=actor,
    )
    attachment.file.save(f"{kind}.txt", ContentFile(content), save=False)
    attachment.save()
    return attachment


def recommendation(org, actor, *, received=True, **fields):
    """A 司法建议 (or, with kind="procuratorial", a 检察建议) through the engine; with ``received``
    the 收到建议 step is taken on its receipt date, which starts the reply clock."""
    from fazhi.litigation.models import JudicialRecommendation

    defaults = {
        "kind": "judicial",
        "issuer": "示范区人民法院",
        "document_number": f"（2026）测司建{next(_seq)}号",
        "received_on": dt.date(2026, 3, 2),
        "content": "建议规范行政处罚程序。",
    }
    rec = engine.create(JudicialRecommendation, actor=actor, organisation=org, **{**defaults, **fields})
    if received:
        engine.perform(
            rec,
            "receive",
            actor=actor,
            data={"received_on": rec.received_on},
            today=max(rec.received_on, timezone.localdate()),
        )
    return rec


# --- for the generated suites (tests/kit/test_generated_pages.py) ----------------------------------

#: Most queries one page may take, pinned (list with 1 row; detail of a registered record).
QUERY_BUDGETS = {
    "lawsuits": {"list": 6, "detail": 16},
    "hearings": {"list": 5, "detail": 4},
    "judicial-recommendations": {"list": 6, "detail": 11},
}


def samples(org, actor) -> dict:
    """One record of every staff page this domain registers, in ``org``."""
    case = lawsuit(org, actor)
    hearing = Hearing.objects.create(lawsuit=case, hearing_on=dt.date(2026, 10, 20), court_room="第一法庭")
    return {"lawsuits": case, "hearings": hearing, "judicial-recommendations": recommendation(org, actor)}
