"""Demo 行政复议 cases: a few hundred for the county, spread over 2022–2026 and every state.

Each case's story is a list of steps replayed through the procedure
(:func:`fazhi.core.workflow.replay.replay_many`): it lands in the state its steps reach, with the
transition log and the clock ledger the engine would have written (clocks met or overdue for closed
cases, running for open ones), and its parties.
All randomness comes from the ``rng`` the demo gives the hook.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from fazhi.core.kit.functions import OrgFunction, organisations_with
from fazhi.core.models import RoleCode
from fazhi.core.validators import id_number_check_digit
from fazhi.core.workflow import replay
from fazhi.demo import names
from fazhi.demo.registry import register
from fazhi.reconsideration.models import (
    QUERY_ALPHABET,
    QUERY_CODE_LENGTH,
    ActType,
    Channel,
    DecisionType,
    LawVersion,
    Party,
    PartyKind,
    PartyRole,
    ReconsiderationCase,
    SuspensionGround,
    TerminationGround,
    format_case_number,
    law_version_for,
)
from fazhi.reconsideration.services import case_number_prefix

PER_COUNTY = {"county": 300, "city": 60, "province": 12}
FIRST_DAY = dt.date(2022, 1, 1)
LAST_DAY = dt.date(2026, 11, 15)

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


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _id_number(rng: random.Random, region: str) -> str:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
    first17 = f"{region[:6]}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + id_number_check_digit(first17)


def _person_name(rng: random.Random) -> str:
    surname, _ = rng.choice(names.SURNAMES)
    return surname + "".join(g for g, _ in rng.sample(names.GIVEN, 2 if rng.random() < 0.7 else 1))


def _query_code(rng: random.Random) -> str:
    return "".join(rng.choice(QUERY_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def _after(day: dt.date, rng: random.Random, lo: int, hi: int, today: dt.date) -> dt.date:
    return min(day + dt.timedelta(days=rng.randint(lo, hi)), today)


@register
def reconsideration_cases(rng, scale, orgs, users):
    today = timezone.localdate()
    last = min(LAST_DAY, today)
    bodies = set(organisations_with(OrgFunction.RECONSIDERATION_BODY).values_list("pk", flat=True))
    justice = [o for o in orgs if o.pk in bodies and not o.region_id.endswith("00")]
    for org in sorted(justice, key=lambda o: o.region_id):
        staff = [u for u in users if u.organisation_id == org.pk and RoleCode.REVIEWER in u.roles]
        if not staff:
            continue
        departments = [
            o.name for o in orgs if o.region_id == org.region_id and o.is_enforcement_body and o.pk != org.pk
        ]
        _county_cases(rng, org, staff, departments, PER_COUNTY[scale], last, today)


def _county_cases(rng, org, staff, departments, count, last, today):
    span = (last - FIRST_DAY).days
    received_days = sorted(FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(count))
    prefix = case_number_prefix(org)
    serials: dict[int, int] = {}
    cases, plans = [], []
    for received in received_days:
        serials[received.year] = serials.get(received.year, 0) + 1
        version = law_version_for(received)
        act = _pick(rng, ACT_TYPES)
        case = ReconsiderationCase(
            organisation=org,
            region_code=org.region_id,
            case_year=received.year,
            case_serial=serials[received.year],
            case_number=format_case_number(prefix, received.year, serials[received.year]),
            channel=_pick(
                rng, [(Channel.ONLINE, 40), (Channel.IN_PERSON, 35), (Channel.POST, 20), (Channel.ORAL, 5)]
            ),
            received_on=received,
            law_version=version,
            respondent_name=rng.choice(departments) if departments else f"{org.name[:-3]}人民政府",
            act_type=act,
            act_document_number=f"{rng.choice(['罚', '许', '强', '信'])}决字〔{received.year}〕{rng.randint(1, 300)}号",
            act_date=received - dt.timedelta(days=rng.randint(5, 55)),
            act_description=f"被申请人作出的{ActType(act).label}行为",
            requests=REQUESTS[act],
            simple_procedure=version == LawVersion.V2023 and rng.random() < 0.3,
            query_code=_query_code(rng),
        )
        steps = _story(rng, case, today)
        cases.append(case)
        plans.append((steps, _parties(rng, case)))
    # Each case's steps replayed through the procedure: status, transition log and clocks (met or
    # overdue for the closed, running for the open ones) as the engine would have written them.
    histories = [
        replay.History(case, steps, actor=rng.choice(staff))
        for case, (steps, _) in zip(cases, plans, strict=True)
    ]
    created = replay.replay_many(ReconsiderationCase, histories, actor=None, source="演示数据")
    parties = []
    for case, (_, people) in zip(created, plans, strict=True):
        for party in people:
            party.case = case
            parties.append(party)
    Party.objects.bulk_create(parties)


def _story(rng, case, today):
    """Decide how far the case got; set its dates and outcome; return the steps taken."""
    received = case.received_on
    age = (today - received).days
    steps = [("register", received, {})]
    if age < 5 and rng.random() < 0.5:
        case.status = "review"
        return steps
    roll = rng.random()
    if roll < 0.08:
        notified = _after(received, rng, 1, 4, today)
        steps.append(("request_completion", notified, {}))
        if age < 30:
            case.status = "completing"
            return steps
        if rng.random() < 0.5:
            steps.append(("deem_abandoned", _after(notified, rng, 20, 25, today), {}))
            case.status = "abandoned"
            return steps
        steps.append(("complete", _after(notified, rng, 3, 10, today), {}))
    elif roll < 0.15:
        steps.append(("reject", _after(received, rng, 2, 5, today), {}))
        case.status = "rejected"
        return steps
    accepted = _after(steps[-1][1], rng, 1, 5, today)
    case.accepted_on = accepted
    steps.append(("accept", accepted, {}))
    length = 30 if case.simple_procedure else 60
    if (today - accepted).days < 10 and rng.random() < 0.6:
        case.status = "accepted"
        return steps
    sent = _after(accepted, rng, 1, 5, today)
    steps.append(("send_copy", sent, {}))
    if (today - sent).days < 12 and rng.random() < 0.6:
        case.status = "answering"
        return steps
    steps.append(("receive_answer", _after(sent, rng, 3, 12, today), {}))
    if (today - accepted).days < length:
        if rng.random() < 0.1:
            ground = rng.choice(SuspensionGround.values)
            steps.append(("suspend", _after(steps[-1][1], rng, 1, 5, today), {"ground": ground}))
            case.suspension_ground = ground
            case.status = "suspended"
        else:
            case.status = "reviewing"
        return steps
    outcome = _pick(rng, OUTCOMES_2023 if case.law_version == LawVersion.V2023 else OUTCOMES_2017)
    remaining = length - (steps[-1][1] - accepted).days
    concluded = _after(steps[-1][1], rng, min(5, max(remaining, 1)), max(remaining, 1), today)
    case.decision_type = outcome
    case.decided_on = concluded
    if outcome == DecisionType.TERMINATED:
        ground = _pick(
            rng,
            [
                (TerminationGround.WITHDRAWN, 90),
                (TerminationGround.NO_HEIR, 3),
                (TerminationGround.CRIMINAL, 7),
            ],
        )
        case.termination_ground = ground
        steps.append(("terminate", concluded, {"ground": ground}))
        source = "terminated"
    else:
        steps.append(("decide", concluded, {"decision_type": outcome}))
        source = "decided"
    if (today - concluded).days < 7:
        case.status = source
        return steps
    served = _after(concluded, rng, 1, 6, today)
    case.served_on = served
    steps.append(("serve", served, {}))
    if (today - served).days < 30:
        case.status = "served"
        return steps
    steps.append(("archive", _after(served, rng, 10, 40, today), {}))
    case.status = "archived"
    return steps


def _parties(rng, case) -> list[Party]:
    if rng.random() < 0.8:
        applicant = Party(
            role=PartyRole.APPLICANT,
            kind=PartyKind.PERSON,
            name=_person_name(rng),
            id_number=_id_number(rng, case.region_code),
            phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            address=f"本县{rng.choice(['城关镇', '东街', '南湖街道', '新村'])}{rng.randint(1, 99)}号",
        )
    else:
        applicant = Party(
            role=PartyRole.APPLICANT,
            kind=PartyKind.ORGANISATION,
            name=f"{rng.choice(['云岭', '青山', '南湖', '金穗'])}{rng.choice(['商贸', '建材', '餐饮', '物流'])}有限公司",
        )
    case.applicant_names = applicant.name
    respondent = Party(role=PartyRole.RESPONDENT, kind=PartyKind.ORGANISATION, name=case.respondent_name)
    return [applicant, respondent]
