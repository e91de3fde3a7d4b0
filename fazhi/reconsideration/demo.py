"""Demo 行政复议 cases: a few hundred per county, in every state of the procedure.

Closed cases are spread over 2022–2026 (so every year's figures and both texts of the law show);
open ones came in recently enough for their clocks to be running. Each case's story is the steps
that bring it to its target state (:func:`fazhi.demo.kit.target_states`), replayed through the
procedure (:func:`fazhi.demo.kit.replay_stories`) with the transition log and clocks the engine
would have written. All randomness comes from the ``rng`` the demo gives the hook.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.core.dates import written_date
from fazhi.core.models import OrgFunction, RoleCode
from fazhi.demo import kit
from fazhi.demo.kit import after
from fazhi.demo.registry import register
from fazhi.reconsideration.models import (
    CASE_NUMBERS,
    CORRECTIVE,
    ActType,
    Channel,
    CommitteeGround,
    DecisionType,
    EvidenceItem,
    EvidenceKind,
    EvidenceSource,
    IncidentalReview,
    LawVersion,
    OpinionKind,
    Party,
    PartyKind,
    PartyRole,
    ReconsiderationCase,
    ReconsiderationOpinion,
    ReviewOrigin,
    ReviewOutcome,
    SimpleProcedureGround,
    SuspensionGround,
    TerminationGround,
    law_version_for,
)

PER_COUNTY = {"county": 300, "city": 60, "province": 12}
FIRST_DAY = dt.date(2022, 1, 1)

# Shapes of outcomes roughly as county reports show them (many 维持 and 终止, few corrections).
OUTCOMES_2017 = [
    ("uphold", 30),
    ("reject", 15),
    ("revoke", 6),
    ("confirm_illegal", 3),
    ("change", 1),
    ("order_performance", 2),
    ("mediation", 3),
    ("terminated", 30),
]
OUTCOMES_2023 = [
    ("uphold", 28),
    ("reject_claim", 6),
    ("reject_application", 6),
    ("revoke", 6),
    ("partial_revoke", 2),
    ("confirm_illegal", 4),
    ("change", 2),
    ("order_performance", 2),
    ("confirm_void", 1),
    ("mediation", 6),
    ("terminated", 30),
]
ACT_TYPES = [
    (ActType.PENALTY, 45),
    (ActType.INFO_DISCLOSURE, 15),
    (ActType.NON_PERFORMANCE, 12),
    (ActType.LICENCE, 8),
    (ActType.COERCION, 6),
    (ActType.EXPROPRIATION, 6),
    (ActType.OTHER, 8),
]
REQUESTS = {
    ActType.PENALTY: "请求撤销被申请人作出的行政处罚决定。",
    ActType.INFO_DISCLOSURE: "请求确认被申请人未依法答复政府信息公开申请违法，并责令其重新答复。",
    ActType.NON_PERFORMANCE: "请求责令被申请人依法履行法定职责。",
    ActType.LICENCE: "请求撤销被申请人作出的不予许可决定。",
    ActType.COERCION: "请求确认被申请人实施的查封行为违法。",
    ActType.EXPROPRIATION: "请求撤销被申请人作出的补偿决定。",
    ActType.OTHER: "请求撤销被申请人作出的行政行为。",
}


# What the contested act was, as a 复议机构 records it (the documents print it after "被申请人作出的").
ACTS = {
    ActType.PENALTY: "对申请人罚款{amount}元的行政处罚决定",
    ActType.INFO_DISCLOSURE: "对申请人政府信息公开申请作出的答复",
    ActType.NON_PERFORMANCE: "未在法定期限内处理申请人的举报",
    ActType.LICENCE: "对申请人食品经营许可申请作出的不予许可决定",
    ActType.COERCION: "查封申请人经营场所的行政强制措施",
    ActType.EXPROPRIATION: "对申请人房屋作出的征收补偿决定",
    ActType.OTHER: "责令申请人限期拆除棚房的决定",
}


# How many cases end in each state (every state gets at least one: kit.target_states).
STATES = {
    "archived": 200,
    "rejected": 20,
    "abandoned": 6,
    "withdrawn": 3,
    "served": 8,
    "decided": 4,
    "terminated": 4,
    "reviewing": 15,
    "hearing": 3,
    "suspended": 4,
    "answering": 8,
    "suspended_answering": 2,
    "accepted": 6,
    "suspended_accepted": 2,
    "completing": 5,
    "review": 5,
    "received": 2,
}
# Open cases: how many days ago the application came in, so their clocks run (or just ran out).
RECEIVED_DAYS_AGO = {
    "received": (0, 2),
    "review": (0, 4),
    "completing": (6, 20),
    "accepted": (5, 9),
    "suspended_accepted": (10, 40),
    "answering": (10, 18),
    "suspended_answering": (15, 50),
    "reviewing": (22, 50),
    "hearing": (30, 50),
    "suspended": (35, 90),
    "terminated": (20, 50),
    "decided": (45, 60),
    "served": (70, 100),
}
OPINIONS = 3  # 意见书 per county: one in each state of theirs
CLOSED_BEFORE = 150  # closed cases came in at least this many days ago
CHANNELS = [(Channel.ONLINE, 40), (Channel.IN_PERSON, 35), (Channel.POST, 20), (Channel.ORAL, 5)]
TERMINATION_GROUNDS = [
    (TerminationGround.WITHDRAWN, 90),
    (TerminationGround.NO_HEIR, 3),
    (TerminationGround.CRIMINAL, 7),
]


@register
def reconsideration_cases(rng, scale, orgs, users):
    today = timezone.localdate()
    staff = kit.Staff(users, RoleCode.REVIEWER)
    leaders = kit.Staff(users, RoleCode.LEADER)
    for org in kit.organisations_with(orgs, OrgFunction.RECONSIDERATION_BODY):
        if org.region_id.endswith("00") or not staff.of(org.pk):
            continue
        departments = [
            o for o in orgs if o.region_id == org.region_id and o.is_enforcement_body and o.pk != org.pk
        ]
        leader = next(iter(leaders.of(org.pk)), None)
        created = _county_cases(rng, org, staff.of(org.pk), departments, PER_COUNTY[scale], today, leader)
        officer = next(iter(kit.Staff(users, RoleCode.OFFICER).of(org.pk)), None)
        # The 负责人 the demo logs in as (fazhi.demo.generator.LOGINS), where this is the demo county.
        head = next((u for u in leaders.of(org.pk) if u.username == "leader"), leader)
        _awaiting_approval(rng, created, officer, staff.of(org.pk), head, today)


def _received(rng, target: str, today: dt.date) -> dt.date:
    if target in RECEIVED_DAYS_AGO:
        return kit.days_ago(rng, today, *RECEIVED_DAYS_AGO[target])
    return kit.spread(rng, 1, FIRST_DAY, today - dt.timedelta(days=CLOSED_BEFORE))[0]


def _county_cases(rng, org, staff, departments, count, today, leader=None):
    targets = kit.target_states(rng, "reconsideration", count, STATES)
    planned = sorted(((_received(rng, t, today), t) for t in targets), key=lambda p: p[0])
    stories = []
    # The demo's 市场监督管理局 (its officer and leader log in) has a case of each open kind against it, so
    # its staff can file an 答复 at once (第四十八条).
    market = next((d for d in departments if d.name.endswith("市场监督管理局")), None)
    for_market = {"answering", "reviewing", "served"} if market else set()
    for received, target in planned:
        version = law_version_for(received)
        act = kit.pick(rng, ACT_TYPES)
        respondent = rng.choice(departments) if departments else None
        if target in for_market:
            respondent = market
            for_market.discard(target)
        case = ReconsiderationCase(
            organisation=org,  # the region and the 案号 in order of receipt: the kit's (CaseQuerySet, below)
            act_organisation=respondent,  # the respondent department sees the case and answers it
            channel=kit.pick(rng, CHANNELS),
            received_on=received,
            law_version=version,
            respondent_name=respondent.name if respondent else f"{org.name[:-3]}人民政府",
            act_type=act,
            act_document_number=f"{rng.choice(['罚', '许', '强', '信'])}决字〔{received.year}〕{rng.randint(1, 300)}号",
            act_date=received - dt.timedelta(days=rng.randint(5, 55)),
            act_description=ACTS[act].format(amount=(received.day % 9 + 1) * 1000),
            requests=REQUESTS[act],
            simple_procedure=version == LawVersion.V2023 and rng.random() < 0.3,
            query_code=kit.query_code(rng),
            status=target,
        )
        if case.simple_procedure:  # 第五十三条: 当场作出 / 警告 / 三千元以下, or both sides agreeing
            case.simple_procedure_ground = (
                SimpleProcedureGround.INFO_DISCLOSURE
                if act == ActType.INFO_DISCLOSURE
                else rng.choice(SIMPLE_GROUNDS)
            )
        steps = _story(rng, case, target, today, leader)
        stories.append(kit.Story(case, steps, rng.choice(staff), children=_parties(rng, case)))
    CASE_NUMBERS.number_loaded(s.record for s in stories)
    created = kit.replay_stories(ReconsiderationCase, stories)
    _opinions(rng, created, staff, today)
    _incidental_reviews(rng, created, staff, today)
    _evidence(rng, created, today)
    _publications(created, staff)
    return created


def _awaiting_approval(rng, cases, officer, reviewers, leader, today) -> None:
    """Two cases in 审理 wait on the 负责人's 待办, asked live through the engine: a 延期审理
    (第六十二条: 经行政复议机构的负责人批准) and a decision 经行政复议机关的负责人同意 (第六十一条第一款)
    — so he can confirm or refuse each at once."""
    from fazhi.core.workflow import engine

    if leader is None or officer is None or not reviewers:
        return
    asked = []
    for case in sorted((c for c in cases if c.status == "reviewing"), key=lambda c: c.pk, reverse=True):
        if len(asked) == 2:
            break
        try:
            if not asked:
                engine.perform(
                    case,
                    "extend",
                    actor=officer,
                    data={"days": 30, "reason": "案情重大、复杂，需进一步调查核实。", "approver": leader.pk},
                    today=today,
                )
            else:
                if case.law_version == LawVersion.V2023 and not case.simple_procedure:
                    engine.perform(
                        case,
                        "hear_views",
                        actor=officer,
                        data={"heard_on": today, "manner": "phone", "summary": VIEWS_SAID},
                        today=today,
                    )
                inputs = _decision_inputs(rng, case, DecisionType.UPHOLD, None)
                inputs |= {"approval": "leader", "approver": leader.pk}
                engine.perform(
                    case,
                    "decide",
                    actor=reviewers[0],
                    data={"decision_type": DecisionType.UPHOLD, "decided_on": today, **inputs},
                    today=today,
                )
        except engine.TransitionError:
            continue  # this case cannot take it (e.g. its period has ended): the next one
        asked.append(case)


def _publications(cases, staff) -> None:
    """The served decisions go to 信息公开审核 as the live step would send them (《行政复议法》第七十九条),
    masked; a 法制审核人员 has approved about two in three, the rest wait for review — so the portal
    lists decisions and the review screen has work at once."""
    from fazhi.core.publication import services as publication
    from fazhi.reconsideration.publication import PUBLISHED_DECISIONS, publish_decision

    served = [
        c for c in cases if c.status in ("served", "archived") and c.decision_type in PUBLISHED_DECISIONS
    ]
    reviewer = next((u for u in staff if publication.may_approve(u)), None)
    for i, case in enumerate(sorted(served, key=lambda c: c.pk)):
        try:
            held = publish_decision(case)
        except publication.PublicationRefused:
            continue  # a minor is involved: never published
        if reviewer is not None and i % 3 != 2:
            publication.approve(held, actor=reviewer)


def _opinions(rng, cases, staff, today) -> None:
    """意见书 / 建议书 (第七十六条) on the latest cases decided by correcting the act, in every state
    of theirs: drafted, issued (the 60 日 for reporting the correction run) and reported."""
    decided = sorted((c for c in cases if c.decision_type in CORRECTIVE), key=lambda c: c.decided_on)
    pool = decided[-OPINIONS:]
    if len(pool) < OPINIONS:
        return
    stories = []
    for case, target in zip(
        pool, kit.target_states(rng, "reconsideration_opinion", OPINIONS, {}), strict=True
    ):
        opinion = ReconsiderationOpinion(
            organisation=case.organisation,
            region_code=case.region_code,
            case=case,
            kind=OpinionKind.OPINION,
            recipient=case.respondent_name,
            content="执法程序中未依法履行告知义务，建议规范行政执法程序，严格执行法制审核制度。",
            status=target,
        )
        steps = kit.Steps(rng, today)
        if target != "drafted":
            opinion.received_on = steps.take("issue", kit.after(rng, case.decided_on, 3, 10, today=today))
        if target == "replied":
            opinion.reply_summary = "已撤销原行政行为并重新作出，组织执法人员开展专项培训。"
            opinion.replied_on = steps.then("record_reply", 20, 55, summary=opinion.reply_summary)
        stories.append(kit.Story(opinion, steps, rng.choice(staff)))
    kit.replay_stories(ReconsiderationOpinion, stories)


# 证据目录 (第四十三条至第四十八条) of the latest cases in these states, the 市场监督管理局's among them.
EVIDENCE_STATES = {"answering": 3, "reviewing": 4, "decided": 3, "served": 2}


def _evidence(rng, cases, today) -> None:
    """The applicant's evidence with the application, the 被申请人's with its 答复 (第四十八条: 当初作出
    行政行为的证据) — now and then an item it collected after the act, which the list flags (第四十六条)
    — and, in some cases, what the 复议机构 collected itself (第四十五条)."""
    items = []
    for state, count in EVIDENCE_STATES.items():
        # the 市场监督管理局's cases last, so the department the demo logs in as sees a catalogue
        latest = sorted(
            (c for c in cases if c.status == state and c.act_organisation_id),
            key=lambda c: (c.respondent_name.endswith("市场监督管理局"), c.received_on),
        )
        pool = latest[-count:]
        for case in pool:
            respondent = case.act_organisation_id or case.organisation_id
            base = {"case": case, "region_code": case.region_code}
            items.append(
                EvidenceItem(
                    **base,
                    organisation_id=case.organisation_id,
                    submitted_by=EvidenceSource.APPLICANT,
                    kind=EvidenceKind.DOCUMENTARY,
                    name=f"{case.act_document_number}决定书",
                    source=case.respondent_name,
                    collected_on=case.act_date,
                    proves="被申请人作出的行政行为及其内容",
                    pages=rng.randint(2, 4),
                    submitted_on=case.received_on,
                )
            )
            answered = after(rng, case.accepted_on or case.received_on, 3, 9, today=today)
            for kind, name, proves, days in (
                (EvidenceKind.SITE_RECORD, "现场检查笔录", "检查时发现的违法事实", -rng.randint(20, 40)),
                (EvidenceKind.STATEMENT, "询问笔录", "当事人对违法事实的陈述和申辩", -rng.randint(8, 18)),
                (EvidenceKind.AUDIOVISUAL, "现场照片", "现场情况", -rng.randint(20, 40)),
                (
                    EvidenceKind.DOCUMENTARY,
                    "行政处罚事先告知书",
                    "已告知拟作出的处罚及陈述、申辩权利",
                    -rng.randint(3, 7),
                ),
            ):
                items.append(
                    EvidenceItem(
                        **base,
                        organisation_id=respondent,
                        submitted_by=EvidenceSource.RESPONDENT,
                        kind=kind,
                        name=name,
                        source=case.respondent_name,
                        collected_on=min(case.act_date + dt.timedelta(days=days), answered),
                        proves=proves,
                        pages=rng.randint(1, 6),
                        submitted_on=answered,
                    )
                )
            if rng.random() < 0.5:  # collected after the act: flagged, no basis for upholding it
                items.append(
                    EvidenceItem(
                        **base,
                        organisation_id=respondent,
                        submitted_by=EvidenceSource.RESPONDENT,
                        kind=EvidenceKind.WITNESS,
                        name="补充调查笔录",
                        source=case.respondent_name,
                        collected_on=after(rng, case.act_date, 3, 15, today=answered),
                        proves="证明违法事实",
                        pages=rng.randint(1, 3),
                        submitted_on=answered,
                    )
                )
            if state != "answering" and rng.random() < 0.4:  # 第四十五条: the 复议机构 collects evidence
                items.append(
                    EvidenceItem(
                        **base,
                        organisation_id=case.organisation_id,
                        submitted_by=EvidenceSource.BODY,
                        kind=EvidenceKind.ELECTRONIC,
                        name="市场主体登记信息查询结果",
                        source="国家企业信用信息公示系统",
                        collected_on=answered,
                        proves="申请人的主体资格",
                        pages=1,
                        submitted_on=answered,
                    )
                )
    EvidenceItem.objects.bulk_create(items)


INCIDENTAL_DOCUMENTS = (
    ("《桂玉县农村宅基地管理办法》", "桂玉县人民政府", True),
    ("《桂玉县城区占道经营管理规定》", "桂玉县人民政府", True),
    ("《关于规范房屋征收补偿标准的通知》", "桂玉县住房和城乡建设局", True),
    ("《市场监管领域轻微违法行为处罚裁量规则》", "广西壮族自治区市场监督管理局", False),
)


def _incidental_reviews(rng, cases, staff, today) -> None:
    """规范性文件附带审查 (第五十六条至第六十条) in each of their states, on accepted 2023-law cases: the
    latest for the open states (their clocks run now), earlier ones for the closed."""
    accepted = sorted(
        (c for c in cases if c.accepted_on and c.law_version == LawVersion.V2023), key=lambda c: c.accepted_on
    )
    targets = ("registered", "handling", "referring", "transferred", "concluded", "replied")
    if len(accepted) < 2 * len(targets):
        return
    stories = []
    for index, target in enumerate(targets):
        open_state = target in ("registered", "handling", "referring", "transferred")
        case = accepted[-1 - index] if open_state else accepted[-20 - index * 3]
        competent = target in ("registered", "handling", "concluded")
        title, maker, _ = INCIDENTAL_DOCUMENTS[index % len(INCIDENTAL_DOCUMENTS)]
        if not competent:
            title, maker, _ = INCIDENTAL_DOCUMENTS[-1]
        started = kit.after(rng, case.accepted_on, 0, 3, today=today)
        review = IncidentalReview(
            organisation=case.organisation,
            region_code=case.region_code,
            case=case,
            origin=ReviewOrigin.APPLICANT if index % 2 == 0 else ReviewOrigin.OWN_MOTION,
            document_title=title,
            provisions="第十二条",
            maker=maker,
            competent=competent,
            started_on=started,
            status=target,
        )
        steps = kit.Steps(rng, today)
        if target != "registered":
            steps.take("handle" if competent else "refer", started)
        if target in ("handling", "concluded"):
            notified = kit.after(rng, steps.last, 0, 2, today=today)
            review.maker_received_on = kit.after(rng, notified, 0, 1, today=today)
            steps.take("notify_maker", notified, maker_received_on=review.maker_received_on)
        if target == "concluded":
            steps.then("record_maker_answer", 3, 9, summary="相关条款有上位法依据，制定程序合法。")
            review.outcome = ReviewOutcome.LAWFUL
            review.closed_on = steps.then(
                "conclude", 2, 10, outcome=review.outcome, reasoning="相关条款合法。"
            )
        if target in ("transferred", "replied"):
            review.transferred_to = "广西壮族自治区市场监督管理局"
            sent = kit.after(rng, steps.last, 1, 4, today=today)
            review.transfer_received_on = kit.after(rng, sent, 1, 3, today=today)
            steps.take(
                "transfer",
                sent,
                transferred_to=review.transferred_to,
                received_on=review.transfer_received_on,
            )
        if target == "replied":
            review.closed_on = steps.then("record_reply", 20, 50, summary="经审查，相关条款合法，已函复。")
        stories.append(kit.Story(review, steps, rng.choice(staff)))
    kit.replay_stories(IncidentalReview, stories)


SIMPLE_GROUNDS = (
    SimpleProcedureGround.ON_THE_SPOT,
    SimpleProcedureGround.SMALL_AMOUNT,
    SimpleProcedureGround.CONSENT,
)
WITHDRAWAL_REASONS = (
    "申请人与被申请人沟通后消除误解，自愿撤回申请。",
    "申请人表示另行向人民法院提起行政诉讼。",
)


def _story(rng, case, target, today, leader=None):
    """The steps that bring ``case`` to ``target``; sets the case's own dates and outcome."""
    steps = kit.Steps(rng, today)
    if target == "received":  # came in, not yet registered
        return steps
    steps.take("register", case.received_on)
    if target == "review":
        return steps
    if target == "withdrawn" and rng.random() < 0.5:  # 第七十四条: withdrawn while under review
        steps.then("withdraw_application", 1, 4, reason=rng.choice(WITHDRAWAL_REASONS))
        return steps
    if target in ("completing", "abandoned", "withdrawn") or rng.random() < 0.08:
        steps.then("request_completion", 1, 4)
        if target == "completing":
            return steps
        if target == "withdrawn":  # … or while completing it
            steps.then("withdraw_application", 3, 10, reason=rng.choice(WITHDRAWAL_REASONS))
            return steps
        if target == "abandoned":
            steps.then("deem_abandoned", 20, 25)
            return steps
        steps.then("complete", 3, 10)
    if target == "rejected":
        steps.then("reject", 2, 5)
        return steps
    case.accepted_on = steps.then("accept", 1, 4)
    if target in ("accepted", "suspended_accepted"):
        return _suspended(rng, case, steps, "suspend_before_copy") if target != "accepted" else steps
    steps.then("send_copy", 1, 5)
    if target in ("answering", "suspended_answering"):
        return _suspended(rng, case, steps, "suspend_answering") if target != "answering" else steps
    steps.then("receive_answer", 3, 12)
    if target in ("reviewing", "suspended"):
        return _suspended(rng, case, steps, "suspend") if target != "reviewing" else steps
    if target == "hearing":
        notified = after(rng, steps.last, 1, 5, today=today)
        case.hearing_date = notified + dt.timedelta(days=rng.randint(5, 15))
        steps.take("schedule_hearing", notified, hearing_date=case.hearing_date)
        return steps
    _review(rng, case, steps, target)
    _conclude(rng, case, steps, target, today, leader)
    if target in ("decided", "terminated"):
        return steps
    case.served_on = steps.then("serve", 1, 6)
    if target == "archived":
        steps.then("archive", 10, 40)
    return steps


def _suspended(rng, case, steps, name):
    case.suspension_ground = rng.choice(SuspensionGround.values)
    steps.then(name, 1, 5, ground=case.suspension_ground)
    return steps


VIEWS = [("phone", 45), ("in_person", 30), ("online", 20), ("written", 5)]
VIEWS_SAID = "申请人坚持复议请求，认为被申请人认定事实不清；被申请人坚持答复意见。"


def _review(rng, case, steps, target):
    """What a 2023-text ordinary case goes through before its decision: 听取意见 (第四十九条), and for
    one in twelve a 专业性、技术性较强 finding put to the 行政复议委员会 (第五十二条第二款第二项)."""
    if target == "terminated" or case.law_version != LawVersion.V2023 or case.simple_procedure:
        return
    manner = kit.pick(rng, VIEWS)
    heard = {"manner": manner, "summary": VIEWS_SAID}
    if manner == "written":
        heard = {
            "manner": manner,
            "summary": "申请人提交书面意见，坚持复议请求。",
            "unable_reason": "申请人在外地务工，明确表示不能当面或者通过电话陈述意见，同意书面审理。",
        }
    steps.then("hear_views", 1, 4, **heard)
    if rng.random() < 1 / 12:
        case.committee_ground = CommitteeGround.TECHNICAL
        steps.then("mark_complex", 1, 3, ground=case.committee_ground, reason="涉及专业技术标准的认定。")
        requested = steps.last
        steps.then(
            "consult_committee",
            2,
            6,
            requested_on=requested,
            opinion="委员会多数意见认为，被申请人适用的技术标准正确，检测程序符合规范。",
        )


# 本机关认为 by outcome (the act as the 复议机构 found it); the rest: 事实不清、证据不足、程序违法.
ACTS_FOUND = {
    DecisionType.UPHOLD: "认定事实清楚，证据确凿，适用依据正确，程序合法，内容适当",
    DecisionType.REJECT_CLAIM: "不存在申请人所称的未履行法定职责的情形",
    DecisionType.REJECT_APPLICATION: "与申请人没有利害关系，申请不符合受理条件",
    DecisionType.REJECT: "与申请人没有利害关系，申请不符合受理条件",
    DecisionType.ORDER_PERFORMANCE: "属于其法定职责，被申请人未在法定期限内履行",
    DecisionType.CONFIRM_VOID: "实施主体不具有行政主体资格，属于重大且明显违法",
}


def _decision_inputs(rng, case, outcome, leader) -> dict:
    """The 决定书 content a 复议机构 enters (第六十一条、第七十五条), plausible for the outcome."""
    act = ActType(case.act_type).label
    approval = {"approval": "collective"}
    if leader is not None and rng.random() < 0.7:
        approval = {"approval": "leader", "approver": leader.pk}
    if outcome == DecisionType.MEDIATION:
        return approval | {
            "applicant_says": f"被申请人作出的{act}明显不当。",
            "respondent_says": f"被申请人作出的{act}事实清楚，程序合法。",
            "facts": f"被申请人于{written_date(case.act_date)}作出{case.act_document_number}{act}。",
            "agreement": "被申请人同意对原行政行为予以重新审查并在三十日内作出处理，申请人放弃其他复议请求。",
        }
    found = ACTS_FOUND.get(outcome, "主要事实不清、证据不足，违反法定程序")
    return approval | {
        "applicant_says": f"被申请人作出的{act}认定事实不清、程序违法，{case.requests}",
        "respondent_says": f"被申请人作出的{act}事实清楚、证据确凿、程序合法，请求予以维持。",
        "facts": f"被申请人于{written_date(case.act_date)}作出{case.act_document_number}{act}，"
        f"申请人不服，于{written_date(case.received_on)}申请行政复议。",
        "reasoning": f"被申请人作出的{act}{found}。",
    }


def _conclude(rng, case, steps, target, today, leader=None):
    """决定 or 终止 within the decision period (60 日, 简易程序 30 日, 第六十二条)."""
    if target == "terminated":
        outcome = DecisionType.TERMINATED
    else:
        outcomes = OUTCOMES_2023 if case.law_version == LawVersion.V2023 else OUTCOMES_2017
        outcome = kit.pick(rng, [(o, w) for o, w in outcomes if o != "terminated" or target != "decided"])
    remaining = max((30 if case.simple_procedure else 60) - (steps.last - case.accepted_on).days, 1)
    case.decided_on = after(rng, steps.last, min(5, remaining), remaining, today=today)
    case.decision_type = outcome
    if outcome == DecisionType.TERMINATED:
        case.termination_ground = kit.pick(rng, TERMINATION_GROUNDS)
        steps.take("terminate", case.decided_on, ground=case.termination_ground)
    else:
        steps.take(
            "decide", case.decided_on, decision_type=outcome, **_decision_inputs(rng, case, outcome, leader)
        )


def _parties(rng, case) -> list[Party]:
    """The applicant (a person, or a company) and the respondent agency, as the case's parties."""
    applicant = kit.party(rng, Party, case.organisation.region_id, case=case, role=PartyRole.APPLICANT)
    case.applicant_names = applicant.name
    respondent = Party(
        case=case, role=PartyRole.RESPONDENT, kind=PartyKind.ORGANISATION, name=case.respondent_name
    )
    return [applicant, respondent]
