"""行政复议 figures for the annual report, over a region subtree and a period.

Every count is one SQL aggregate (``COUNT`` with ``FILTER``); the record ids behind each figure are
returned beside it so a reader can check the number against the cases. Period basis:

- 收案 (received): ``received_on`` in the period;
- 受理 (accepted): ``accepted_on`` in the period;
- 审结 (concluded): ``decided_on`` in the period — every way a case ends after acceptance: a decision
  of any type (维持, 驳回 …), a 调解书, or 终止 (DOMAIN.md §1 "纠错率": the denominator includes 终止
  and 驳回).

纠错率 = (撤销 + 部分撤销 + 变更 + 确认违法 + 确认无效 + 责令履行) ÷ 审结. Seed 000 (2022): 3 / 33 = 9.1%.
The 综合纠错率 variant (adding cases the respondent corrected itself before a withdrawal) is not
computed yet: it needs a "corrected by the respondent" fact on the termination.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from fazhi.core.models import subtree_q
from fazhi.reconsideration.models import CORRECTIVE, DecisionType, ReconsiderationCase


@dataclass(frozen=True)
class Figure:
    code: str
    name: str
    value: int
    basis: str
    ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Rate:
    code: str
    name: str
    numerator: int
    denominator: int
    numerator_basis: str
    denominator_basis: str
    numerator_ids: list[int] = field(default_factory=list)
    denominator_ids: list[int] = field(default_factory=list)

    @property
    def value(self) -> Decimal | None:
        """The rate as a fraction (None when there is nothing to divide by)."""
        if not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)

    @property
    def percent(self) -> str:
        """One decimal place, rounded half up, as the reports print it ("9.1%")."""
        if self.value is None:
            return "—"
        return f"{(self.value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _cases(region_prefix: str) -> QuerySet:
    return ReconsiderationCase.objects.filter(subtree_q("region_code", region_prefix))


def _between(field_name: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lte": end})


def _ids(qs: QuerySet) -> list[int]:
    return list(qs.order_by("pk").values_list("pk", flat=True))


def concluded_q(start: dt.date, end: dt.date) -> Q:
    return _between("decided_on", start, end) & ~Q(decision_type="")


def received(region_prefix: str, start: dt.date, end: dt.date) -> Figure:
    qs = _cases(region_prefix).filter(_between("received_on", start, end))
    return Figure(
        "reconsideration.received",
        "收到行政复议申请",
        qs.aggregate(n=Count("pk"))["n"],
        "收到申请日期在统计期内",
        _ids(qs),
    )


def accepted(region_prefix: str, start: dt.date, end: dt.date) -> Figure:
    qs = _cases(region_prefix).filter(_between("accepted_on", start, end))
    return Figure(
        "reconsideration.accepted",
        "受理行政复议案件",
        qs.aggregate(n=Count("pk"))["n"],
        "受理日期在统计期内",
        _ids(qs),
    )


def concluded_by_type(region_prefix: str, start: dt.date, end: dt.date) -> dict[str, Figure]:
    """审结 in the period, total (key ``"total"``) and per decision type (keys: DecisionType codes,
    only those that occur)."""
    qs = _cases(region_prefix).filter(concluded_q(start, end))
    counts = qs.aggregate(
        total=Count("pk"), **{code: Count("pk", filter=Q(decision_type=code)) for code in DecisionType.values}
    )
    basis = "结案日期在统计期内"
    out = {"total": Figure("reconsideration.concluded", "审结", counts.pop("total"), basis, _ids(qs))}
    for code, n in counts.items():
        if n:
            label = DecisionType(code).label
            out[code] = Figure(
                f"reconsideration.concluded.{code}",
                f"审结：{label}",
                n,
                basis,
                _ids(qs.filter(decision_type=code)),
            )
    return out


def correction_rate(region_prefix: str, start: dt.date, end: dt.date) -> Rate:
    """行政复议纠错率 = 纠错 ÷ 审结 (one aggregate for both counts)."""
    qs = _cases(region_prefix).filter(concluded_q(start, end))
    corrective = Q(decision_type__in=CORRECTIVE)
    counts = qs.aggregate(den=Count("pk"), num=Count("pk", filter=corrective))
    names = "、".join(DecisionType(c).label for c in CORRECTIVE)
    return Rate(
        code="reconsideration.correction_rate",
        name="行政复议纠错率",
        numerator=counts["num"],
        denominator=counts["den"],
        numerator_basis=f"统计期内审结且结案方式为{names}的案件",
        denominator_basis="统计期内审结的全部案件（含维持、驳回、调解、终止）",
        numerator_ids=_ids(qs.filter(corrective)),
        denominator_ids=_ids(qs),
    )
