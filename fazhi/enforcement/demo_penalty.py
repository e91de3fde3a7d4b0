"""Demo 行政处罚案件: in each county's enforcement bodies, cases in every state of the procedure —
线索, 立案, 调查 (some suspended for a 鉴定), 告知, 听证, 决定 (罚款, 警告, 没收 …), 送达, 履行, 结案, and
the other endings (不予立案, 不予处罚, 移送司法机关) — each with the steps of its story, two certified
officers of the body and one 当事人. Deterministic: all randomness comes from ``rng``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.core import access
from fazhi.core.models import OrgFunction
from fazhi.demo import kit
from fazhi.demo.registry import register
from fazhi.enforcement.models import EnforcementOfficer, officers_certified
from fazhi.enforcement.models_penalty import (
    PENALTY_NUMBERS,
    MajorGround,
    NoPenaltyGround,
    PenaltyCase,
    PenaltyParty,
    PenaltyType,
)

STATES = {"closed": 6, "executed": 2, "served": 2, "decided": 1, "investigating": 2, "ready": 1}
COUNT = {"county": 24, "city": 18, "province": 16}
TITLES = (
    ("涉嫌销售过期食品案", "投诉举报"),
    ("涉嫌未取得许可从事经营活动案", "监督检查"),
    ("涉嫌虚假宣传案", "网络监测"),
    ("涉嫌超标排放污染物案", "在线监测"),
    ("涉嫌违法占用耕地案", "卫片执法"),
    ("涉嫌无证运营案", "日常巡查"),
)
# The path of steps to each state (the shortest that shows it; 听证 on the way for some).
BEFORE = {
    "clue": (),
    "not_filed": ("not_file",),
    "filed": ("file",),
    "investigating": ("file", "investigate"),
    "investigating_suspended": ("file", "investigate", "suspend"),
    "transferred": ("file", "investigate", "transfer"),
    "not_penalised": ("file", "investigate", "decide_no_penalty"),
    "proposed": ("file", "investigate", "propose"),
    "notified": ("file", "investigate", "propose", "notify"),
    "hearing_requested": ("file", "investigate", "propose", "notify", "request_hearing"),
    "hearing_scheduled": ("file", "investigate", "propose", "notify", "request_hearing", "schedule_hearing"),
}
DECIDED_PATH = ("file", "investigate", "propose", "notify", "no_hearing")
AFTER = {"ready": (), "decided": ("decide",), "served": ("decide", "serve")}
AFTER["executed"] = (*AFTER["served"], "execute")
AFTER["closed"] = (*AFTER["executed"], "close")


@register
def enforcement_penalties(rng, scale, orgs, users):
    today = timezone.localdate()
    bodies = kit.organisations_with(orgs, OrgFunction.ENFORCEMENT_BODY)
    certified = {}
    for officer in EnforcementOfficer.objects.filter(officers_certified(today), organisation__in=bodies):
        certified.setdefault(officer.organisation_id, []).append(officer)
    bodies = [b for b in bodies if len(certified.get(b.pk, [])) >= 2]
    if not bodies:
        return
    staff = kit.Staff(users, "officer")
    stories = []
    for i, state in enumerate(kit.target_states(rng, "enforcement_penalty", COUNT.get(scale, 24), STATES)):
        org = bodies[i % len(bodies)]
        a, b = rng.sample(certified[org.pk], 2)
        title, source = rng.choice(TITLES)
        case = PenaltyCase(
            organisation=org,
            region_code=org.region_id,
            title=title,
            source=source,
            summary=f"{source}发现当事人{title.removeprefix('涉嫌').removesuffix('案')}的线索。",
            officer_a=a,
            officer_b=b,
            major_ground=MajorGround.COMPLEX if rng.random() < 0.2 else "",
            status=state,
        )
        steps = kit.Steps(rng, today)
        case.registered_on = kit.days_ago(rng, today, 30, 420)
        path = BEFORE[state] if state in BEFORE else (*DECIDED_PATH, *AFTER[state])
        _tell(rng, case, steps, path, case.registered_on)
        party = kit.party(rng, PenaltyParty, case.region_code, person=0.5, case=case)
        case.party_names = party.name
        stories.append(kit.Story(case, steps, staff.first(org.pk), children=[party]))
    PENALTY_NUMBERS.number_loaded([s.record for s in stories])
    created = kit.replay_stories(PenaltyCase, stories)
    _publications(created, users)


def _publications(cases, users) -> None:
    """The decisions are published as the live step and a reviewer would (事后公开, 国办发〔2018〕118号),
    masked, so the portal lists decisions at once; each approved (a held one would leave its
    publication clock running, which no step of the story explains). 警告 alone and minors are not
    published; a case no reviewer of the demo may see is left unpublished."""
    from fazhi.core.publication import services as publication
    from fazhi.enforcement.publication_penalty import publish_decision, published_kind

    reviewers = [u for u in users if publication.may_approve(u)]
    decided = [c for c in cases if c.decided_on and published_kind(c)]
    for case in sorted(decided, key=lambda c: c.pk):
        # a reviewer who may see the case: of its body, or with the whole region in scope
        visible = (u for u in reviewers if access.visible(u, PenaltyCase).filter(pk=case.pk).exists())
        reviewer = next(visible, None)
        if reviewer is None:
            continue
        try:
            publication.approve(publish_decision(case), actor=reviewer)
        except publication.PublicationRefused:
            continue


def _tell(rng, case, steps, path, start) -> None:
    """The steps of ``path`` from ``start``, recording on the case what each step records."""
    day = start
    for name in path:
        if name == "notify" and case.major_ground:
            day = steps.take(
                "legal_review_pass", kit.after(rng, day, 1, 3, today=steps.today), opinion="同意"
            )
            case.legal_review_on = day
        gap = (1, 3) if name in ("request_hearing", "no_hearing", "serve") else (2, 12)
        if name == "schedule_hearing":
            gap = (1, 2)
        day = kit.after(rng, day, *gap, today=steps.today)
        inputs = _inputs(rng, case, name, day)
        steps.take(name, day, **inputs)


def _inputs(rng, case, name, day) -> dict:
    if name == "file":
        case.filed_on = day
    elif name == "investigate":
        case.investigation_started_on = day
    elif name == "notify":
        case.notified_on = day
    elif name == "schedule_hearing":
        case.hearing_on = day + dt.timedelta(days=12)  # 七个工作日前通知 (第六十四条第二项)
        return {"hearing_on": case.hearing_on, "place": "本机关听证室", "host": "法制机构工作人员"}
    elif name == "suspend":
        return {"reason": "appraisal"}
    elif name == "no_hearing":
        return {"reason": "waived"}
    elif name == "transfer":
        case.transferred_on, case.transferred_to = day, "县公安局"
        return {"organ": "县公安局", "reason": "涉案金额较大，涉嫌犯罪。"}
    elif name == "decide_no_penalty":
        case.decided_on = day
        case.no_penalty_ground = rng.choice(list(NoPenaltyGround))
        return {"ground": case.no_penalty_ground}
    elif name == "decide":
        case.decided_on = day
        case.penalty_kind = rng.choice(
            [PenaltyType.FINE] * 4 + [PenaltyType.WARNING, PenaltyType.CONFISCATE_GAINS]
        )
        case.amount = (
            rng.choice([500, 2000, 5000, 10000, 30000]) if case.penalty_kind != PenaltyType.WARNING else None
        )
        return {
            "penalty_kind": case.penalty_kind,
            "amount": case.amount,
            "facts": "经查，当事人实施了上述违法行为，有现场检查笔录、询问笔录等证据证实。",
            "basis": "相关法律、法规的规定。",
            "performance": "自收到本决定书之日起十五日内缴纳至指定银行。",
        }
    elif name == "serve":
        case.served_on = day
        return {"manner": "直接送达"}
    elif name == "execute":
        case.paid_on = day
        return {"paid": int(case.amount or 0)}
    return {}
