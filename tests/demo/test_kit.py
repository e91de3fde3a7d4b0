"""The demo kit domain hooks build on: target states, staff, dates and made-up but valid people."""

import datetime as dt
import random
from collections import Counter

import pytest

from fazhi.core.kit.functions import OrgFunction
from fazhi.core.kit.querycode import well_formed_query_code
from fazhi.core.models import RoleCode
from fazhi.core.validators import validate_id_number, validate_uscc
from fazhi.core.workflow import engine
from fazhi.demo import kit
from fazhi.litigation.models import Lawsuit
from tests import factories

D = dt.date


def test_target_states_hold_every_state_once_and_the_rest_by_weight():
    targets = kit.target_states(random.Random(1), "litigation", 60, {"closed": 1})
    counts = Counter(targets)
    assert set(counts) == {"registered", "answering", "answered", "heard"} | {
        "appeal_period",
        "appealed",
        "effective",
        "closed",
    }
    assert counts["closed"] == 60 - 7 and len(targets) == 60
    assert targets == kit.target_states(random.Random(1), "litigation", 60, {"closed": 1})


def test_target_states_refuse_unknown_states_and_too_few_records():
    with pytest.raises(ValueError, match="没有这些状态"):
        kit.target_states(random.Random(1), "litigation", 20, {"archived": 1})
    with pytest.raises(ValueError, match="少于"):
        kit.target_states(random.Random(1), "judicial_recommendation", 2, {"replied": 1})


def test_dates_keep_their_order_and_never_pass_today():
    rng = random.Random(3)
    today = D(2026, 6, 30)
    days = kit.spread(rng, 50, D(2022, 1, 1), D(2026, 6, 1))
    assert days == sorted(days) and D(2022, 1, 1) <= days[0] and days[-1] <= D(2026, 6, 1)
    assert kit.after(rng, D(2026, 6, 28), 5, 9, today=today) == today
    assert D(2026, 6, 20) <= kit.after(rng, D(2026, 6, 10), 10, 15, today=today) <= D(2026, 6, 25)
    assert D(2026, 6, 20) <= kit.days_ago(rng, today, 2, 10) <= D(2026, 6, 28)


def test_people_have_valid_identity_numbers_and_credit_codes():
    rng = random.Random(5)
    for _ in range(50):
        validate_id_number(kit.id_number(rng, "457121"))
        validate_uscc(kit.company_uscc(rng, "457121"))
        assert 2 <= len(kit.person_name(rng)) <= 4 and kit.company_name(rng).endswith("有限公司")
        assert len(kit.mobile(rng)) == 11


def test_query_codes_are_well_formed_and_come_from_the_hooks_rng():
    codes = [kit.query_code(random.Random(7)) for _ in range(2)]
    assert codes[0] == codes[1] and well_formed_query_code(codes[0])
    rng = random.Random(8)
    assert len({kit.query_code(rng) for _ in range(50)}) == 50


@pytest.mark.django_db
def test_staff_and_organisations_by_function(tree):
    east, west = tree["east_justice"], tree["west_justice"]
    orgs = [west, east, tree["east_market"]]
    bodies = kit.organisations_with(orgs, OrgFunction.RECONSIDERATION_BODY)
    assert bodies == sorted([east, west], key=lambda o: (o.region_id, o.pk))
    second = factories.user(east, roles=("officer",))
    first = factories.user(east, roles=("officer",))
    reviewer = factories.user(west, roles=("reviewer",))
    staff = kit.Staff([first, second, reviewer], RoleCode.OFFICER)
    assert staff.of(east.pk) == sorted([first, second], key=lambda u: u.pk)
    assert staff.first(west.pk) == staff.first(east.pk) == min(first, second, key=lambda u: u.pk)
    with pytest.raises(ValueError):
        kit.Staff([reviewer], RoleCode.OFFICER).first(west.pk)


@pytest.mark.django_db
def test_stories_are_replayed_through_the_procedure(tree):
    org = tree["east_market"]
    officer = factories.user(org, roles=("officer",))
    today = dt.date.today()
    received = today - dt.timedelta(days=3)
    lawsuit = Lawsuit(
        organisation=org,
        region_code=org.region_id,
        court="东区人民法院",
        case_number="（2026）东行初1号",
        act_type="行政处罚",
        complaint_received_on=received,
        status="answering",
    )
    (saved,) = kit.replay_stories(Lawsuit, [kit.Story(lawsuit, [("receive", received, {})], officer)])
    saved.refresh_from_db()
    assert saved.status == "answering"
    log = [(e.transition, e.legal_date, e.actor_id) for e in engine.history(saved)]
    assert log == [("receive", received, officer.pk)]


def test_steps_are_dated_after_each_other_and_never_after_today():
    rng = random.Random(7)
    today = D(2026, 6, 30)
    steps = kit.Steps(rng, today)
    assert steps.take("receive", D(2026, 6, 1)) == D(2026, 6, 1)
    answered = steps.then("file_answer", 5, 15)
    assert D(2026, 6, 6) <= answered <= D(2026, 6, 16) and steps.last == answered
    assert steps.then("hold_hearing", 60, 90, court_room="第一法庭") == today
    assert steps == [
        ("receive", D(2026, 6, 1), {}),
        ("file_answer", answered, {}),
        ("hold_hearing", today, {"court_room": "第一法庭"}),
    ]


def test_party_is_a_valid_person_or_a_company_in_the_models_own_fields():
    from fazhi.litigation.models import Party as LawsuitParty
    from fazhi.reconsideration.models import Party as ReconsiderationParty

    rng = random.Random(11)
    people = [kit.party(rng, LawsuitParty, "457121", role="plaintiff") for _ in range(40)]
    persons = [p for p in people if p.kind == "person"]
    companies = [p for p in people if p.kind == "organisation"]
    assert persons and companies and {p.role for p in people} == {"plaintiff"}
    for p in persons:
        validate_id_number(p.id_number)
        assert p.id_number[:6] == "457121" and len(p.phone) == 11 and p.address.startswith("本县")
    for p in companies:  # 法人或者其他组织, its credit code where the model keeps identifiers
        validate_uscc(p.id_number)
        assert p.name.endswith("有限公司") and not p.phone
    # A model with a 统一社会信用代码 field of its own keeps the code there.
    company = kit.party(random.Random(1), ReconsiderationParty, "457121", person=0)
    assert company.kind == "organisation" and company.id_number == ""
    validate_uscc(company.uscc)


@pytest.mark.django_db
def test_stories_save_their_rows_after_the_records_parents_first(tree):
    from fazhi.litigation.models import Appearance, Hearing, Party

    org = tree["east_market"]
    officer = factories.user(org, roles=("officer",))
    today = dt.date.today()
    received, heard = today - dt.timedelta(days=30), today - dt.timedelta(days=2)
    lawsuit = Lawsuit(
        organisation=org,
        region_code=org.region_id,
        court="东区人民法院",
        case_number="（2026）东行初2号",
        act_type="行政处罚",
        status="heard",
    )
    plaintiff = Party(lawsuit=lawsuit, kind="person", name="张三")
    hearing = Hearing(lawsuit=lawsuit, hearing_on=heard, held=True)
    rows = [plaintiff, hearing, Appearance(hearing=hearing, person_name="李四", capacity="chief")]
    steps = [("receive", received, {}), ("hold_hearing", heard, {})]
    (saved,) = kit.replay_stories(Lawsuit, [kit.Story(lawsuit, steps, officer, children=rows)])
    assert [p.name for p in Party.objects.filter(lawsuit=saved)] == ["张三"]
    (stored,) = Hearing.objects.filter(lawsuit=saved)
    assert stored.hearing_on == heard
    assert list(stored.appearances.values_list("person_name", "capacity")) == [("李四", "chief")]
    assert [e.transition for e in engine.history(saved)] == ["receive", "file_answer", "hold_hearing"]
