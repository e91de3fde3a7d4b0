"""Excel import of reported figures (``fazhi import reported_figures FILE`` or the staff import
screen): one row is one figure for a region, a period and an indicator, with its source document.

Only 依法治县办 (role ``supervisor``) may use it from the staff screen, and only for regions in their
scope. A row for a region, period and indicator that already has a figure replaces it (the old one
is kept, marked 已被更正). The stated value must agree with its parts to the precision it is stated
in (90.5% for 19/21); a rate must carry both its parts.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from fazhi.core.excel import Column, ImportKind, ImportSession, RowProblem, register
from fazhi.core.excel import parsers as p
from fazhi.core.models import Region
from fazhi.indicators import periods, registry, selectors, services


def parse_period(value: str) -> periods.Period:
    try:
        return periods.parse(value)
    except periods.PeriodError as exc:
        raise ValidationError(exc.message) from None


def parse_indicator(value: str) -> registry.Indicator:
    try:
        return registry.lookup(value)
    except registry.UnknownIndicator as exc:
        raise ValidationError(exc.message) from None


def parse_count(value: str) -> int:
    text = unicodedata.normalize("NFKC", value).strip().replace(",", "").removesuffix("件").removesuffix("人")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"“{value}”不是数字。") from None
    if number != number.to_integral_value() or number < 0:
        raise ValidationError(f"“{value}”应为非负整数。")
    return int(number)


def parse_value(value: str) -> Decimal:
    text = (
        unicodedata.normalize("NFKC", value).strip().replace(",", "").removesuffix("%").removesuffix("万元")
    )
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"“{value}”不是数字（比率填百分数，如 90.5 或 90.5%；金额填万元）。") from None
    if number < 0:
        raise ValidationError("不能为负数。")
    return number


def catalogue_sheet() -> tuple[str, tuple[str, ...], list[tuple]]:
    """The template's 指标目录 sheet: every indicator with its code, name and unit, what it counts,
    its parts and whether it is computed by the platform."""
    rows = []
    for ind in registry.all_indicators():
        d = ind.definition
        parts = "、".join(p.code for p in ind.parts)
        rows.append(
            (
                ind.code,
                ind.name,
                ind.unit,
                registry.domain_title(ind.domain),
                d.numerator,
                d.denominator,
                ind.part_of,
                parts,
                "可只填上报值" if ind.value_only else "",
                "上报" if ind.reported_only else "系统计算（也可上报以作比对）",
                "、".join(ind.aliases),
            )
        )
    header = (
        "指标编码",
        "指标名称",
        "单位",
        "领域",
        "统计内容（分子）",
        "分母",
        "所属总数",
        "组成",
        "填写",
        "来源",
        "又称",
    )
    return "指标目录", header, rows


def _save(values: dict, session: ImportSession):
    actor = session.actor
    region_code = values["region"]
    if not Region.objects.filter(code=region_code).exists():
        raise RowProblem(f"没有区划代码为“{region_code}”的行政区划。", "region")
    if actor is not None and selectors.region_for(actor, region_code) is None:
        raise RowProblem("该区划不在您的数据范围内。", "region")
    indicator = values["indicator"]
    key = (region_code, values["period"].key, indicator.code)
    seen = session.state.setdefault("seen", {})
    if key in seen:
        raise RowProblem(f"与第{seen[key]}行是同一区划、统计期和指标。", "indicator")
    seen[key] = session.row
    try:
        return services.enter_reported_figure(
            actor=actor,
            region_code=region_code,
            period=values["period"],
            code=indicator.code,
            numerator=values["numerator"],
            denominator=values["denominator"],
            value=values["value"],
            source_document=values["source_document"],
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            mapped = {
                {"code": "indicator", "source_document": "source_document"}.get(k, k): v
                for k, v in exc.error_dict.items()
            }
            raise ValidationError(mapped) from None
        raise


KIND = register(
    ImportKind(
        name="reported_figures",
        title="上报指标数据",
        description=(
            "尚未在本平台逐件记录的事项（人民调解、信访、12345热线、政务服务、行政执法、双随机、信用、"
            "规范性文件、重大行政决策、法律顾问、普法等），按来源文件录入统计数；可用的指标见“指标目录”工作表。"
        ),
        columns=(
            Column("region", "区划代码", required=True, parse=p.region_code, example="450206"),
            Column(
                "period",
                "统计期",
                required=True,
                parse=parse_period,
                help="2022、2022Q3、2022-05 或 2021-12-01..2022-11-30",
                example="2022",
                fields=("period_key",),
            ),
            Column(
                "indicator",
                "指标",
                required=True,
                parse=parse_indicator,
                help="指标名称或编码（见“指标目录”工作表）；名称不对时会列出最接近的指标",
                example="三大纠纷调结率",
                fields=("code",),
                width=30,
            ),
            Column(
                "numerator",
                "分子",
                parse=parse_count,
                help="数量指标填该数；比率填分子；金额指标按元填写（或只填上报值，按万元）",
                example="19",
            ),
            Column("denominator", "分母", parse=parse_count, help="比率必填；数量指标不填", example="21"),
            Column(
                "value",
                "上报值",
                parse=parse_value,
                help="来源文件所载数值；比率填百分数；来源只载比率而未载分子分母时只填此列",
                example="90.5",
            ),
            Column(
                "source_document",
                "来源文件",
                required=True,
                parse=p.text(500),
                example="《2022年法治政府建设年度报告》",
                width=40,
            ),
        ),
        save_row=_save,
        roles=selectors.REPORT_ROLES,
        notes=(
            "同一区划、统计期和指标再次导入时，以新数据为准，原数据标记为“已被更正”。",
            "“指标目录”工作表列出全部指标的编码、名称、单位、统计内容和组成；本地新增的指标也在其中。",
        ),
        reference=lambda: [catalogue_sheet()],
    )
)
