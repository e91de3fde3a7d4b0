"""Excel import of 行政执法's published lists (数据导入, or ``fazhi import``): the 权责清单, the 裁量基准
and the 免罚清单 of a department at once, from the tables it published. A row already stored (same
unit and the same item) is skipped, never doubled; every error of a file is reported at once and
nothing is imported on any error."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from fazhi.core import records
from fazhi.core.excel import Column, ImportKind, ImportSession, register
from fazhi.core.excel import parsers as p
from fazhi.core.excel.cells import parse_any_date, parse_date
from fazhi.enforcement.imports import _organisation
from fazhi.enforcement.models_lists import (
    Circumstance,
    DiscretionStandard,
    ExemptionKind,
    ExemptionListItem,
    PenaltyKind,
    PowerItem,
    PowerLevel,
    PowerType,
)
from fazhi.enforcement.views import KEEPERS

UNIT_HELP = "单位全称；不填为导入人所在单位。"


def _labels(choices) -> dict:
    return {label: value for value, label in choices.choices}


def _amount(value: str) -> Decimal:
    try:
        amount = Decimal(value.strip().removesuffix("元").replace(",", ""))
    except InvalidOperation:
        raise ValidationError(f"“{value}”不是金额。") from None
    if amount < 0:
        raise ValidationError("金额不能为负数。")
    return amount


def _unit_column(label: str) -> Column:
    return Column(
        "organisation", label, parse=p.text(120), help=UNIT_HELP, example="东区市场监督管理局", width=22
    )


def _found(model, session: ImportSession, organisation: str, **fields):
    found = model.objects.filter(**fields)
    if organisation:
        found = found.filter(organisation__name=organisation)
    elif session.actor is not None:
        found = found.filter(organisation_id=session.actor.organisation_id)
    return found.order_by("pk").first()


def _create(model, values: dict, session: ImportSession, names: tuple[str, ...]):
    data = {n: values[n] if values[n] is not None else "" for n in names}
    data = {n: (None if v == "" and model._meta.get_field(n).null else v) for n, v in data.items()}
    return records.record_create(
        model, actor=session.actor, organisation=_organisation(values, session), data=data
    )


# --- 权责清单 ---------------------------------------------------------------------------------------

POWER_FIELDS = ("power_type", "code", "name", "legal_basis", "level", "duties", "published_on")

POWERS = register(
    ImportKind(
        name="enforcement-powers",
        title="权责清单",
        description="导入已公布的权责清单（每行一个事项）。",
        notes=(
            "实施主体、权力类型和事项名称都相同的事项已在系统中的，该行跳过；公布后的修改请在页面上作动态调整。",
        ),
        columns=(
            Column(
                "power_type",
                "权力类型",
                required=True,
                parse=p.choice(_labels(PowerType)),
                example="行政处罚",
            ),
            Column("code", "事项编码", parse=p.text(40), identifier=True),
            Column(
                "name", "事项名称", required=True, parse=p.text(200), example="对无证经营的行政处罚", width=30
            ),
            Column("legal_basis", "设定依据", required=True, parse=p.text(3000), width=30),
            _unit_column("实施主体"),
            Column(
                "level",
                "行使层级",
                parse=p.choice(_labels(PowerLevel)),
                help="省级、市级、县级或者乡级；不填为县级。",
            ),
            Column("duties", "责任事项", parse=p.text(3000), width=30),
            Column("published_on", "公布日期", parse=parse_date, help="清单公布的日期；尚未公布的不填。"),
        ),
        save_row=lambda values, session: _create(
            PowerItem, {**values, "level": values["level"] or PowerLevel.COUNTY}, session, POWER_FIELDS
        ),
        key=lambda values, session: (values["organisation"] or "", values["power_type"], values["name"]),
        existing=lambda key, session: _found(PowerItem, session, key[0], power_type=key[1], name=key[2]),
        key_label="实施主体、权力类型和事项名称",
        roles=KEEPERS,
    )
)

# --- 裁量基准 ---------------------------------------------------------------------------------------

STANDARD_FIELDS = (
    "violation",
    "violated_provision",
    "penalty_provision",
    "circumstance",
    "circumstance_detail",
    "penalty_kind",
    "min_amount",
    "max_amount",
    "measure",
    "effective_on",
    "expires_on",
)

STANDARDS = register(
    ImportKind(
        name="enforcement-discretion",
        title="行政处罚裁量基准",
        description="导入行政处罚裁量基准（每行一个违法行为的一档情节）。",
        notes=("制定单位、违法行为、情节和施行日期都相同的已在系统中的，该行跳过。",),
        columns=(
            Column("violation", "违法行为", required=True, parse=p.text(300), example="无证经营", width=30),
            Column("violated_provision", "违法条款", required=True, parse=p.text(500), width=24),
            Column("penalty_provision", "处罚依据", required=True, parse=p.text(500), width=24),
            Column(
                "circumstance", "情节", required=True, parse=p.choice(_labels(Circumstance)), example="一般"
            ),
            Column("circumstance_detail", "情节描述", parse=p.text(500)),
            Column(
                "penalty_kind",
                "处罚种类",
                required=True,
                parse=p.choice(_labels(PenaltyKind)),
                help="《行政处罚法》第九条规定的种类。",
                example="罚款、没收违法所得、没收非法财物",
            ),
            Column("min_amount", "罚款下限（元）", parse=_amount, example="1000"),
            Column("max_amount", "罚款上限（元）", parse=_amount, example="5000"),
            Column("measure", "裁量幅度", parse=p.text(500)),
            _unit_column("制定单位"),
            Column("effective_on", "施行日期", required=True, parse=parse_date, example="2025-01-01"),
            Column("expires_on", "废止日期", parse=parse_any_date),
        ),
        save_row=lambda values, session: _create(DiscretionStandard, values, session, STANDARD_FIELDS),
        key=lambda values, session: (
            values["organisation"] or "",
            values["violation"],
            values["circumstance"],
            values["effective_on"],
        ),
        existing=lambda key, session: _found(
            DiscretionStandard, session, key[0], violation=key[1], circumstance=key[2], effective_on=key[3]
        ),
        key_label="制定单位、违法行为、情节和施行日期",
        roles=KEEPERS,
    )
)

# --- 免罚清单 ---------------------------------------------------------------------------------------

EXEMPTION_FIELDS = ("kind", "violation", "legal_basis", "conditions", "effective_on", "expires_on")

EXEMPTIONS = register(
    ImportKind(
        name="enforcement-exemptions",
        title="免罚清单",
        description="导入不予处罚、首违不罚、从轻处罚、减轻处罚清单（每行一个事项）。",
        notes=("制定单位、清单类型和违法行为都相同的已在系统中的，该行跳过。",),
        columns=(
            Column(
                "kind", "清单类型", required=True, parse=p.choice(_labels(ExemptionKind)), example="首违不罚"
            ),
            Column("violation", "违法行为", required=True, parse=p.text(300), width=30),
            Column("legal_basis", "依据", required=True, parse=p.text(500), width=24),
            Column("conditions", "适用条件", required=True, parse=p.text(2000), width=30),
            _unit_column("制定单位"),
            Column("effective_on", "施行日期", required=True, parse=parse_date, example="2025-01-01"),
            Column("expires_on", "废止日期", parse=parse_any_date),
        ),
        save_row=lambda values, session: _create(ExemptionListItem, values, session, EXEMPTION_FIELDS),
        key=lambda values, session: (values["organisation"] or "", values["kind"], values["violation"]),
        existing=lambda key, session: _found(
            ExemptionListItem, session, key[0], kind=key[1], violation=key[2]
        ),
        key_label="制定单位、清单类型和违法行为",
        roles=KEEPERS,
    )
)
