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

from fazhi.core.models import OrganisationKind, RoleCode
from fazhi.demo import kit
from fazhi.demo.registry import register
from fazhi.litigation.models import (
    OUTCOMES,
    Appearance,
    Capacity,
    Hearing,
    Instance,
    JudicialRecommendation,
    Lawsuit,
    Party,
    PartyKind,
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
    ("agreement", 2),
)
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


def _plaintiff(rng) -> Party:
    if rng.random() < 0.8:
        return Party(
            kind=PartyKind.PERSON,
            name=kit.person_name(rng),
            id_number=kit.id_number(rng, COUNTY),
            phone=kit.mobile(rng),
            address=f"{rng.choice('东南西北')}街{rng.randint(1, 200)}号",
        )
    return Party(
        kind=PartyKind.ORGANISATION, name=kit.company_name(rng), id_number=kit.company_uscc(rng, COUNTY)
    )


def _steps(case: Lawsuit, plan: dict, today: dt.date) -> list[tuple]:
    """The steps that brought ``case`` to its state, from the dates the story gave it."""
    steps: list[tuple] = []
    if case.complaint_received_on:
        steps.append(("receive", case.complaint_received_on, {}))
    if case.answered_on:
        steps.append(("file_answer", case.answered_on, {}))
    if plan["hearing"]:
        steps.append(("hold_hearing", plan["hearing"], {}))
    rule = OUTCOMES.get(case.outcome)
    if rule is not None and not rule.appealable:  # 撤诉、调解 (第六十条、第六十二条)
        steps.append(("conclude", case.judged_on, {"outcome": case.outcome, "judged_on": case.judged_on}))
    elif rule is not None:
        data = {"outcome": case.outcome, "judged_on": case.judged_on, "served_on": case.served_on}
        steps.append(("decide", case.served_on, data))
        if case.status == "appealed":  # within the 上诉期 (第八十五条)
            appealed = min(case.served_on + dt.timedelta(days=appeal_days(case) - 3), today)
            steps.append(("appeal", appealed, {"appellant": "plaintiff"}))
        elif case.effective_on:
            steps.append(("take_effect", case.effective_on, {}))
    if case.status == "closed":
        steps.append(("close", case.effective_on, {}))
    return steps


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
    rows, extra = [], []
    for seq, state in enumerate(kit.target_states(rng, "litigation", LAWSUITS, dict(STATES)), start=1):
        org = rng.choice(defendants)
        if state == "registered":
            received = None
        elif state == "answering":
            received = today - dt.timedelta(days=rng.randint(0, 12))
        else:  # old enough for every later date of the chain to lie in the past
            low, high = {"answered": (20, 60), "heard": (80, 400), "appeal_period": (90, 200)}.get(
                state, (160, 700)
            )
            received = today - dt.timedelta(days=rng.randint(low, high))
        year = (received or today).year
        case = Lawsuit(
            organisation=org,
            region_code=org.region_id,
            status=state,
            court=court,
            case_number=f"（{year}）云7121行初{seq}号",
            instance=Instance.FIRST,
            act_type=rng.choice(ACT_TYPES),
            act_number=f"{org.name[:2]}罚决字〔{year}〕{rng.randint(1, 300)}号",
            act_date=(received or today) - dt.timedelta(days=rng.randint(30, 150)),
            act_description="原告不服被告作出的行政行为，请求人民法院依法审理。",
            complaint_received_on=received,
        )
        plan = {"hearing": None, "scheduled": None}
        if state in ("answered", "heard", "appeal_period", "appealed", "effective", "closed"):
            case.answered_on = received + dt.timedelta(days=rng.randint(5, 15))
        if state == "answered":
            plan["scheduled"] = max(today, case.answered_on) + dt.timedelta(days=rng.randint(3, 40))
        if state in ("heard", "appeal_period", "appealed", "effective", "closed"):
            ends_early = state in ("effective", "closed") and rng.random() < 0.25
            hearing_on = case.answered_on + dt.timedelta(days=rng.randint(15, 60))
            if state == "appeal_period":
                served = today - dt.timedelta(days=rng.randint(0, 9))
                hearing_on = min(hearing_on, served - dt.timedelta(days=20))
            if ends_early:  # 撤诉 or 调解, often without a hearing
                case.outcome = rng.choice(("withdrawn", "withdrawn", "mediated"))
                case.judged_on = case.answered_on + dt.timedelta(days=rng.randint(5, 40))
                case.effective_on = case.judged_on
                if rng.random() < 0.4:
                    plan["hearing"] = min(hearing_on, case.judged_on)
            else:
                plan["hearing"] = hearing_on
                if state != "heard":
                    case.outcome = kit.pick(rng, JUDGED)
                    case.judged_on = hearing_on + dt.timedelta(days=rng.randint(10, 50))
                    case.served_on = case.judged_on + dt.timedelta(days=rng.randint(1, 7))
                    if state == "appeal_period":
                        case.served_on = served
                        case.judged_on = min(case.judged_on, served)
                    elif state in ("effective", "closed"):
                        case.effective_on = case.served_on + dt.timedelta(days=appeal_days(case) + 1)
        rows.append(case)
        extra.append((case, plan))

    # Each lawsuit's steps replayed through the procedure: status, transition log and the 答辩 and
    # 上诉 clocks (met or overdue when stopped, running for open cases) as the engine writes them.
    staff = kit.Staff(users, RoleCode.OFFICER)
    stories = [
        kit.Story(case, _steps(case, plan, today), staff.first(case.organisation_id)) for case, plan in extra
    ]
    created = kit.replay_stories(Lawsuit, stories)
    by_case = {id(c): c for c in created}
    parties, hearings, appearances, pending = [], [], [], []
    for case, plan in extra:
        case = by_case.get(id(case), case)
        people = [_plaintiff(rng) for _ in range(1 if rng.random() < 0.85 else 2)]
        for p in people:
            p.lawsuit = case
        parties += people
        case.plaintiff_summary = "、".join(p.name for p in people)
        for on, held in ((plan["scheduled"], False), (plan["hearing"], True)):
            if on is None:
                continue
            h = Hearing(lawsuit=case, hearing_on=on, held=held, court_room=f"第{rng.randint(1, 6)}审判庭")
            if held:
                h.summoned_head = rng.random() < 0.3
                pending.append(h)
            else:
                h.remind_on = on - dt.timedelta(days=3)
            hearings.append(h)
    Party.objects.bulk_create(parties)
    Lawsuit.objects.bulk_update(created, ["plaintiff_summary"])
    Hearing.objects.bulk_create(hearings)
    for h in pending:  # 法制股 staff always; a 负责人 (第三条第三款) at most; a lawyer at half
        who = [Capacity.STAFF]
        if rng.random() < 0.65:
            who.append(kit.pick(rng, HEADS))
        if rng.random() < 0.5:
            who.append(Capacity.LAWYER)
        appearances += [
            Appearance(
                hearing=h,
                person_name=kit.person_name(rng),
                position=POSITIONS[c],
                capacity=c,
                spoke=c in (Capacity.STAFF, Capacity.LAWYER) or rng.random() < 0.8,
            )
            for c in who
        ]
    Appearance.objects.bulk_create(appearances)

    _recommendations(rng, created, court, staff, today)


def _recommendations(rng, lawsuits, court, staff, today) -> None:
    """司法建议/检察建议 on lost cases (then other judged ones), in every state of their procedure:
    登记 only, received (the reply clock runs), replied."""
    lost = [c for c in lawsuits if OUTCOMES.get(c.outcome) and OUTCOMES[c.outcome].lost]
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
            region_code=case.region_code,
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
