"""Factories for 行政复议 tests."""

from __future__ import annotations

import datetime as dt

from fazhi.core.workflow import engine
from fazhi.indicators import registry as indicator_registry
from fazhi.reconsideration import services
from fazhi.reconsideration.models import (
    CASE_NUMBERS,
    EvidenceItem,
    IncidentalReview,
    ReconsiderationCase,
    ReconsiderationOpinion,
)

VALID_ID = "11010519491231002X"  # GB 11643-1999 example (docs/statutes.md §证件号码校验)


def applicant(name="张三", **kw) -> dict:
    return {
        "role": "applicant",
        "kind": "person",
        "name": name,
        "id_number": VALID_ID,
        "phone": "13800138000",
        "address": "示范市东区幸福路1号",
        **kw,
    }


def case_fields(org, received_on: dt.date, **kw) -> dict:
    numbered = ReconsiderationCase(organisation=org, received_on=received_on)
    CASE_NUMBERS.assign(numbered)
    fields = dict(
        organisation=org,
        case_year=numbered.case_year,
        case_serial=numbered.case_serial,
        case_number=numbered.case_number,
        channel="in_person",
        received_on=received_on,
        applicant_names="张三",
        respondent_name="东区市场监督管理局",
        act_type="penalty",
        act_description="罚款五千元的行政处罚决定",
        requests="请求撤销该行政处罚决定。",
    )
    fields.update(kw)
    return fields


def new_case(org, actor, received_on: dt.date, **kw) -> ReconsiderationCase:
    """A case in the initial state (已收件), straight through the engine."""
    return engine.create(ReconsiderationCase, actor=actor, **case_fields(org, received_on, **kw))


def registered(org, actor, received_on: dt.date, *, today=None, **kw) -> ReconsiderationCase:
    """A case registered through the service (受理审查中, review clock running)."""
    return services.reconsideration_case_register(
        actor=actor,
        organisation=org,
        received_on=received_on,
        channel=kw.pop("channel", "in_person"),
        respondent_name=kw.pop("respondent_name", "东区市场监督管理局"),
        act_type=kw.pop("act_type", "penalty"),
        act_description=kw.pop("act_description", "罚款五千元的行政处罚决定"),
        requests=kw.pop("requests", "请求撤销该行政处罚决定。"),
        parties=kw.pop("parties", [applicant()]),
        today=today or received_on,
        **kw,
    )


# What “作出行政复议决定” needs besides its type and date: how it was approved (2023 法第六十一条第一款)
# and the 决定书's content (workflow._decision_made_properly).
DECISION_CONTENT = {
    "approval": "collective",
    "applicant_says": "被申请人作出的行政处罚认定事实不清，处罚明显过重",
    "respondent_says": "被申请人作出的行政处罚事实清楚，证据确凿，程序合法",
    "facts": "申请人经营的门店未按规定明码标价，被申请人据此作出罚款五千元的行政处罚决定",
    "reasoning": "被申请人作出的行政处罚决定认定事实清楚，程序合法，但处罚明显不当",
}


def decision(decision_type: str, decided_on, **kw) -> dict:
    """The inputs of “作出行政复议决定” with the 决定书's content (``DECISION_CONTENT``)."""
    return {"decision_type": decision_type, "decided_on": decided_on, **DECISION_CONTENT, **kw}


def hear_views(case, actor, on: dt.date, **kw) -> ReconsiderationCase:
    """听取当事人意见 by phone (2023 法第四十九条: before an ordinary-procedure decision)."""
    data = {"heard_on": on, "manner": "phone", "summary": "申请人坚持复议请求，被申请人坚持答复意见", **kw}
    return engine.perform(case, "hear_views", actor=actor, data=data, today=on)


def issued_opinion(case, actor, *, received_on: dt.date, today: dt.date, kind="opinion", **fields):
    """An 意见书 drafted on ``case`` and 制发 (the recipient's receipt starts the 60 日 follow-up),
    as the staff pages do: created through the engine, then its ``issue`` step."""
    opinion = engine.create(
        ReconsiderationOpinion, actor=actor, case=case, organisation=case.organisation, kind=kind, **fields
    )
    return engine.perform(opinion, "issue", actor=actor, data={"received_on": received_on}, today=today)


# --- for the generated suites (tests/kit/test_generated_pages.py) ----------------------------------

#: Most queries one page may take, pinned (list with 1 row; detail of a registered case).
# The list pages read whether the user's organisation is a 行政复议机构 (the 登记 button; issue 11 item 8).
QUERY_BUDGETS = {
    "reconsideration": {
        "list": 7,
        "detail": 21,
    },  # +2: is the user the 承办单位 or the 被申请人 (shared_with); +4: its 意见书 and 附带审查 panels (rows; may the user make one); +1: its 证据目录 (rows)
    "reconsideration-opinions": {"list": 7, "detail": 8},
    "reconsideration-incidental": {"list": 7, "detail": 8},
    "reconsideration-evidence": {"list": 7, "detail": 8},
}


def samples(org, actor) -> dict:
    """One record of every staff page this domain registers, in ``org``."""
    case = registered(org, actor, dt.date(2026, 9, 25), today=dt.date(2026, 9, 28))
    engine.perform(
        case, "accept", actor=actor, data={"accepted_on": "2026-09-28"}, today=dt.date(2026, 9, 28)
    )
    opinion = issued_opinion(
        case,
        actor,
        recipient="东区市场监督管理局",
        content="行政处罚程序不规范，建议纠正。",
        received_on=dt.date(2026, 9, 29),
        today=dt.date(2026, 9, 30),
    )
    review = engine.create(
        IncidentalReview,
        actor=actor,
        case=case,
        organisation=org,
        origin="applicant",
        document_title="《东区农村宅基地管理办法》",
        maker="东区人民政府",
        started_on=dt.date(2026, 9, 28),
    )
    engine.perform(
        review, "handle", actor=actor, data={"decided_on": "2026-09-29"}, today=dt.date(2026, 9, 30)
    )
    evidence = EvidenceItem.objects.create(
        case=case,
        organisation=org,
        submitted_by="applicant",
        kind="documentary",
        name="行政处罚决定书",
        proves="被申请人作出的行政处罚决定",
        submitted_on=dt.date(2026, 9, 25),
    )
    return {
        "reconsideration": case,
        "reconsideration-opinions": opinion,
        "reconsideration-incidental": review,
        "reconsideration-evidence": evidence,
    }


def concluded_by_type(prefix, start, end) -> dict[str, int]:
    """审结 by outcome as the declared breakdown (reconsideration.concluded.*) gives it; only the
    outcomes that occur."""
    parts = [i for i in indicator_registry.all_indicators() if i.part_of == "reconsideration.concluded"]
    results = indicator_registry.evaluate(parts, [prefix], start, end)[prefix]
    return {code.rsplit(".", 1)[1]: r.numerator for code, r in results.items() if r.numerator}
