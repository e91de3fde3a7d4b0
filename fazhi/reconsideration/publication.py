"""公开行政复议决定书 on the portal (《行政复议法》第七十九条第一款: 行政复议机关根据被申请行政复议的
行政行为的公开情况，按照国家有关规定将行政复议决定书向社会公开).

When a case with a decision is served (送达; the decision takes effect on service, 第七十五条), an
after-commit engine hook publishes the masked decision through :mod:`fazhi.core.publication`:
case number, the 复议机关 and the respondent organisation in full, natural persons as 张某, the
decision type and date, and the decision text built from the case with the applicant's own free text
scanned — anything found there (an ID number, a phone, a party's name or address) holds the
publication for a reviewer (docs/security.md 18). Cases involving a minor are never published (19).
Terminated cases (终止) have no 决定书 to publish. The portal lists and searches them
(:mod:`fazhi.reconsideration.portal`).
"""

from __future__ import annotations

import logging

from fazhi.core.dates import written_date
from fazhi.core.publication import services as publication
from fazhi.core.publication.models import Publication
from fazhi.core.publication.services import PublicationRefused, PublicField
from fazhi.core.workflow import engine
from fazhi.core.workflow.steps import steps
from fazhi.reconsideration.models import (
    ActType,
    DecisionType,
    LawVersion,
    PartyRole,
    ReconsiderationCase,
    decision_article,
)

logger = logging.getLogger(__name__)

KIND = "reconsideration.decision"
PUBLISHED_DECISIONS = tuple(c for c in DecisionType if c != DecisionType.TERMINATED)


# Organisations in full, natural persons as 张某 (docs/security.md 17); the portal names parties so too.
public_party_name = publication.public_name


def _names(parties, role) -> str:
    """Organisations with their 统一社会信用代码 (public by design; docs/security.md 17)."""
    return "、".join(publication.public_name(p, with_code=True) for p in parties if p.role == role)


# 本机关决定 as the 决定书 words it (templates/reconsideration/documents/decision.txt); {act}: the act.
DECISION_WORDING = {
    DecisionType.UPHOLD: "维持被申请人{act}。",
    DecisionType.REVOKE: "撤销被申请人{act}。",
    DecisionType.PARTIAL_REVOKE: "部分撤销被申请人{act}。",
    DecisionType.CHANGE: "变更被申请人{act}。",
    DecisionType.CONFIRM_ILLEGAL: "确认被申请人{act}违法。",
    DecisionType.CONFIRM_VOID: "确认被申请人{act}无效。",
    DecisionType.ORDER_PERFORMANCE: "责令被申请人在法定期限内履行法定职责。",
    DecisionType.REJECT_CLAIM: "驳回申请人的行政复议请求。",
    DecisionType.REJECT_APPLICATION: "驳回申请人的行政复议申请。",
    DecisionType.REJECT: "驳回申请人的行政复议申请。",
}


def _said(data: dict, name: str) -> str:
    return str(data.get(name) or "").strip().rstrip("。")


def decision_text(case, applicants: str, decided: dict | None = None, *, answer_overdue: bool = False) -> str:
    """The public text of the decision: the 决定书's content — the request, 申请人称, 被申请人称, 经审理
    查明, 本机关认为 as the 复议机构 entered them on “作出行政复议决定” (2023 法第六十一条、第七十五条),
    and the decision with the article it rests on; a 调解书 gives the agreement instead. ``decided``:
    the inputs of that step; ``answer_overdue``: the respondent did not answer (第七十条). All of it is
    free text, scanned and masked by the publication service (natural persons as 张某, identifiers
    redacted; docs/security.md 17–18). A part not entered (a decision imported from before) is left out.
    """
    act = ActType(case.act_type).label
    doc = f"{case.act_document_number}" if case.act_document_number else ""
    act_date = f"于{written_date(case.act_date)}" if case.act_date else ""
    the_act = f"{act_date}作出的{doc}{act}（{case.act_description}）"
    basis = decision_article(case, "《中华人民共和国行政复议法》")  # models.DECISION_ARTICLES
    data = decided or {}
    lines = [
        f"申请人{applicants}不服被申请人{case.respondent_name}{the_act}，"
        f"于{written_date(case.received_on)}向本机关申请行政复议。"
        + (f"本机关于{written_date(case.accepted_on)}依法受理" if case.accepted_on else "本机关依法受理")
        + ("，适用简易程序审理。" if case.simple_procedure else "，依法进行了审理。"),
        f"申请人请求：{case.requests}",
    ]
    said = [("applicant_says", "申请人称"), ("respondent_says", "被申请人称"), ("facts", "经审理查明")]
    if case.decision_type != DecisionType.MEDIATION:
        said.append(("reasoning", "本机关认为"))
    for name, label in said:
        if text := _said(data, name):
            lines.append(f"{label}：{text}。")
        elif name == "respondent_says" and answer_overdue:
            lines.append("被申请人未在法定期限内提出书面答复、提交作出该行政行为的证据、依据和其他有关材料。")
    if case.decision_type == DecisionType.MEDIATION:
        agreement = _said(data, "agreement")
        lines.append(
            f"经本机关主持调解，双方当事人自愿达成如下协议：{agreement}。根据{basis}的规定，本机关制作本调解书。"
            if agreement
            else f"根据{basis}的规定，本案经调解结案。"
        )
    else:
        wording = DECISION_WORDING[case.decision_type].format(act=the_act)
        lines.append(f"根据{basis}的规定，本机关决定：{wording}")
        lines.append(
            "申请人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十五条）。"
        )
    return "\n".join(lines)


def _text(case, applicants: str) -> str:
    past = steps(case)
    return decision_text(
        case, applicants, past.data("decide"), answer_overdue=past.last("answer_overdue") is not None
    )


def decision_fields(case, parties) -> list[PublicField]:
    applicants = _names(parties, PartyRole.APPLICANT)
    third = _names(parties, PartyRole.THIRD_PARTY)
    act = ActType(case.act_type).label + (
        f"（{case.act_document_number}）" if case.act_document_number else ""
    )
    fields = [
        PublicField("case_number", "案号", case.case_number),
        PublicField("body", "行政复议机构", case.organisation.name),
        PublicField("applicant", "申请人", applicants),
        PublicField("respondent", "被申请人", case.respondent_name),
    ]
    if third:
        fields.append(PublicField("third_party", "第三人", third))
    fields += [
        PublicField("act", "被申请行为", act),
        PublicField("decision_type", "决定类型", DecisionType(case.decision_type).label),
        PublicField("decided_on", "决定日期", case.decided_on),
        PublicField("law_version", "适用法律", LawVersion(case.law_version).label),
        PublicField("text", "决定书正文", _text(case, applicants), text=True),
    ]
    return fields


def publish_decision(case: ReconsiderationCase, *, actor=None) -> Publication:
    """Publish (or hold for review) the masked decision of ``case``. Raises PublicationRefused for a
    case involving a minor or a case without a published kind of decision."""
    if case.decision_type not in PUBLISHED_DECISIONS or case.decided_on is None:
        raise PublicationRefused("本案尚未作出可公开的行政复议决定。")
    parties = list(case.parties.all())
    return publication.publish(
        case,
        decision_fields(case, parties),
        actor=actor,
        title=f"{case.case_number}行政复议决定书",
        kind=KIND,
        organisation=case.organisation,
        public_date=case.decided_on,
        **_party_masking(case, parties),
    )


def _party_masking(case: ReconsiderationCase, parties=None) -> publication.PartyMasking:
    """Every natural-person party (applicants, third parties, agents) and the respondent when the
    name given for it is not an organ's (an applicant may name a person; 《行政复议法》第十九条 makes
    the organ that acted the respondent, but the name as filed is what would be published) are
    masked; a party is a minor if under 18 when the act was made or the application received,
    whichever came first (docs/security.md 19)."""
    on = min(d for d in (case.act_date, case.received_on) if d)
    parties = case.parties.all() if parties is None else parties
    return publication.party_masking(parties, on=on, named=[case.respondent_name])


def person_names(case: ReconsiderationCase) -> list[str]:
    """The natural persons of the case, masked wherever they occur in what is published."""
    return _party_masking(case)["names_to_mask"]


def withdraw_decision(case: ReconsiderationCase, *, reason: str, actor=None) -> Publication | None:
    """Take a published decision off the portal with a notice, in the caller's transaction (e.g.
    when a court revokes the decision)."""
    return publication.withdraw(case, reason=reason, actor=actor, names_to_mask=person_names(case))


# A withdrawal from the staff screen 信息公开审核 masks the parties' names in its public notice too.
publication.register_person_names(KIND, person_names)


def _after_commit(case, transition, data, when) -> None:
    if transition.name != "serve" or case.decision_type not in PUBLISHED_DECISIONS:
        return
    fresh = ReconsiderationCase.objects.select_related("organisation").get(pk=case.pk)
    try:
        publish_decision(fresh, actor=None)
    except PublicationRefused as exc:
        # Already audited by the publication service; the case itself is served as it should be.
        logger.info("reconsideration case %s not published: %s", case.pk, exc.message)


engine.after_commit("reconsideration", _after_commit)
