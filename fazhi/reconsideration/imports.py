"""Excel import of historical 行政复议 cases (``fazhi import reconsideration FILE``, or
``/staff/import/``), declared on the kit (:mod:`fazhi.core.excel.histories`): one row is one case
with its applicant; a case already in the system (the same 案号, or for a row without one the same
organisation, 收件日期, applicant and contested act) is skipped unchanged. The state follows from the
dates and the 决定类型 through the procedure: 不予受理 → 不予受理; a decision and its 审结日期 →
已作出决定 / 已终止 (已送达 with a 送达日期); a 受理日期 alone → 审理中 (the 第六十二条 clock runs);
neither → 受理审查中 (the 5 个工作日 of 第三十条 run). The decision types allowed are those of the law
governing the case, chosen by the 收件日期 (2023 法第九十条; :func:`models.law_version_for`).
"""

from __future__ import annotations

from functools import partial

from fazhi.core.excel import ImportSession, register
from fazhi.core.excel import histories as h
from fazhi.reconsideration.models import (
    ActType,
    Channel,
    DecisionType,
    LawVersion,
    Party,
    PartyKind,
    PartyRole,
    ReconsiderationCase,
    TerminationGround,
    allowed_decisions,
    law_version_for,
)

NO_REQUESTS = "（历史案件导入，未录入行政复议请求）"
NOT_ACCEPTED = "不予受理"
_AMBIGUOUS_REJECT = "驳回"
CLOSING = {NOT_ACCEPTED: "reject", DecisionType.TERMINATED: "terminate"}  # other decisions: decide
# Short forms of the 终止 grounds (2023 法第四十一条); the full wording is accepted too.
TERMINATION_SHORT = {
    "申请人撤回": TerminationGround.WITHDRAWN,
    "申请人死亡": TerminationGround.NO_HEIR,
    "申请人组织终止": TerminationGround.NO_SUCCESSOR,
    "涉嫌犯罪": TerminationGround.CRIMINAL,
    "中止满六十日": TerminationGround.LONG_SUSPENSION,
}


def _decision(row: h.Row) -> str | None:
    """The decision code for the chosen label, checked against the law governing the case."""
    chosen, received = row.values["decision"], row.values["received_on"]
    if received is None:
        return None
    if chosen in (None, NOT_ACCEPTED, DecisionType.TERMINATED):
        return chosen
    version = law_version_for(received)
    if chosen == _AMBIGUOUS_REJECT:
        if version == LawVersion.V2017:
            return DecisionType.REJECT  # 2017 法实施条例第四十八条: 驳回行政复议申请
        row.error(
            "decision",
            "2023年《行政复议法》区分“驳回复议请求”（第六十九条）和“驳回申请”（第三十三条），请写明其一。",
        )
        return None
    allowed = allowed_decisions(version)
    if chosen not in allowed:
        names = "、".join(DecisionType(c).label for c in allowed)
        row.error(
            "decision",
            f"收件日期适用{LawVersion(version).label}，不能作出“{DecisionType(chosen).label}”决定。"
            f"可选：{names}、终止、不予受理。",
        )
        return None
    return chosen


def _rules(row: h.Row) -> None:
    """What the law decides: the decision the governing law allows, what 不予受理 and 终止 need, the
    applicant and respondent as parties. (A 案号 written is kept and a blank one numbered by the kit:
    the case's ``number_series``, fazhi.core.excel.histories.)"""
    values, case = row.values, row.record
    decision = values["decision"] = _decision(row)
    if values["termination_ground"] and decision != DecisionType.TERMINATED:
        row.error("termination_ground", "只有决定类型为“终止”的案件才填写终止理由。")
    if decision == NOT_ACCEPTED:
        for column in ("accepted_on", "served_on"):
            if values[column]:
                row.error(column, f"不予受理的案件不填{row.session.kind.column(column).header}。")
        case.decided_on = None
    elif not decision:
        row.until = "reviewing" if values["accepted_on"] else None  # 审理中 (副本 and 答复 inferred)
    else:
        case.decision_type = decision
        if not values["accepted_on"]:
            row.error("accepted_on", "已作出决定或终止的案件须填写受理日期。")
        if decision == DecisionType.TERMINATED and not values["termination_ground"]:
            row.error(
                "termination_ground",
                f"决定类型为“终止”时须填写终止理由，可选：{'、'.join(TERMINATION_SHORT)}。",
            )
    case.requests = case.requests or NO_REQUESTS
    case.act_type = case.act_type or ActType.OTHER
    case.applicant_names = (values["applicant_name"] or "")[:300]

    row.party(Party, "applicant", exclude=["case", "represents"], case=case, role=PartyRole.APPLICANT)
    respondent = Party(
        case=case, role=PartyRole.RESPONDENT, kind=PartyKind.ORGANISATION, name=case.respondent_name
    )
    row.children.append(respondent)


def case_key(values: dict, session: ImportSession) -> tuple | None:
    """What makes a row without a 案号 the same case as another: organisation, 收件日期, applicant
    and the contested act (a row with a 案号 is matched by it, by the kit)."""
    applicant = (values["applicant_name"] or "")[:300]
    facts = {"received_on": values["received_on"], "applicant_names": applicant}
    org = h.row_organisation(values, session)
    return (("organisation", org), *facts.items(), ("act_description", values["act_description"]))


col = partial(h.field_column, ReconsiderationCase)
HISTORY = (
    h.Step("received_on", "register"),
    h.Step("accepted_on", "accept"),
    h.Step(
        "decided_on",
        lambda v: CLOSING.get(v["decision"], "decide"),
        inputs={"decision_type": "decision", "ground": "termination_ground"},
    ),
    h.Step("served_on", "serve"),
)
RECONSIDERATION = register(
    h.history_kind(
        model=ReconsiderationCase,
        name="reconsideration",
        title="行政复议案件",
        description="导入历史行政复议案件（每行一件，含申请人），按填写的日期和决定类型落到相应办理状态。",
        notes=(
            "办理状态由日期和决定类型决定：只填收件日期为“受理审查中”；填了受理日期为“审理中”；"
            "填了决定类型和审结日期为“已作出决定”或“已终止”，再填送达日期为“已送达”；"
            "决定类型填“不予受理”（不填受理日期）为“不予受理”。",
            "决定类型按收件日期适用的法律核对：2024年1月1日前收到的申请适用2017年《行政复议法》"
            "（维持、履行、撤销、部分撤销、变更、确认违法、驳回行政复议申请、调解书），"
            "之后适用2023年《行政复议法》（另有驳回复议请求、驳回申请、确认无效，不再有“驳回行政复议申请”）。",
            "案号不填时按承办单位和收件年度自动编号，排在已有案号之后。",
        ),
        columns=(
            col(
                "case_number",
                identifier=True,
                required=False,
                help="如“东区司法复〔2022〕12号”；不填则自动生成。",
                example="东区司法复〔2022〕12号",
                width=24,
            ),
            h.organisation_column("承办单位", "行政复议机构所在单位", "东区司法局"),
            col(
                "received_on",
                header="收件日期",
                help="收到行政复议申请的日期，如 2022-03-05；决定适用哪一版《行政复议法》。",
                example="2022-03-05",
            ),
            col(
                "channel",
                header="渠道",
                aliases={"网上": Channel.ONLINE, "当面": Channel.IN_PERSON, "口头": Channel.ORAL},
                example="当面递交",
            ),
            *h.party_columns(Party, "applicant", "申请人"),
            col("respondent_name", example="东区市场监督管理局", width=20),
            col("act_type", required=False, help="不填视为“其他行政行为”。", example="行政处罚"),
            col(
                "act_description",
                help="被申请的行政行为，如文书名称和文号。",
                example="东市监罚〔2022〕15号行政处罚决定",
                width=30,
            ),
            col("requests", required=False, help="可不填。", example="请求撤销该行政处罚决定。", width=24),
            col("accepted_on", help="已受理的案件填写；不予受理的不填。", example="2022-03-09"),
            col(
                "simple_procedure",
                header="是否简易程序",
                help="不填视为“否”。简易程序自2024年1月1日起施行（2023年《行政复议法》第五十三条）。",
                example="否",
            ),
            col(
                "decided_on",
                header="审结日期",
                help="作出行政复议决定、终止或不予受理决定的日期。",
                example="2022-04-28",
            ),
            col(
                "decision_type",
                key="decision",
                header="决定类型",
                labels={**{lb: c for c, lb in DecisionType.choices}, NOT_ACCEPTED: NOT_ACCEPTED},
                aliases={
                    _AMBIGUOUS_REJECT: _AMBIGUOUS_REJECT,
                    "调解": DecisionType.MEDIATION,
                    "终止审理": DecisionType.TERMINATED,
                    "行政复议终止": DecisionType.TERMINATED,
                    "履行": DecisionType.ORDER_PERFORMANCE,
                    "责令履行法定职责": DecisionType.ORDER_PERFORMANCE,
                },
                help="须是收件日期适用的《行政复议法》规定的决定类型；2017年法的“驳回”可写作“驳回”。",
                example="维持",
            ),
            col(
                "termination_ground",
                header="终止理由",
                labels=TERMINATION_SHORT,
                aliases={
                    **{label: code for code, label in TerminationGround.choices},
                    "撤回": TerminationGround.WITHDRAWN,
                    "撤回申请": TerminationGround.WITHDRAWN,
                },
                help="决定类型为“终止”时必填（2023年《行政复议法》第四十一条）。",
                example="申请人撤回",
            ),
            col("served_on", help="决定书或终止通知书的送达日期，可不填。", example="2022-05-06"),
        ),
        history=HISTORY,
        requires=(
            ("decision", "decided_on", "决定或终止的日期"),
            ("decided_on", "decision"),
            ("served_on", "decided_on"),
        ),
        rules=_rules,
        key=case_key,
        key_label="承办单位、收件日期、申请人和被申请行为",
        exclude=("query_code",),
    )
)
