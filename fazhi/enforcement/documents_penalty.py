"""行政处罚决定书 (《行政处罚法》第五十九条), generated on a case 待决定 — from what was 告知 (第四十四条)
— or once decided, from the decision; its 材料类型 is the attachment the ``decide`` step requires. The
text is ``templates/enforcement/documents/penalty_decision.txt``."""

from __future__ import annotations

from fazhi.core.documents.registry import DocumentKind, government_of, register
from fazhi.core.workflow.steps import steps
from fazhi.enforcement.models_penalty import PenaltyPartyRole, PenaltyType


def _said(data: dict, name: str) -> str:
    return str(data.get(name) or "").strip().rstrip("。")


def context(case) -> dict:
    past = steps(case)
    told, decided, proposed = past.data("notify") or {}, past.data("decide") or {}, past.data("propose") or {}
    if case.penalty_kind:
        penalty = PenaltyType(case.penalty_kind).label
        if case.second_kind:
            penalty += f"，并处{PenaltyType(case.second_kind).label}"
        if case.amount:
            penalty += f"人民币{case.amount:.2f}元"
    else:
        penalty = _said(told, "intended")
    parties = [
        {
            "name": p.name,
            "code": "" if p.is_person else p.id_number,
            "id_number": p.id_number if p.is_person else "",
            "address": p.address,
        }
        for p in case.parties.all()
        if p.role == PenaltyPartyRole.PARTY
    ]
    return {
        "parties": parties,
        "title": case.title.removeprefix("涉嫌").removesuffix("案") + "一案" if case.title else "",
        "filed_on": case.filed_on,
        "facts": _said(decided, "facts") or _said(told, "facts") or _said(proposed, "facts"),
        "evidence": _said(proposed, "evidence"),
        "notified_on": case.notified_on,
        "hearing_on": case.hearing_on,
        "reasons": _said(told, "reasons"),
        "basis": _said(decided, "basis") or _said(told, "basis"),
        "penalty": penalty,
        "performance": _said(decided, "performance") or "（承办人填写）",
        "fine": PenaltyType.FINE in (case.penalty_kind, case.second_kind) or "罚款" in penalty,
        "reconsideration_body": government_of(case.organisation).name,
    }


DECISION = register(
    DocumentKind(
        code="enforcement.penalty_decision",
        title="行政处罚决定书",
        model="enforcement.PenaltyCase",
        states=("ready", "decided"),
        number_prefix="{org}罚决字",
        context=context,
        roles=("officer", "leader"),
        article="《行政处罚法》第五十九条",
    )
)
