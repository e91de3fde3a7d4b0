"""The demo kit domain hooks build on: target states, staff, dates and made-up but valid people."""

import datetime as dt
import random
from collections import Counter

import pytest

from fazhi.core.kit.functions import OrgFunction
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
