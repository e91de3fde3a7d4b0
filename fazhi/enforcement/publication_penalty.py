"""事后公开 of 行政处罚决定 (《行政处罚法》第四十八条; 国办发〔2018〕118号: 行政处罚的执法决定信息要在执法
决定作出之日起7个工作日内公开).

作出决定 (the ``decide`` step) starts the 7 个工作日 publication clock in the same transaction
(:func:`fazhi.core.publication.kinds.expect_publication`) and, after commit, submits the masked
decision to the core publication service: held for review, then on the portal; the clock stops met
on the day it goes public. Natural-person parties appear as 张某, never with their 身份证号, phone or
address. Not published: a decision that imposes only a 警告 (the publication rules publish decisions
with a 罚款 or heavier penalty; 警告-only decisions are recorded but not put on the portal) and any
case involving a minor (《未成年人保护法》第一百零三条, refused by the service). A decision revoked,
changed or confirmed unlawful (the ``revise`` step) is withdrawn with a public notice in the same
transaction (第四十八条第二款).
"""

from __future__ import annotations

import logging

from fazhi.core.dates import written_date
from fazhi.core.publication import kinds
from fazhi.core.publication import services as publication
from fazhi.core.publication.services import PublicationDeadline, PublicationRefused, PublicField
from fazhi.core.workflow import engine
from fazhi.core.workflow.steps import steps
from fazhi.enforcement.models_penalty import PenaltyCase, PenaltyPartyRole, PenaltyType, Revision
from fazhi.enforcement.workflow import PROCEDURE_NAME

logger = logging.getLogger(__name__)

KIND = "enforcement.penalty_decision"


def published_kind(case: PenaltyCase) -> bool:
    """A penalty decision that is published: any penalty other than a 警告 alone."""
    kinds_given = {case.penalty_kind, case.second_kind} - {""}
    return bool(case.decided_on and kinds_given and kinds_given != {PenaltyType.WARNING})


def _masking(case: PenaltyCase, parties=None) -> publication.PartyMasking:
    parties = case.parties.all() if parties is None else parties
    return publication.party_masking(parties, on=case.filed_on or case.registered_on)


def person_names(case: PenaltyCase) -> list[str]:
    return _masking(case)["names_to_mask"]


publication.register_kind(
    KIND,
    label="行政处罚决定",
    deadline=PublicationDeadline(7, "workday", article=kinds.ENFORCEMENT_DECISION_ARTICLE),
    person_names=person_names,
)


def decision_fields(case: PenaltyCase, parties) -> list[PublicField]:
    decided = steps(case).data("decide") or {}
    names = "、".join(
        publication.public_name(p, with_code=True) for p in parties if p.role == PenaltyPartyRole.PARTY
    )
    penalty = PenaltyType(case.penalty_kind).label
    if case.second_kind:
        penalty += f"，并处{PenaltyType(case.second_kind).label}"
    if case.amount:
        penalty += f"（{case.amount:.2f}元）"
    return [
        PublicField("number", "决定书文号", case.number),
        PublicField("body", "执法机关", case.organisation.name),
        PublicField("party", "当事人", names),
        PublicField("title", "案由", case.title),
        PublicField("penalty", "处罚种类和数额", penalty),
        PublicField("decided_on", "决定日期", case.decided_on),
        PublicField("facts", "违法事实", str(decided.get("facts") or ""), text=True),
        PublicField("basis", "处罚依据", str(decided.get("basis") or ""), text=True),
        PublicField("performance", "履行方式和期限", str(decided.get("performance") or ""), text=True),
    ]


def publish_decision(case: PenaltyCase, *, actor=None):
    if not published_kind(case):
        raise PublicationRefused("仅给予警告的行政处罚决定不在门户网站公开。")
    parties = list(case.parties.all())
    masking = _masking(case, parties)
    return publication.publish(
        case,
        decision_fields(case, parties),
        actor=actor,
        title=f"{case.number}行政处罚决定",
        kind=KIND,
        organisation=case.organisation,
        public_date=case.decided_on,
        **masking,
    )


def withdraw_decision(case: PenaltyCase, *, reason: str, actor=None):
    return publication.withdraw(case, reason=reason, actor=actor, names_to_mask=person_names(case))


def _on_apply(case, transition, data, when) -> None:
    if transition.name == "decide" and published_kind(case):
        kinds.expect_publication(case, kind=KIND, decided_on=case.decided_on)
    if transition.name == "revise":
        label = Revision(data["revision"]).label
        reason = f"该行政处罚决定已于{written_date(data['revised_on'])}被{data['by']}{label}，撤回公开。"
        withdraw_decision(case, reason=reason)


def _after_commit(case, transition, data, when) -> None:
    if transition.name != "decide":
        return
    fresh = PenaltyCase.objects.select_related("organisation").get(pk=case.pk)
    if not published_kind(fresh):
        return
    try:
        publish_decision(fresh)
    except PublicationRefused as exc:
        logger.info("penalty case %s not published: %s", case.pk, exc.message)


engine.on_apply(PROCEDURE_NAME, _on_apply)
engine.after_commit(PROCEDURE_NAME, _after_commit)
