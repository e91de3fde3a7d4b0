"""Excel import of 行政执法's registers (数据导入 on the staff pages, or ``fazhi import``): the
执法人员 of a county at once, from the list each department keeps — one row per person, the
certificate's dates as printed on it (past or future). A row already stored (same 执法主体, 姓名 and
证件编号) is skipped, never doubled; every error of a file is reported at once."""

from __future__ import annotations

from fazhi.core import records
from fazhi.core.excel import Column, ImportKind, ImportSession, RowProblem, register
from fazhi.core.excel import parsers as p
from fazhi.core.excel.cells import parse_any_date, parse_date, resolve_organisation
from fazhi.enforcement.models import (
    BodyBasis,
    CertificateKind,
    EnforcementBody,
    EnforcementOfficer,
    ExamResult,
)
from fazhi.enforcement.views import KEEPERS


def _organisation(values: dict, session: ImportSession, column: str = "organisation"):
    if values[column]:
        return resolve_organisation(values[column], session.actor, column)
    if session.actor is not None and getattr(session.actor, "organisation_id", None):
        return session.actor.organisation
    raise RowProblem("必填，不能为空。", column)


def _int(value: str) -> int:
    from django.core.exceptions import ValidationError

    try:
        number = int(value.strip().removesuffix("学时"))
    except ValueError:
        raise ValidationError(f"“{value}”不是整数。") from None
    if number < 0:
        raise ValidationError("不能为负数。")
    return number


def officer_key(values: dict, session: ImportSession) -> tuple:
    return (values["organisation"] or "", values["full_name"], values["certificate_number"] or "")


def existing_officer(key: tuple, session: ImportSession):
    organisation, name, number = key
    found = EnforcementOfficer.objects.filter(full_name=name, certificate_number=number)
    if organisation:
        found = found.filter(organisation__name=organisation)
    elif session.actor is not None:
        found = found.filter(organisation_id=session.actor.organisation_id)
    return found.order_by("pk").first()


def save_officer(values: dict, session: ImportSession) -> EnforcementOfficer:
    data = {
        "full_name": values["full_name"],
        "category": values["category"],
        "certificate_kind": values["certificate_kind"] or CertificateKind.ENFORCEMENT,
        "certificate_number": values["certificate_number"] or "",
        "issued_on": values["issued_on"],
        "valid_until": values["valid_until"],
        "left_on": values["left_on"],
        "training_year": values["training_year"],
        "training_hours": values["training_hours"],
        "exam_on": values["exam_on"],
        "exam_result": values["exam_result"] or "",
    }
    return records.record_create(
        EnforcementOfficer, actor=session.actor, organisation=_organisation(values, session), data=data
    )


OFFICERS = register(
    ImportKind(
        name="enforcement-officers",
        title="行政执法人员",
        description="导入行政执法人员及其证件、培训和资格考试情况（每行一人）。",
        notes=(
            "执法主体、姓名和证件编号都相同的人员已在系统中的，该行跳过，已有记录不作修改（在页面上修改）。",
            "证件有效期至可以是将来的日期；尚未取得证件的，证件编号、发证日期和有效期都不填。",
        ),
        columns=(
            Column("full_name", "姓名", required=True, parse=p.text(50), example="王明"),
            Column(
                "organisation",
                "执法主体",
                parse=p.text(120),
                help="单位全称；不填为导入人所在单位。",
                example="东区市场监督管理局",
                width=22,
            ),
            Column("category", "执法类别", required=True, parse=p.text(60), example="市场监管"),
            Column(
                "certificate_kind",
                "证件种类",
                parse=p.choice({label: value for value, label in CertificateKind.choices}),
                help="行政执法证或者行政执法监督证；不填为行政执法证。",
                example="行政执法证",
            ),
            Column(
                "certificate_number", "证件编号", parse=p.text(40), identifier=True, example="45020600123"
            ),
            Column("issued_on", "发证日期", parse=parse_date, example="2024-03-01"),
            Column("valid_until", "证件有效期至", parse=parse_any_date, example="2029-02-28"),
            Column("left_on", "调离或者注销日期", parse=parse_date, help="在岗的不填。"),
            Column("training_year", "培训年度", parse=_int, example="2026"),
            Column("training_hours", "培训学时", parse=_int, example="42"),
            Column("exam_on", "资格考试日期", parse=parse_date, example="2025-11-15"),
            Column(
                "exam_result",
                "考试结果",
                parse=p.choice({label: value for value, label in ExamResult.choices}),
                help="通过、未通过或者缺考。",
            ),
        ),
        save_row=save_officer,
        key=officer_key,
        existing=existing_officer,
        key_label="执法主体、姓名和证件编号",
        roles=KEEPERS,
    )
)


def body_key(values: dict, session: ImportSession) -> tuple:
    return (values["organisation"],)


def existing_body(key: tuple, session: ImportSession):
    return EnforcementBody.objects.filter(organisation__name=key[0]).order_by("pk").first()


def save_body(values: dict, session: ImportSession) -> EnforcementBody:
    entrusted_by = None
    if values["entrusted_by"]:
        entrusted_by = resolve_organisation(values["entrusted_by"], session.actor, "entrusted_by")
    data = {
        "basis_kind": values["basis_kind"],
        "scope": values["scope"],
        "legal_basis": values["legal_basis"],
        "confirmed_on": values["confirmed_on"],
        "entrusted_by": entrusted_by,
        "entrustment_number": values["entrustment_number"] or "",
        "entrusted_until": values["entrusted_until"],
    }
    return records.record_create(
        EnforcementBody, actor=session.actor, organisation=_organisation(values, session), data=data
    )


BODIES = register(
    ImportKind(
        name="enforcement-bodies",
        title="行政执法主体",
        description="导入经确认的行政执法主体（每行一个单位）。",
        notes=("单位已登记为执法主体的，该行跳过。",),
        columns=(
            Column(
                "organisation",
                "执法主体",
                required=True,
                parse=p.text(120),
                example="东区市场监督管理局",
                width=22,
            ),
            Column(
                "basis_kind",
                "主体类别",
                required=True,
                parse=p.choice({label: value for value, label in BodyBasis.choices}),
                example="法定行政机关",
            ),
            Column("scope", "执法职权范围", required=True, parse=p.text(2000), width=30),
            Column("legal_basis", "设定依据", required=True, parse=p.text(2000), width=30),
            Column("confirmed_on", "主体资格确认日期", required=True, parse=parse_date, example="2024-01-10"),
            Column("entrusted_by", "委托机关", parse=p.text(120), help="受委托的组织填写。"),
            Column("entrustment_number", "委托书文号", parse=p.text(60)),
            Column("entrusted_until", "委托期限至", parse=parse_any_date),
        ),
        save_row=save_body,
        key=body_key,
        existing=existing_body,
        key_label="执法主体",
        key_column="organisation",
        roles=KEEPERS,
    )
)
from fazhi.enforcement import imports_lists  # noqa: E402,F401  (权责清单, 裁量基准, 免罚清单)
from fazhi.enforcement import imports_review as _review  # noqa: E402,F401  (报送评查案卷)
