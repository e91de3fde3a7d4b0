"""Validators for Chinese identifiers (DOMAIN.md §15). Each raises ValidationError in Chinese.

- 公民身份号码: GB 11643-1999 (check digit over 17 digits, and a real birth date).
- 统一社会信用代码: GB 32100-2015 (31-symbol charset, weights 3^(i-1) mod 31). Written here rather
  than taken from python-stdnum, whose validate() wrongly rejects codes starting with a letter
  (Y…, N…), which real 农村集体经济组织 and other bodies hold.
- 行政区划代码: GB/T 2260 (6 digits) and 统计用区划代码 township codes (9 digits).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

_ID_RE = re.compile(r"^\d{17}[\dX]$")
_REGION_RE = re.compile(r"^\d{6}(\d{3})?$")


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
    if not _ID_RE.match(value):
        raise ValidationError("公民身份号码应为18位，前17位为数字，最后一位为数字或X。", code="id_format")
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError("公民身份号码中的出生日期不存在。", code="id_birth") from None
    if birth < dt.date(1900, 1, 1) or birth > dt.date.today():
        raise ValidationError("公民身份号码中的出生日期不合理。", code="id_birth")
    if id_number_check_digit(value[:17]) != value[17]:
        raise ValidationError("公民身份号码校验位错误，请核对。", code="id_check")


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
    if not _REGION_RE.match(value):
        raise ValidationError("行政区划代码应为6位数字（乡镇街道为9位）。", code="region_format")
    province = int(value[:2])
    if not (11 <= province <= 65 or province in (71, 81, 82)):
        raise ValidationError(f"行政区划代码前两位“{value[:2]}”不是有效的省级代码。", code="region_province")
    if value[2:4] == "00" and value[4:6] != "00":
        raise ValidationError("行政区划代码第3、4位为00时，第5、6位也应为00。", code="region_shape")
