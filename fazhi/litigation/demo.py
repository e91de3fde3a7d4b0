"""Demo lawsuits for the demo county: about 100 cases, at least one in every state
(:func:`fazhi.demo.kit.target_states`), with plaintiffs, hearings, who appeared and a few
司法建议/检察建议 in every state of theirs. Each record's steps are replayed through its procedure
(:func:`fazhi.demo.kit.replay_stories`), so its transition log and clocks are the engine's.

Deterministic: all randomness comes from ``rng``; dates are counted back from today so the demo
always looks current.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.core.calendar.services import due_date
from fazhi.core.models import OrganisationKind, RoleCode
from fazhi.demo import kit
from fazhi.demo.registry import register
from fazhi.litigation.models import (
    REMIND_DAYS_BEFORE,
    Appearance,
    Capacity,
    Hearing,
    Instance,
    JudicialRecommendation,
    Lawsuit,
    Party,
)
from fazhi.litigation.workflow import appeal_days

COUNTY = "457121"
LAWSUITS = 100
RECOMMENDATIONS = 6
STATES = (  # (state, weight)
    ("registered", 3),
    ("answering", 8),
    ("answered", 12),
    ("heard", 12),
    ("appeal_period", 6),
    ("appealed", 6),
    ("effective", 15),
    ("closed", 38),
)
JUDGED = (  # outcomes of decided cases, (code, weight)
    ("reject_claims", 40),
    ("dismiss", 15),
    ("revoke", 6),
    ("partial_revoke", 2),
    ("confirm_illegal", 5),
    ("perform", 3),
    ("pay", 1),
    ("confirm_void", 1),
    ("modify", 1),
    ("agreement_perform", 1),
    ("agreement_damages", 1),
)
SECOND_JUDGED = (("uphold", 6), ("amend_lost", 1), ("amend_won", 1), ("remand", 1), ("appeal_withdrawn", 1))
ACT_TYPES = (
    "行政处罚",
    "行政强制",
    "行政许可",
    "政府信息公开",
    "行政确认",
    "行政征收",
    "不履行法定职责",
    "行政协议",
)
POSITIONS = {  # who appears for the defendant at a hearing
    Capacity.STAFF: "法制股工作人员",
    Capacity.CHIEF: "局长",
    Capacity.DEPUTY: "副局长",
    Capacity.DEPUTY_IN_CHARGE: "分管副局长",
    Capacity.LAWYER: "律师事务所律师",
}
HEADS = ((Capacity.CHIEF, 2), (Capacity.DEPUTY, 1), (Capacity.DEPUTY_IN_CHARGE, 4))
# How many days ago the complaint came in: old enough for every later date of the story to lie in
# the past, recent enough for the answer and appeal clocks of open cases to run.
RECEIVED_DAYS_AGO = {
    "answering": (0, 12),
    "answered": (20, 60),
    "heard": (80, 400),
    "appeal_period": (90, 200),
}
DECIDED_DAYS_AGO = (160, 700)  # cases decided, appealed or closed


@register
def lawsuits(rng, scale, orgs, users):
    defendants = [
        o
        for o in orgs
        if o.region_id == COUNTY and o.kind in (OrganisationKind.GOVERNMENT, OrganisationKind.DEPARTMENT)
    ]
    if not defendants:
        return
    county_name = next(
        (o.name for o in defendants if o.kind == OrganisationKind.GOVERNMENT), "示范县人民政府"
    )
    court = county_name.replace("人民政府", "人民法院")
    today = timezone.localdate()
    # Each lawsuit's steps replayed through the procedure: status, transition log and the 答辩 and
    # 上诉 clocks (met or overdue when stopped, running for open cases) as the engine writes them.
    staff = kit.Staff(users, RoleCode.OFFICER)
    stories = []
    for seq, state in enumerate(kit.target_states(rng, "litigation", LAWSUITS, dict(STATES)), start=1):
        org = rng.choice(defendants)
        case = Lawsuit(
            organisation=org,
            status=state,
            court=court,
            instance=Instance.FIRST,
            act_type=rng.choice(ACT_TYPES),
            act_description="原告不服被告作出的行政行为，请求人民法院依法审理。",
        )
        steps = _story(rng, case, state, today)
        received = case.complaint_received_on or today
        case.case_number = f"（{received.year}）云7121行{'初终'[case.instance == Instance.SECOND]}{seq}号"
        case.act_document_number = f"{org.name[:2]}罚决字〔{received.year}〕{rng.randint(1, 300)}号"
        case.act_date = received - dt.timedelta(days=rng.randint(30, 150))
        plaintiffs = [
            kit.party(rng, Party, COUNTY, lawsuit=case) for _ in range(1 if rng.random() < 0.85 else 2)
        ]
        case.plaintiff_summary = "、".join(p.name for p in plaintiffs)
        rows = [*plaintiffs, *_hearings(rng, case, steps, today)]
        stories.append(kit.Story(case, steps, staff.first(org.pk), children=rows))
    created = kit.replay_stories(Lawsuit, stories)
    _recommendations(rng, created, court, staff, today)


def _story(rng, case: Lawsuit, state: str, today: dt.date) -> kit.Steps:
    """The steps that bring ``case`` to ``state``; sets the case's own dates and outcome."""
    steps = kit.Steps(rng, today)
    if state == "registered":
        return steps
    received = kit.days_ago(rng, today, *RECEIVED_DAYS_AGO.get(state, DECIDED_DAYS_AGO))
    case.complaint_received_on = steps.take("receive", received)
    if state == "answering":
        return steps
    case.answered_on = steps.then("file_answer", 5, 15)
    if state == "answered":
        return steps
    if state in ("effective", "closed") and rng.random() < 0.25:  # 撤诉 or 调解, often without a hearing
        case.outcome = rng.choice(("withdrawn", "withdrawn", "mediated"))
        judged = kit.after(rng, case.answered_on, 5, 40, today=today)
        if rng.random() < 0.4:
            steps.take("hold_hearing", min(kit.after(rng, case.answered_on, 15, 60, today=today), judged))
        case.judged_on = case.effective_on = judged
        steps.take("conclude", judged, outcome=case.outcome, judged_on=judged)  # 第六十条、第六十二条
    else:
        hearing = kit.after(rng, case.answered_on, 15, 60, today=today)
        if state == "appeal_period":  # served in the last days: the 上诉期 runs
            served = kit.days_ago(rng, today, 0, 9)
            hearing = min(hearing, served - dt.timedelta(days=20))
        steps.take("hold_hearing", hearing)
        if state == "heard":
            return steps
        second = state in ("effective", "closed") and rng.random() < 0.15  # 二审: final (第七条)
        case.instance = Instance.SECOND if second else Instance.FIRST
        case.outcome = kit.pick(rng, SECOND_JUDGED if second else JUDGED)
        case.judged_on = kit.after(rng, hearing, 10, 50, today=today)
        case.served_on = kit.after(rng, case.judged_on, 1, 7, today=today)
        if state == "appeal_period":
            case.served_on, case.judged_on = served, min(case.judged_on, served)
        # The plaintiffs may be served a few days after 本机关 (each 上诉期 from its own, 第八十五条).
        case.last_served_on = kit.after(rng, case.served_on, 0, 3, today=today)
        data = {"outcome": case.outcome, "judged_on": case.judged_on, "served_on": case.served_on}
        if second:  # 二审裁判 takes effect on service (第八十九条, 第七条)
            case.last_served_on, case.effective_on = None, steps.take("decide_second", case.served_on, **data)
        else:  # the later service learnt afterwards: 登记其他当事人送达
            steps.take("decide", case.served_on, **data)
            if case.last_served_on > case.served_on:
                steps.take("record_service", case.last_served_on, last_served_on=case.last_served_on)
        if state == "appealed":  # within the 上诉期 (第八十五条)
            appealed = case.served_on + dt.timedelta(days=appeal_days(case) - 3)
            steps.take("appeal", min(appealed, today), appellant="plaintiff")
        elif state in ("effective", "closed") and not second:  # every party's 上诉期 has run
            due = due_date(case.last_served_on, appeal_days(case), "day").due
            case.effective_on = steps.take("take_effect", due + dt.timedelta(days=1))
    if state == "closed":
        steps.take("close", case.effective_on)
    return steps


def _hearings(rng, case: Lawsuit, steps: kit.Steps, today: dt.date) -> list:
    """The hearings held, with who appeared for the defendant; for a case waiting for its hearing,
    the one scheduled, with its reminder."""
    rows = []
    if case.status == "answered":
        on = max(today, case.answered_on) + dt.timedelta(days=rng.randint(3, 40))
        room = f"第{rng.randint(1, 6)}审判庭"
        rows.append(
            Hearing(
                lawsuit=case,
                hearing_on=on,
                court_room=room,
                remind_on=on - dt.timedelta(days=REMIND_DAYS_BEFORE),
            )
        )
    for on in (day for name, day, _ in steps if name == "hold_hearing"):
        hearing = Hearing(lawsuit=case, hearing_on=on, held=True, court_room=f"第{rng.randint(1, 6)}审判庭")
        hearing.summoned_head = rng.random() < 0.3
        rows += [hearing, *_appearances(rng, hearing)]
    return rows


def _appearances(rng, hearing: Hearing) -> list[Appearance]:
    """法制股 staff always; a 负责人 (第三条第三款) at most; a lawyer at half."""
    who = [Capacity.STAFF]
    if rng.random() < 0.65:
        who.append(kit.pick(rng, HEADS))
    if rng.random() < 0.5:
        who.append(Capacity.LAWYER)
    return [
        Appearance(
            hearing=hearing,
            person_name=kit.person_name(rng),
            position=POSITIONS[c],
            capacity=c,
            spoke=c in (Capacity.STAFF, Capacity.LAWYER) or rng.random() < 0.8,
        )
        for c in who
    ]


def _recommendations(rng, lawsuits, court, staff, today) -> None:
    """司法建议/检察建议 on lost cases (then other judged ones), in every state of their procedure:
    登记 only, received (the reply clock runs), replied."""
    lost = [c for c in lawsuits if c.lost]
    pool = (lost + [c for c in lawsuits if c.judged_on and c not in lost])[:RECOMMENDATIONS]
    targets = kit.target_states(rng, "judicial_recommendation", len(pool), {"replied": 3, "received": 2})
    stories = []
    for i, (case, target) in enumerate(zip(pool, targets, strict=True), start=1):
        if target == "replied":
            received = kit.after(rng, case.judged_on, 5, 20, today=today)
            replied = kit.after(rng, received, 10, 50, today=today)
        else:  # still within the two months the court or procuratorate gave
            received = max(kit.days_ago(rng, today, 3, 40), min(case.judged_on, today))
            replied = None
        rec = JudicialRecommendation(
            organisation_id=case.organisation_id,
            lawsuit=case,
            kind="judicial" if i % 3 else "procuratorial",
            issuer=court if i % 3 else court.replace("人民法院", "人民检察院"),
            document_number=f"（{received.year}）司建{i}号",
            received_on=received,
            content="建议规范行政执法程序，严格履行告知义务，加强证据收集和法制审核。",
            rectification_deadline=received + dt.timedelta(days=60),
            reply="已组织专项整改，修订执法流程并开展培训。" if replied else "",
            replied_on=replied,
            status=target,
        )
        steps = []
        if target != "registered":
            steps.append(("receive", received, {"received_on": received}))
        if replied:
            steps.append(("reply", replied, {"reply": rec.reply, "replied_on": replied}))
        stories.append(kit.Story(rec, steps, staff.first(rec.organisation_id)))
    kit.replay_stories(JudicialRecommendation, stories)
