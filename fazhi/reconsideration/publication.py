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
from fazhi.core.masking import looks_like_organisation, mask_person_name
from fazhi.core.publication import services as publication
from fazhi.core.publication.models import Publication
from fazhi.core.publication.services import PublicationRefused, PublicField
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import (
    ActType,
    DecisionType,
    LawVersion,
    PartyKind,
    PartyRole,
    ReconsiderationCase,
    decision_article,
)

logger = logging.getLogger(__name__)

KIND = "reconsideration.decision"
PUBLISHED_DECISIONS = tuple(c for c in DecisionType if c != DecisionType.TERMINATED)


def public_party_name(party) -> str:
    """Organisations in full; natural persons as 张某 (docs/security.md 17)."""
    return party.name if party.kind == PartyKind.ORGANISATION else mask_person_name(party.name)


def _with_credit_code(party) -> str:
    """Organisations are published with their 统一社会信用代码 (public by design; docs/security.md 17)."""
    name = public_party_name(party)
    if party.kind == PartyKind.ORGANISATION and party.uscc:
        return f"{name}（统一社会信用代码：{party.uscc}）"
    return name


def _names(parties, role) -> str:
    return "、".join(_with_credit_code(p) for p in parties if p.role == role)


def decision_text(case, applicants: str) -> str:
    """The public text of the decision, from the case's data. The applicant's own free text
    (被申请行为, 请求) is quoted as filed and is what the publication scan looks at."""
    act = ActType(case.act_type).label
    doc = f"{case.act_document_number}" if case.act_document_number else ""
    act_date = f"于{written_date(case.act_date)}" if case.act_date else ""
    basis = decision_article(case, "《中华人民共和国行政复议法》")  # models.DECISION_ARTICLES
    lines = [
        f"申请人{applicants}不服被申请人{case.respondent_name}{act_date}作出的{doc}{act}"
        f"（{case.act_description}），于{written_date(case.received_on)}向本机关申请行政复议。"
        + (f"本机关于{written_date(case.accepted_on)}依法受理" if case.accepted_on else "本机关依法受理")
        + ("，适用简易程序审理。" if case.simple_procedure else "，依法进行了审理。"),
        f"申请人请求：{case.requests}",
        f"根据{basis}的规定，本机关决定：{DecisionType(case.decision_type).label}。",
    ]
    if case.decision_type not in (DecisionType.MEDIATION,):
        lines.append(
            "申请人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十五条）。"
        )
    return "\n".join(lines)


def involves_minor(case, parties) -> bool:
    """A natural-person party under 18 (by the birth date in the ID number) when the act was made or
    the application received (docs/security.md 19)."""
    on = min(d for d in (case.act_date, case.received_on) if d)
    return any(
        p.kind == PartyKind.PERSON and p.id_number and publication.is_minor_id_number(p.id_number, on)
        for p in parties
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
        PublicField("text", "决定书正文", decision_text(case, applicants), text=True),
    ]
    return fields


def publish_decision(case: ReconsiderationCase, *, actor=None) -> Publication:
    """Publish (or hold for review) the masked decision of ``case``. Raises PublicationRefused for a
    case involving a minor or a case without a published kind of decision."""
    if case.decision_type not in PUBLISHED_DECISIONS or case.decided_on is None:
        raise PublicationRefused("本案尚未作出可公开的行政复议决定。")
    parties = list(case.parties.all())
    sensitive = [v for p in parties for v in (p.id_number, p.phone, p.address) if v]
    return publication.publish(
        case,
        decision_fields(case, parties),
        names_to_mask=person_names(case, parties),
        actor=actor,
        title=f"{case.case_number}行政复议决定书",
        kind=KIND,
        organisation=case.organisation,
        public_date=case.decided_on,
        sensitive_values=sensitive,
        involves_minor=involves_minor(case, parties),
    )


def person_names(case: ReconsiderationCase, parties=None) -> list[str]:
    """The natural persons of the case, masked wherever they occur in what is published: every
    natural-person party (applicants, third parties, agents) and the respondent when the name given
    for it is not an organ's (an applicant may name a person; 《行政复议法》第十九条 makes the organ that
    acted the respondent, but the name as filed is what would be published)."""
    parties = case.parties.all() if parties is None else parties
    names = [p.name for p in parties if p.kind == PartyKind.PERSON]
    if case.respondent_name and not looks_like_organisation(case.respondent_name):
        names.append(case.respondent_name)
    return names


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
