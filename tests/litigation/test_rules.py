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
    # docs/statutes.md §败诉: 撤销/部分撤销/履行/给付/确认违法/确认无效/变更, and the 行政协议 judgments
    # against the defendant (《行政诉讼法》第七十八条: 继续履行、采取补救措施、赔偿损失; 第二款 补偿).
    assert LOST_OUTCOMES == {
        "revoke",
        "partial_revoke",
        "perform",
        "pay",
        "confirm_illegal",
        "confirm_void",
        "modify",
        "agreement_perform",
        "agreement_remedy",
        "agreement_damages",
        "agreement_compensate",
        "agreement",  # stored before the split: a 第七十八条 judgment, so against the defendant
    }
    for code in ("reject_claims", "dismiss", "withdrawn", "mediated"):
        assert not OUTCOMES[code].lost
    assert Lawsuit(outcome="confirm_illegal").lost and not Lawsuit(outcome="dismiss").lost
    assert (
        Lawsuit(outcome="agreement_perform").lost
        and "第七十八条第一款" in OUTCOMES["agreement_remedy"].article
    )


def test_every_judgment_cites_its_article_and_endings_are_told_apart():
    kinds = {code: rule.kind for code, rule in OUTCOMES.items() if rule.instance == Instance.FIRST}
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
        "agreement_perform",
        "agreement_remedy",
        "agreement_damages",
        "agreement_compensate",
        "agreement",
    }
    assert all("《行政诉讼法》第" in r.article for r in OUTCOMES.values())


def test_second_instance_outcomes_are_those_of_article_89_and_final():
    # 《行政诉讼法》第八十九条: 驳回上诉维持原判, 改判, 发回重审; 准许撤回上诉; 两审终审 (第七条).
    second = {c: r for c, r in OUTCOMES.items() if r.instance == Instance.SECOND}
    assert set(second) == {
        "uphold",
        "amend_lost",
        "amend_won",
        "remand",
        "appeal_withdrawn",
        "second_mediated",
    }
    assert not any(r.appealable for r in second.values())
    assert all("第八十九条" in second[c].article for c in ("uphold", "amend_lost", "amend_won", "remand"))
    assert "amend_lost" not in LOST_OUTCOMES  # the 败诉率 counts 一审 (docs/statutes.md §败诉)


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
