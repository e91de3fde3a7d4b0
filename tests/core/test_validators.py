"""Identifier validators (docs/statutes.md §证件号码校验, issue #2 item 9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.models import Organisation, OrganisationKind
from fazhi.core.validators import (
    USCC_CHARSET,
    as_typed_identifier,
    id_number_15_to_18,
    id_number_check_digit,
    is_valid_id_number,
    is_valid_mobile,
    is_valid_uscc,
    org_code_check_char,
    uscc_check_char,
    validate_id_number,
    validate_legacy_id_number,
    validate_mobile,
    validate_phone,
    validate_region_code,
    validate_uscc,
)
from tests import factories


def _error_code(validator, value) -> str:
    with pytest.raises(ValidationError) as info:
        validator(value)
    return info.value.code


def _id(prefix: str, birth: str, seq: str = "123") -> str:
    first17 = prefix + birth + seq
    return first17 + id_number_check_digit(first17)


# --- 公民身份号码 GB 11643-1999 -----------------------------------------------------------------


def test_id_number_reference_example_with_x_check_digit():
    validate_id_number("11010519491231002X")
    validate_id_number("11010519491231002x")  # lower-case x typed by a user
    validate_id_number(" 11010519491231002X ")
    assert is_valid_id_number("11010519491231002X")


def test_id_check_digit_follows_the_weights():
    # Σ aᵢ·Wᵢ mod 11 → "10X98765432"; the reference number's sum gives index 2 → X.
    assert id_number_check_digit("11010519491231002") == "X"
    for birth in ("19800101", "20000229", "20121231"):
        number = _id("450206", birth)
        validate_id_number(number)


def test_id_number_wrong_check_digit_is_rejected():
    assert _error_code(validate_id_number, "110105194912310021") == "id_check"
    good = _id("450206", "19850612")
    for other in "0123456789X":
        if other != good[-1]:
            assert not is_valid_id_number(good[:-1] + other)


@pytest.mark.parametrize(
    "birth",
    ["19990230", "20230229", "19000229", "19851301", "19850001", "19850100", "19850132"],
)
def test_id_number_impossible_birth_date(birth):
    # The check digit is right, so only the date can make these fail.
    assert _error_code(validate_id_number, _id("450206", birth)) == "id_birth"


def test_id_number_leap_day_in_a_leap_year_is_fine():
    validate_id_number(_id("450206", "20000229"))


def test_id_number_birth_in_the_future_or_before_1900():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert _error_code(validate_id_number, _id("450206", tomorrow.strftime("%Y%m%d"))) == "id_birth"
    assert _error_code(validate_id_number, _id("450206", "18991231")) == "id_birth"
    validate_id_number(_id("450206", timezone.localdate().strftime("%Y%m%d")))


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1101051949123100",  # 16 characters
        "11010519491231002",  # 17
        "11010519491231002XX",  # 19
        "1101051949123100X2",  # X not last
        "11010519491231002Y",
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits would pass a \d pattern
        "110105194912310 2X",
    ],
)
def test_id_number_bad_format(value):
    assert _error_code(validate_id_number, value) == "id_format"


def test_id_number_accepts_non_mainland_prefixes_with_the_same_layout():
    # 港澳台居民居住证 (81/82/83) and the 2023 外国人永久居留身份证 (9…) share the GB 11643 check.
    validate_id_number(_id("810000", "19900101"))
    validate_id_number(_id("911156", "19900101"))


def test_legacy_15_digit_number():
    validate_legacy_id_number("110105491231002")
    assert id_number_15_to_18("110105491231002") == "11010519491231002X"
    assert _error_code(validate_legacy_id_number, "110105490231002") == "id_birth"  # 1949-02-31
    assert _error_code(validate_legacy_id_number, "11010549123100X") == "id_format"
    assert _error_code(validate_legacy_id_number, "11010519491231002X") == "id_format"
    # The 18-digit validator never takes a 15-digit number silently.
    assert _error_code(validate_id_number, "110105491231002") == "id_format"


def test_id_number_errors_are_in_chinese():
    with pytest.raises(ValidationError) as info:
        validate_id_number("110105194912310021")
    assert "校验位" in info.value.message


# --- 统一社会信用代码 GB 32100-2015 --------------------------------------------------------------


def test_uscc_reference_example():
    validate_uscc("91110000600037341L")
    validate_uscc("91110000600037341l")
    assert uscc_check_char("91110000600037341") == "L"
    # The embedded 组织机构代码 (GB 11714) 60003734-1 checks too.
    assert org_code_check_char("60003734") == "1"


@pytest.mark.parametrize(
    "first17",
    [
        "Y1450206MA5N0QX8D",  # 其他 (Y)
        "N2450206MA5N0QX8D",  # 农业 / 农村集体经济组织 (N)
        "N1110105MA01ABCD0",
        "51450206MJY123456",  # 民政 社会团体
        "12450206000000000",
    ],
)
def test_uscc_letter_first_codes_validate_when_check_char_is_right(first17):
    code = first17 + uscc_check_char(first17)
    validate_uscc(code)
    # …and fail when it is wrong.
    wrong = next(c for c in USCC_CHARSET if c != code[-1])
    assert _error_code(validate_uscc, first17 + wrong) == "uscc_check"


def test_uscc_wrong_check_char():
    assert _error_code(validate_uscc, "91110000600037341M") == "uscc_check"
    assert _error_code(validate_uscc, "91110000600037342L") == "uscc_check"  # a body digit changed


@pytest.mark.parametrize("bad", list("IOSVZ"))
def test_uscc_forbidden_characters(bad):
    value = "911100006" + bad + "0037341L"
    with pytest.raises(ValidationError) as info:
        validate_uscc(value)
    assert info.value.code == "uscc_charset"
    assert bad in info.value.message


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "uscc_length"),
        ("91110000600037341", "uscc_length"),
        ("91110000600037341LL", "uscc_length"),
        ("9111000060003734-L", "uscc_charset"),
        ("９1110000600037341L", "uscc_charset"),
        ("91A10000600037341L", "uscc_region"),
    ],
)
def test_uscc_bad_shape(value, code):
    assert _error_code(validate_uscc, value) == code


def test_organisation_form_accepts_letter_first_uscc(db):
    first17 = "N2450206MA5N0QX8D"
    org = Organisation(
        name="某村股份经济合作社",
        kind=OrganisationKind.OTHER,
        region=factories.region(),
        uscc=first17 + uscc_check_char(first17),
    )
    org.full_clean(exclude=["path"])
    org.uscc = first17 + "0" if uscc_check_char(first17) != "0" else first17 + "1"
    with pytest.raises(ValidationError) as info:
        org.full_clean(exclude=["path"])
    assert "uscc" in info.value.message_dict
    assert not is_valid_uscc(org.uscc)


# --- 行政区划代码 GB/T 2260 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "110000",
        "450000",
        "450200",
        "450206",
        "710000",
        "810000",
        "820000",
        "650000",
        "450206001",
        "441900003",
    ],
)
def test_region_code_valid(value):
    validate_region_code(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "region_format"),
        ("4502", "region_format"),
        ("45020", "region_format"),
        ("4502061", "region_format"),
        ("45020600", "region_format"),
        ("4502060010", "region_format"),
        ("450206001001", "region_format"),  # 12-digit village codes are not region codes here
        ("45020A", "region_format"),
        ("４５０２０６", "region_format"),
        ("000000", "region_province"),
        ("160000", "region_province"),  # a gap in the province numbering
        ("660000", "region_province"),
        ("990000", "region_province"),
        ("450006", "region_shape"),
        ("450206000", "region_shape"),
    ],
)
def test_region_code_invalid(value, code):
    assert _error_code(validate_region_code, value) == code


# --- 手机号码 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["13812345678", "15900000000", "19912345678", " 17712345678 "])
def test_mobile_valid(value):
    validate_mobile(value)
    assert is_valid_mobile(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "12812345678",  # 12x is not a mobile range
        "10012345678",
        "1381234567",
        "138123456789",
        "+8613812345678",
        "138 1234 5678",
        "138-1234-5678",
        "１３８１２３４５６７８",
        "23812345678",
    ],
)
def test_mobile_invalid(value):
    assert _error_code(validate_mobile, value) == "mobile_format"


# --- 联系电话 (a party's phone: mobile or landline with its area code) -------------------------------


@pytest.mark.parametrize("value", ["13812345678", "0771-1234567", "07711234567", "010-12345678-8001"])
def test_phone_valid(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["", "12812345678", "1234567", "0771-123", "771-1234567", "0771-1234567-"])
def test_phone_invalid(value):
    with pytest.raises(ValidationError, match="联系电话应为11位手机号码或带区号的固定电话"):
        validate_phone(value)


def test_an_identifier_typed_from_paper_is_normalised_before_it_is_checked():
    assert as_typed_identifier("１１０１０５ １９４９１２３１ ００２ｘ") == "11010519491231002X"
    assert as_typed_identifier(" 0771-123 4567 ") == "0771-1234567"  # the landline's hyphen stays
