"""``/api/v1/indicators/``: the figures of a region and a period, and the records behind one.

For a provincial platform or a data screen that pulls the figures instead of retyping them:

- ``GET indicators/?region=&period=`` — every indicator with numerator, denominator, value, its source
  (计算 / 上报), definition and basis, from the region's current run (``run_id``) or, with no run,
  computed now and not saved (``run_id`` null);
- ``GET indicators/{code}/records?region=&period=&part=numerator|denominator`` — the ids of the records
  behind that part of a computed figure that the caller may see (and how many the figure counts).

Same rule as the staff pages (:mod:`fazhi.indicators.selectors`): only staff whose data scope is the
whole region, for their region and the regions below it; anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field

from fazhi.api import resources
from fazhi.api.errors import ApiError, NotFound
from fazhi.api.schemas import ErrorOut
from fazhi.indicators import periods, registry, selectors, services

router = Router(tags=["指标"])

NO_REGION = "没有这个区划或不在您的数据范围内。"


class DefinitionOut(Schema):
    numerator: str
    denominator: str
    basis: str = Field(description="分母口径，如 审结、受理、开庭")
    period_basis: str
    exclusions: str
    source: str


class FigureOut(Schema):
    code: str = Field(description="稳定的指标编码，如 reconsideration.correction_rate")
    name: str
    unit: str
    numerator: int | None
    denominator: int | None
    value: Decimal | None = Field(description="比率为百分数（保留4位小数），数量为件数；无数据为 null")
    display: str = Field(description="按报告口径显示的值，如 9.1%")
    source: str = Field(description="computed（计算）、reported（上报）或空（无数据）")
    source_label: str
    reported_value: Decimal | None = Field(description="计算值与上报值并存时的上报值")
    note: str
    definition: DefinitionOut
    definition_version: int


class FiguresOut(Schema):
    region: str
    region_name: str
    period: str
    period_label: str
    start: dt.date
    end: dt.date
    run_id: int | None = Field(description="计算批次；为空表示尚无批次、为实时计算结果（未保存）")
    figures: list[FigureOut]


class RecordsOut(Schema):
    code: str
    part: str
    model: str = Field(description="记录类型，如 reconsideration.reconsiderationcase")
    counted: int = Field(description="该部分统计的记录数")
    ids: list[int] = Field(description="调用人可查看的记录编号（升序）")
    hidden: int = Field(description="不在调用人数据范围内、未列出的记录数")


def _region_period(request, region: str | None, period: str | None):
    user = request.user
    if not selectors.may_view(user):
        raise NotFound(NO_REGION)
    found = selectors.region_for(user, (region or "").strip() or None)
    if found is None:
        raise NotFound(NO_REGION)
    try:
        chosen = periods.parse(period) if period else periods.year(timezone.localdate().year)
    except periods.PeriodError as exc:
        raise ApiError(400, exc.message, code="bad_period", field_errors={"period": exc.message}) from None
    return user, found, chosen


def _figure(row: services.FigureRow) -> dict:
    d = row.definition
    return {
        "code": row.code,
        "name": row.name,
        "unit": row.unit,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "value": row.value,
        "display": row.display,
        "source": row.source,
        "source_label": row.source_label,
        "reported_value": row.reported_value if row.source == "computed" else None,
        "note": row.note,
        "definition": d.as_dict(),
        "definition_version": row.indicator.version,
    }


@router.get(
    "/",
    response={200: FiguresOut, 400: ErrorOut, 404: ErrorOut},
    url_name="indicators",
    summary="地区某期间的指标数值",
)
def figures(request, region: str | None = None, period: str | None = None):
    """每项指标的分子、分母、值、来源（计算/上报）和口径。"""
    _user, found, chosen = _region_period(request, region, period)
    run = services.current_run(found.code, chosen)
    rows = services.figures(found.code, chosen, run=run)
    return {
        "region": found.code,
        "region_name": found.name,
        "period": chosen.key,
        "period_label": chosen.label,
        "start": chosen.start,
        "end": chosen.end,
        "run_id": run.pk if run else None,
        "figures": [_figure(r) for r in rows],
    }


@router.get(
    "/{code}/records",
    response={200: RecordsOut, 400: ErrorOut, 404: ErrorOut},
    url_name="indicator_records",
    summary="一项指标所统计的记录",
)
def records(
    request, code: str, region: str | None = None, period: str | None = None, part: str = "numerator"
):
    """一项计算指标的分子或分母所统计的记录（仅列出调用人数据范围内的）。"""
    user, found, chosen = _region_period(request, region, period)
    if part not in ("numerator", "denominator"):
        raise ApiError(400, "part 只能是 numerator（分子）或 denominator（分母）。", code="bad_part")
    try:
        registry.get(code)
    except registry.UnknownIndicator as exc:
        raise NotFound(exc.message) from None
    row = services.figure(found.code, chosen, code)
    if not row.drillable or (part == "denominator" and row.denominator is None):
        raise NotFound("该指标没有可查看的记录。")
    ids = row.numerator_ids if part == "numerator" else row.denominator_ids
    visible = list(selectors.records(user, row.model_label, ids).values_list("pk", flat=True))
    return {
        "code": code,
        "part": part,
        "model": row.model_label,
        "counted": len(ids),
        "ids": visible,
        "hidden": len(ids) - len(visible),
    }


resources.add_router("indicators", router)
