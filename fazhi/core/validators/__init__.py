r"""Validators for Chinese identifiers (docs/statutes.md §证件号码校验). Each raises ValidationError in Chinese.

- 公民身份号码: GB 11643-1999 (check digit over 17 digits, and a real birth date).
- 统一社会信用代码: GB 32100-2015 (31-symbol charset, weights 3^(i-1) mod 31). Written here rather
  than taken from python-stdnum, whose validate() wrongly rejects codes starting with a letter
  (Y…, N…), which real 农村集体经济组织 and other bodies hold.
- 行政区划代码: GB/T 2260 (6 digits) and 统计用区划代码 township codes (9 digits).
- 手机号码: 11 digits, 1[3-9]xxxxxxxxx (mainland numbering plan); 联系电话: a mobile number or a
  landline with its area code (区号-号码, an optional extension) — a party's phone in any domain.

All patterns use ASCII ``[0-9]``: Python's ``\d`` also matches full-width and other Unicode digits,
which ``int()`` accepts, so "１１０１…" would otherwise pass and be stored in a form nobody can match.
The ID-number check deliberately does not restrict the first two digits to mainland provinces:
residence permits for 港澳台 residents (81/82/83…) and the 2023 外国人永久居留身份证 (9…) use the
same 18-character layout and check digit.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

_ID_RE = re.compile(r"^[0-9]{17}[0-9X]$")
_LEGACY_ID_RE = re.compile(r"^[0-9]{15}$")
_REGION_RE = re.compile(r"^[0-9]{6}([0-9]{3})?$")
_MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")
_PHONE_RE = re.compile(r"1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?")

# GB/T 2260 province-level codes (including 71 台湾, 81 香港, 82 澳门); the numbering has gaps.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)


def id_number_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def is_valid_id_number(value: str) -> bool:
    try:
        validate_id_number(value)
    except ValidationError:
        return False
    return True


def validate_id_number(value: str) -> None:
    """公民身份号码 (18 digits): format, birth date and check digit (GB 11643-1999)."""
    value = (value or "").strip().upper()
    if not _ID_RE.fullmatch(value):
        raise ValidationError("公民身份号码应为18位，前17位为数字，最后一位为数字或X。", code="id_format")
    _check_birth_date(value[6:10], value[10:12], value[12:14])
    if id_number_check_digit(value[:17]) != value[17]:
        raise ValidationError("公民身份号码校验位错误，请核对。", code="id_check")


def _check_birth_date(year: str, month: str, day: str) -> None:
    try:
        birth = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationError("公民身份号码中的出生日期不存在。", code="id_birth") from None
    if birth < dt.date(1900, 1, 1) or birth > _today():
        raise ValidationError("公民身份号码中的出生日期不合理（早于1900年或晚于今天）。", code="id_birth")


def _today() -> dt.date:
    # Local (Asia/Shanghai) date inside Django; plain date when used as a library without settings.
    return timezone.localdate() if settings.configured else dt.date.today()


def validate_legacy_id_number(value: str) -> None:
    """Old 15-digit 身份证号 (before GB 11643-1999): 6 address + YYMMDD (19YY) + 3 sequence, no check digit.

    Only for legacy data; new records take the 18-digit number. Convert with ``id_number_15_to_18``.
    """
    value = (value or "").strip()
    if not _LEGACY_ID_RE.fullmatch(value):
        raise ValidationError("15位旧身份证号码应全部为数字。", code="id_format")
    _check_birth_date("19" + value[6:8], value[8:10], value[10:12])


def id_number_15_to_18(value: str) -> str:
    """Upgrade a 15-digit number: insert the century "19" and append the GB 11643 check digit."""
    validate_legacy_id_number(value)
    value = value.strip()
    first17 = value[:6] + "19" + value[6:]
    return first17 + id_number_check_digit(first17)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, ORG_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def validate_uscc(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015), including codes that start with a letter (Y, N …)."""
    value = (value or "").strip().upper()
    if len(value) != 18:
        raise ValidationError("统一社会信用代码应为18位。", code="uscc_length")
    bad = [c for c in value if c not in USCC_CHARSET]
    if bad:
        raise ValidationError(
            f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用I、O、S、V、Z）。", code="uscc_charset"
        )
    if not value[2:8].isdigit():
        raise ValidationError("统一社会信用代码第3至8位应为行政区划代码（数字）。", code="uscc_region")
    if uscc_check_char(value[:17]) != value[17]:
        raise ValidationError("统一社会信用代码校验位错误，请核对。", code="uscc_check")


def is_valid_uscc(value: str) -> bool:
    try:
        validate_uscc(value)
    except ValidationError:
        return False
    return True


def validate_region_code(value: str) -> None:
    """GB/T 2260 code: 6 digits (province 11–82), or 9 digits for a township."""
    value = (value or "").strip()
    if not _REGION_RE.fullmatch(value):
        raise ValidationError("行政区划代码应为6位数字（乡镇街道为9位）。", code="region_format")
    if value[:2] not in PROVINCE_CODES:
        raise ValidationError(f"行政区划代码前两位“{value[:2]}”不是有效的省级代码。", code="region_province")
    if value[2:4] == "00" and value[4:6] != "00":
        raise ValidationError("行政区划代码第3、4位为00时，第5、6位也应为00。", code="region_shape")
    if len(value) == 9 and value[6:] == "000":
        raise ValidationError("9位乡镇街道代码的后3位不能为000。", code="region_shape")


def validate_mobile(value: str) -> None:
    """Mainland mobile number: 11 digits starting 13–19 (no +86 prefix, no separators)."""
    value = (value or "").strip()
    if not _MOBILE_RE.fullmatch(value):
        raise ValidationError("手机号码应为11位数字，以13至19开头。", code="mobile_format")


def as_typed_identifier(value: str) -> str:
    """An identifier typed from a paper form, normalised before it is checked: full-width digits and
    letters half-width (NFKC), spaces removed, upper case (“１１０１０５ １９４９…ｘ” → “110105…X”);
    a landline's “-” is kept."""
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()


def validate_phone(value: str) -> None:
    """Mobile (1xxxxxxxxxx) or landline (区号-号码, optional extension)."""
    if not _PHONE_RE.fullmatch(value or ""):
        raise ValidationError("联系电话应为11位手机号码或带区号的固定电话（如 0771-1234567）。", code="phone")


def is_valid_mobile(value: str) -> bool:
    try:
        validate_mobile(value)
    except ValidationError:
        return False
    return True
