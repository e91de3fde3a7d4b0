"""What publishing a record with parties needs from them (``publication.party_masking``,
``public_name``): every domain that publishes (行政复议决定, 行政处罚决定 双公示, 信息公开) derives it
the same way (docs/security.md 17 and 19)."""

from __future__ import annotations

import datetime as dt

from fazhi.core.publication.services import party_masking, public_name
from fazhi.core.validators import id_number_check_digit
from fazhi.litigation.models import Party as KitParty  # the kit's PartyBase columns as they are
from fazhi.reconsideration.models import Party as SeparateCodeParty  # 统一社会信用代码 in ``uscc``

BODY = "45020620100301001"  # born 2010-03-01
MINOR = BODY + id_number_check_digit(BODY)
ADULT = "11010519491231002X"
USCC = "91450200MA5K00001K"


def _parties(minor_id=ADULT):
    return [
        KitParty(
            kind="person", name="张三丰", id_number=minor_id, phone="13800138000", address="东区幸福路1号"
        ),
        KitParty(kind="legal_person", name="东区某某建材有限公司", id_number=USCC, phone="07725551234"),
        SeparateCodeParty(kind="organisation", name="东区某某合作社", uscc=USCC, address="东区和平路2号"),
    ]


def test_persons_masked_organisations_not_and_sensitive_values_collected():
    masking = party_masking(_parties(), on=dt.date(2026, 3, 2), named=["东区市场监督管理局", "王小明", ""])
    # Natural persons, and a name given elsewhere (a respondent as filed) that is not an organ's.
    assert masking["names_to_mask"] == ["张三丰", "王小明"]
    # Each person's ID number, every party's phone and address; an organisation's 统一社会信用代码
    # is public by design and is not one of them.
    assert masking["sensitive_values"] == [
        ADULT,
        "13800138000",
        "东区幸福路1号",
        "07725551234",
        "东区和平路2号",
    ]
    assert masking["involves_minor"] is False


def test_a_minor_is_found_by_the_birth_date_in_the_id_number():
    assert party_masking(_parties(MINOR), on=dt.date(2028, 2, 29))["involves_minor"] is True
    assert party_masking(_parties(MINOR), on=dt.date(2028, 3, 1))["involves_minor"] is False
    # An organisation's identifier never makes a minor, nor does an invalid number.
    assert party_masking(_parties("4502062010030100"), on=dt.date(2026, 1, 1))["involves_minor"] is False


def test_public_names_with_the_credit_code_wherever_the_party_keeps_it():
    person, company, cooperative = _parties()
    assert public_name(person) == public_name(person, with_code=True) == "张某"
    assert public_name(company) == "东区某某建材有限公司"
    assert public_name(company, with_code=True) == f"东区某某建材有限公司（统一社会信用代码：{USCC}）"
    assert public_name(cooperative, with_code=True) == f"东区某某合作社（统一社会信用代码：{USCC}）"
    assert public_name(SeparateCodeParty(kind="organisation", name="某协会"), with_code=True) == "某协会"
