"""Who counts as 负责人, which outcomes are 败诉, and party data validation."""

import pytest
from django.core.exceptions import ValidationError

from fazhi.litigation.models import (
    LOST_OUTCOMES,
    OUTCOMES,
    Appearance,
    Capacity,
    Instance,
    Lawsuit,
    Party,
    PartyKind,
)
from tests.litigation.factories import PERSON_ID


@pytest.mark.parametrize(
    ("capacity", "position", "counts"),
    [
        (Capacity.CHIEF, "局长", True),
        (Capacity.DEPUTY, "副局长", True),
        (Capacity.DEPUTY_IN_CHARGE, "分管副局长", True),  # SPC 2020 provisions art 2
        (Capacity.STAFF, "法规科科长", False),  # a 科长 is not a 负责人
        (Capacity.LAWYER, "律师", False),
    ],
)
def test_only_chief_deputy_or_deputy_in_charge_counts_as_head(capacity, position, counts):
    assert Appearance(person_name="某某", position=position, capacity=capacity).counts_as_head is counts


def test_lost_outcomes_are_exactly_the_platform_default():
    # docs/statutes.md §败诉: 撤销/部分撤销/履行/给付/确认违法/确认无效/变更 count as 败诉.
    assert LOST_OUTCOMES == {
        "revoke",
        "partial_revoke",
        "perform",
        "pay",
        "confirm_illegal",
        "confirm_void",
        "modify",
    }
    for code in ("reject_claims", "agreement", "dismiss", "withdrawn", "mediated"):
        assert not OUTCOMES[code].lost
    assert Lawsuit(outcome="confirm_illegal").lost and not Lawsuit(outcome="dismiss").lost


def test_every_judgment_cites_its_article_and_endings_are_told_apart():
    kinds = {code: rule.kind for code, rule in OUTCOMES.items()}
    assert kinds["dismiss"] == kinds["withdrawn"] == "ruling" and kinds["mediated"] == "mediation"
    assert {c for c, k in kinds.items() if k == "judgment"} == {
        "reject_claims",
        "revoke",
        "partial_revoke",
        "perform",
        "pay",
        "confirm_illegal",
        "confirm_void",
        "modify",
        "agreement",
    }
    assert all("《行政诉讼法》第" in r.article for r in OUTCOMES.values())


def test_second_instance_judgment_cannot_be_appealed():
    assert Lawsuit(outcome="revoke", instance=Instance.FIRST).appealable
    assert not Lawsuit(outcome="revoke", instance=Instance.SECOND).appealable
    assert not Lawsuit(outcome="mediated", instance=Instance.FIRST).appealable


def test_party_id_numbers_are_validated():
    Party(kind=PartyKind.PERSON, name="张三", id_number=PERSON_ID.lower()).clean()
    with pytest.raises(ValidationError) as excinfo:
        Party(kind=PartyKind.PERSON, name="张三", id_number="110105194912310021").clean()
    assert "校验位" in str(excinfo.value)
    with pytest.raises(ValidationError):
        Party(kind=PartyKind.ORGANISATION, name="某公司", id_number=PERSON_ID).clean()
    Party(kind=PartyKind.ORGANISATION, name="某公司", id_number="91110000600037341L").clean()
