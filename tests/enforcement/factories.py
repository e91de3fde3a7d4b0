"""Factories for 行政执法 tests, and what the generated suites (tests/kit/test_generated_pages.py)
need: ``samples`` and ``QUERY_BUDGETS``."""

from __future__ import annotations

import datetime as dt
import itertools

from fazhi.core import records
from fazhi.enforcement.models import BodyBasis, EnforcementBody, EnforcementOfficer

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
}


def samples(org, actor) -> dict:
    """One record of every staff page this domain registers, in ``org``."""
    return {"enforcement-bodies": body(org, actor), "enforcement-officers": officer(org, actor)}


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
