"""Cell parsers and lookups shared by the imports of historical cases (``fazhi/<domain>/imports.py``).

- :func:`parse_date`: a date as people type it in Excel, never later than today (a historical case);
- :func:`resolve_organisation`: the organisation a row names, among those the importing staff
  member may see (:mod:`fazhi.core.access`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core import access
from fazhi.core.excel.spec import RowProblem
from fazhi.core.models import Organisation

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_any_date(value: str) -> dt.date:
    """2022-03-05, 2022/3/5, 2022.3.5 or 2022年3月5日 — past or future (a certificate's 有效期至)."""
    match = _DATE.match(unicodedata.normalize("NFKC", value).strip())
    try:
        if not match:
            raise ValueError
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValidationError(f"“{value}”不是有效日期，请写成 2022-03-05 的形式。") from None


def parse_date(value: str) -> dt.date:
    """2022-03-05, 2022/3/5, 2022.3.5 or 2022年3月5日; never later than today."""
    day = parse_any_date(value)
    if day > timezone.localdate():
        raise ValidationError(f"日期{day.isoformat()}晚于今天，历史案件的日期不能是将来。")
    return day


_ORG_REF = re.compile(r"^\s*(\d{6}(?:\d{3})?)\s*[:：]\s*(.+?)\s*$")


def resolve_organisation(text: str, actor, column: str) -> Organisation:
    """The organisation named ``text`` (or "区划代码:名称") among those ``actor`` may see; with no
    actor (the command line, run by an operator on the server) among all organisations."""
    qs = access.visible_organisations(actor) if actor is not None else Organisation.objects.all()
    ref = _ORG_REF.match(unicodedata.normalize("NFKC", text))
    if ref:
        qs, name = qs.filter(region_id=ref.group(1), name=ref.group(2)), ref.group(2)
    else:
        qs, name = qs.filter(name=text), text
    found = list(qs.select_related("region")[:10])
    if not found:
        hint = "或该单位不在您的数据范围内" if actor is not None else "请先导入单位或核对名称"
        raise RowProblem(f"找不到单位“{name}”（{hint}）。", column)
    if len(found) > 1:
        where = "、".join(org.region_id for org in found)
        raise RowProblem(
            f"有多个名为“{name}”的单位（区划代码：{where}），请写成“区划代码:单位名称”，"
            f"如“{found[0].region_id}:{name}”。",
            column,
        )
    return found[0]
