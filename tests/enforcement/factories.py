"""Factories for 行政执法 tests, and what the generated suites (tests/kit/test_generated_pages.py)
need: ``samples`` and ``QUERY_BUDGETS``."""

from __future__ import annotations

import datetime as dt
import itertools

from fazhi.core import records
from fazhi.core.models import OrganisationFunction, OrgFunction
from fazhi.core.workflow import engine
from fazhi.enforcement.models import BodyBasis, EnforcementBody, EnforcementOfficer, PenaltyCase, PenaltyParty

_seq = itertools.count(1)


def body(org, actor, **fields) -> EnforcementBody:
    data = {
        "basis_kind": BodyBasis.STATUTORY,
        "scope": "市场监督管理领域的行政处罚、行政强制和行政检查。",
        "legal_basis": "《中华人民共和国行政处罚法》第十七条",
        "confirmed_on": dt.date(2024, 1, 10),
        **fields,
    }
    return records.record_create(EnforcementBody, actor=actor, organisation=org, data=data)


def officer(org, actor, **fields) -> EnforcementOfficer:
    n = next(_seq)
    data = {
        "full_name": f"执法员{n}",
        "category": "市场监管",
        "certificate_number": f"4502060{n:04d}",
        "issued_on": dt.date(2024, 3, 1),
        "valid_until": dt.date(2029, 2, 28),
        **fields,
    }
    return records.record_create(EnforcementOfficer, actor=actor, organisation=org, data=data)


#: Most queries one page may take, pinned (list with 1 row; detail of one record).
QUERY_BUDGETS = {
    "enforcement-bodies": {"list": 8, "detail": 10},
    "enforcement-officers": {"list": 8, "detail": 10},
    "enforcement-penalties": {"list": 10, "detail": 40},
}

#: A valid 公民身份号码 (GB 11643 check digit) of an adult, and one of a minor in 2026.
PERSON_ID = "110105199001011232"
MINOR_ID = "450206201203051232"


def penalty_case(org, actor, *, officers=None, person=True, id_number=PERSON_ID, **fields) -> PenaltyCase:
    """A 行政处罚案件 in 线索登记 with two certified officers of ``org`` and one 当事人 (a person with
    身份证号, phone and address, or a company)."""
    OrganisationFunction.objects.get_or_create(organisation=org, function=OrgFunction.ENFORCEMENT_BODY)
    if officers is None:
        officers = (officer(org, actor), officer(org, actor))
    data = {
        "title": "涉嫌销售过期食品案",
        "source": "投诉举报",
        "registered_on": dt.date(2026, 8, 3),
        "summary": "群众举报某超市销售超过保质期的食品。",
        "officer_a": officers[0] if officers else None,
        "officer_b": officers[1] if officers else None,
        **fields,
    }
    case = engine.create(PenaltyCase, actor=actor, organisation=org, **data)
    if person:
        PenaltyParty.objects.create(
            case=case,
            kind="person",
            name="张三丰",
            id_number=id_number,
            phone="13812345678",
            address="东区幸福路88号",
        )
    else:
        PenaltyParty.objects.create(case=case, kind="legal_person", name="东区某某商贸有限公司")
    case.party_names = "张三丰" if person else "东区某某商贸有限公司"
    case.save(update_fields=["party_names"])
    return case


def samples(org, actor) -> dict:
    """One record of every staff page this domain registers, in ``org``."""
    return {
        "enforcement-bodies": body(org, actor),
        "enforcement-officers": officer(org, actor),
        # no officers of its own: the officers' page holds exactly its one sample
        "enforcement-penalties": penalty_case(org, actor, officers=()),
    }


def attach(record, kind: str, actor):
    """A small file of ``kind`` on ``record`` (for steps requiring one)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from fazhi.core.workflow.models import Attachment

    content = f"测试材料：{kind}".encode()
    attachment = Attachment(
        subject_type=ContentType.objects.get_for_model(record),
        subject_id=record.pk,
        organisation_id=record.organisation_id,
        region_code=record.region_code,
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


#: Valid inputs of each step (dates are set by the caller).
STEP_INPUTS = {
    "file": {"approval_note": "同意立案"},
    "investigate": {},
    "suspend": {"reason": "appraisal"},
    "propose": {"facts": "当事人销售超过保质期的食品", "evidence": "现场检查笔录、询问笔录"},
    "legal_review_pass": {"opinion": "事实清楚，证据确凿，同意"},
    "notify": {
        "intended": "罚款人民币五千元",
        "facts": "当事人销售超过保质期的食品",
        "reasons": "违反《食品安全法》第三十四条",
        "basis": "《食品安全法》第一百二十四条",
    },
    "no_hearing": {"reason": "waived"},
    "schedule_hearing": {"place": "本局听证室", "host": "李四"},
    "hold_hearing": {"record": "当事人对事实无异议"},
    "discuss": {"conclusion": "同意罚款五千元"},
    "decide": {
        "penalty_kind": "fine",
        "second_kind": "",
        "amount": 5000,
        "facts": "当事人张三丰于2026年7月销售超过保质期的食品",
        "basis": "《中华人民共和国食品安全法》第一百二十四条",
        "performance": "自收到本决定书之日起十五日内缴纳",
    },
    "serve": {"manner": "直接送达"},
    "execute": {"manner": "已缴清"},
    "close": {},
    "revise": {"revision": "revoked", "by": "东区人民政府", "reason": "事实不清"},
}
DATE_FIELDS = {
    "file": "filed_on",
    "investigate": "started_on",
    "suspend": "suspended_on",
    "resume": "resumed_on",
    "propose": "concluded_on",
    "legal_review_pass": "reviewed_on",
    "notify": "notified_on",
    "request_hearing": "requested_on",
    "no_hearing": "noted_on",
    "schedule_hearing": "notified_on",
    "hold_hearing": "held_on",
    "discuss": "discussed_on",
    "decide": "decided_on",
    "serve": "served_on",
    "execute": "performed_on",
    "close": "closed_on",
    "revise": "revised_on",
}


def step(case, name: str, day: dt.date, actor, **data):
    """Take step ``name`` on ``day`` (attachments it needs provided), as ``actor``."""
    from fazhi.core.workflow import registry

    for kind in registry.get("enforcement_penalty").transition(name).attachments:
        attach(case, kind, actor)
    inputs = {**STEP_INPUTS.get(name, {}), DATE_FIELDS[name]: day, **data}
    return engine.perform(case, name, actor=actor, data=inputs, today=max(day, dt.date(2026, 12, 1)))


# --- 权责清单, 裁量基准, 免罚清单 (fazhi/enforcement/models_lists.py) -----------------------------------


def power_item(org, actor, **fields):
    from fazhi.enforcement.models_lists import PowerItem, PowerType

    data = {
        "power_type": PowerType.PENALTY,
        "name": "对未取得食品经营许可从事食品经营活动的行政处罚",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十二条",
        "duties": "立案、调查、审查、告知、决定、送达、执行等责任。",
        "published_on": dt.date(2025, 3, 1),
        **fields,
    }
    return records.record_create(PowerItem, actor=actor, organisation=org, data=data)


def standard(org, actor, **fields):
    from fazhi.enforcement.models_lists import Circumstance, DiscretionStandard, PenaltyKind

    data = {
        "violation": "未取得食品经营许可从事食品经营活动",
        "violated_provision": "《中华人民共和国食品安全法》第三十五条第一款",
        "penalty_provision": "《中华人民共和国食品安全法》第一百二十二条第一款",
        "circumstance": Circumstance.ORDINARY,
        "penalty_kind": PenaltyKind.FINE,
        "min_amount": "50000",
        "max_amount": "80000",
        "effective_on": dt.date(2025, 1, 1),
        **fields,
    }
    return records.record_create(DiscretionStandard, actor=actor, organisation=org, data=data)


def exemption(org, actor, **fields):
    from fazhi.enforcement.models_lists import ExemptionKind, ExemptionListItem

    data = {
        "kind": ExemptionKind.FIRST_OFFENCE,
        "violation": "未按规定公示食品经营许可证",
        "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款",
        "conditions": "初次违法，危害后果轻微，在责令改正期限内改正。",
        "effective_on": dt.date(2025, 1, 1),
        **fields,
    }
    return records.record_create(ExemptionListItem, actor=actor, organisation=org, data=data)


QUERY_BUDGETS |= {
    "enforcement-powers": {"list": 8, "detail": 12},
    "enforcement-discretion": {"list": 8, "detail": 10},
    "enforcement-exemptions": {"list": 8, "detail": 10},
}
_registers_samples = samples


def samples(org, actor) -> dict:  # noqa: F811
    return {
        **_registers_samples(org, actor),
        "enforcement-powers": power_item(org, actor),
        "enforcement-discretion": standard(org, actor),
        "enforcement-exemptions": exemption(org, actor),
    }


# --- 案卷评查, 整改通知 (fazhi/enforcement/models_review.py) -------------------------------------------


def case_file(org, actor, **fields):
    from fazhi.enforcement.models_review import ActKind, CaseFile

    n = next(_seq)
    data = {
        "case_number": f"东市监罚〔2025〕{n}号",
        "title": "无证经营案",
        "act_kind": ActKind.PENALTY,
        "closed_on": dt.date(2025, 6, 1),
        "submitted_on": dt.date(2025, 12, 1),
        **fields,
    }
    return records.record_create(CaseFile, actor=actor, organisation=org, data=data)


def scoring_sheet(org, actor):
    from fazhi.enforcement.models_review import ScoringItem, ScoringSheet

    rows = [
        {"name": "执法主体合法，执法人员持证", "points": 20, "veto": True},
        {"name": "事实清楚，证据确凿", "points": 40, "veto": False},
        {"name": "程序合法", "points": 40, "veto": False},
    ]
    return records.record_create(
        ScoringSheet,
        actor=actor,
        organisation=org,
        data={"title": "案卷评查评分表"},
        rows={"items": records.Rows(ScoringItem, "sheet", rows)},
    )


def review_plan(org, actor, sheet=None, **fields):
    from fazhi.enforcement.models_review import ReviewPlan

    data = {
        "year": 2025,
        "title": "2025年度案卷评查方案",
        "closed_from": dt.date(2025, 1, 1),
        "closed_to": dt.date(2025, 12, 31),
        "sample_count": 2,
        "sheet": sheet or scoring_sheet(org, actor),
        **fields,
    }
    return records.record_create(ReviewPlan, actor=actor, organisation=org, data=data)


def file_review(org, actor, case_file, points=(20, 35, 35), veto_failed=False, **fields):
    from fazhi.enforcement.models_review import FileReview, ReviewScore

    items = list(case_file.drawn_in.sheet.items.order_by("pk"))
    rows = [
        {"item": item, "points": p, "veto_failed": veto_failed and item.veto}
        for item, p in zip(items, points, strict=True)
    ]
    data = {"case_file": case_file, "reviewer": "张明", "reviewed_on": dt.date(2026, 1, 20), **fields}
    return records.record_create(
        FileReview,
        actor=actor,
        organisation=org,
        data=data,
        rows={"scores": records.Rows(ReviewScore, "review", rows)},
    )


def _drawn_sample(org, actor):
    from fazhi.enforcement.services_review import draw

    department = org  # a plain sample: the plan's own county, its own file
    plan = review_plan(org, actor, sample_count=1)
    case_file(department, actor)
    draw(plan, actor, seed=1)
    plan.refresh_from_db()
    return plan, plan.drawn_files.get()


QUERY_BUDGETS |= {
    "enforcement-case-files": {"list": 8, "detail": 10},
    "enforcement-scoring-sheets": {"list": 8, "detail": 10},
    "enforcement-review-plans": {"list": 8, "detail": 16},
    "enforcement-file-reviews": {"list": 8, "detail": 10},
    "enforcement-rectifications": {"list": 8, "detail": 10},
}
_lists_samples = samples


def samples(org, actor) -> dict:  # noqa: F811
    from fazhi.enforcement.models_review import Rectification

    plan, drawn = _drawn_sample(org, actor)
    review = file_review(org, actor, drawn)
    rectification = records.record_create(
        Rectification,
        actor=actor,
        organisation=org,
        data={
            "plan": plan,
            "notice_on": dt.date(2026, 2, 1),
            "deadline": dt.date(2026, 3, 1),
            "content": "整改",
        },
    )
    return {
        **_lists_samples(org, actor),
        "enforcement-case-files": drawn,
        "enforcement-scoring-sheets": plan.sheet,
        "enforcement-review-plans": plan,
        "enforcement-file-reviews": review,
        "enforcement-rectifications": rectification,
    }
