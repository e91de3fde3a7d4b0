"""The rules of the 行政应诉 forms that carry domain meaning; the forms themselves are declared in
:mod:`fazhi.litigation.views` (``FormSpec``) and built by the staff shell. Every message is Chinese."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from fazhi.core.kit import links
from fazhi.core.kit.models import LinkKind

# 经复议的案件 (《行政诉讼法》第二十六条第二款): the 复议 case, typed by its 案号, linked 复议 —起诉→ lawsuit
# through the kit (litigation does not import the reconsideration app).
RECONSIDERED = links.NumberedLink(
    "reconsideration_case_number", "reconsideration", LinkKind.LITIGATED, "复议案件"
)
# 案号: （年份）+ 法院代字 + 类型代字 + 序号 + 号, e.g. （2026）云0121行初12号 (《关于人民法院案件案号的若干规定》).
CASE_NUMBER_RE = re.compile(r"^（\d{4}）\S+号$")


def case_number(value: str) -> str:
    value = value.strip().replace("(", "（").replace(")", "）").replace(" ", "")
    if not CASE_NUMBER_RE.match(value):
        raise ValidationError("案号格式应为“（年份）法院代字+类型代字+序号+号”，如（2026）云0121行初12号。")
    return value


def phone(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"[0-9\-]{7,20}", value):
        raise ValidationError("联系电话只能包含数字和“-”，7至20位。")
    return value
