"""Excel import of historical 行政复议 cases (``fazhi import reconsideration FILE``, or the staff
screen ``/staff/import/``).

One row is one case with its applicant. Every row is checked, every column of it at once (Chinese
errors naming the row and column); if any row fails nothing is imported
(:func:`fazhi.core.excel.run_import`). A row whose case is already in the system — the same 案号,
or for a row without one the same organisation, 收件日期, applicant and contested act — is skipped
and the stored case left unchanged (its later steps are taken in the system), so importing a file
twice never doubles it. The rows that pass are loaded in one batch with their past replayed
through the procedure (:func:`fazhi.core.workflow.replay.replay_many`: status written by the
engine, transition log marked 历史数据导入, clocks started and stopped on the rows' dates, one
audit row naming the source). The state a case lands in follows from the dates and the outcome:

- 决定类型 “不予受理” → 不予受理 (``rejected``; the 审结日期 is the date of that decision);
- a 决定类型 and 审结日期 → 已作出决定 / 已终止, or 已送达 when a 送达日期 is given;
- only a 受理日期 → 审理中 (the decision clock runs from the 受理日期, 《行政复议法》第六十二条);
- neither → 受理审查中 (the 5 个工作日 review clock runs from the 收件日期, 第三十条).

The decision types allowed depend on the law governing the case, chosen by the 收件日期 (2023 法第九十条:
cases received before 2024-01-01 follow the 2017 text, :func:`models.law_version_for`). The import
needs an actor (the staff member importing, or ``--actor`` on the command line): the transition
log names who took each step.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Max

from fazhi.core.dates import written_date
from fazhi.core.excel import Column, ImportKind, ImportSession, RowProblem, register
from fazhi.core.excel import parsers as p
from fazhi.core.excel.cells import parse_date, resolve_organisation
from fazhi.core.models import Organisation
from fazhi.core.workflow import replay
from fazhi.reconsideration import workflow
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
    format_case_number,
    law_version_for,
)
from fazhi.reconsideration.services import case_number_prefix

SOURCE = "Excel导入：历史行政复议案件"
NOTE = "历史数据导入"
IMPORT_ROLES = ("officer", "reviewer", "supervisor")
NO_REQUESTS = "（历史案件导入，未录入行政复议请求）"

# --- cell parsers ---------------------------------------------------------------------------------


def default_organisation(actor, column: str) -> Organisation:
    if actor is not None and getattr(actor, "organisation_id", None):
        return actor.organisation
    raise RowProblem("必填，不能为空。", column)


# --- choices ----------------------------------------------------------------------------------------

CHANNELS = {label: code for code, label in Channel.choices}
_CHANNEL_INPUT = {**CHANNELS, "网上": Channel.ONLINE, "当面": Channel.IN_PERSON, "口头": Channel.ORAL}

APPLICANT_KINDS = {"自然人": PartyKind.PERSON, "法人或者其他组织": PartyKind.ORGANISATION}
_APPLICANT_KIND_INPUT = {
    **APPLICANT_KINDS,
    "公民": PartyKind.PERSON,
    "个人": PartyKind.PERSON,
    "法人": PartyKind.ORGANISATION,
    "其他组织": PartyKind.ORGANISATION,
    "法人或其他组织": PartyKind.ORGANISATION,
    "单位": PartyKind.ORGANISATION,
}

ACT_TYPES = {label: code for code, label in ActType.choices}

NOT_ACCEPTED = "不予受理"
_AMBIGUOUS_REJECT = "驳回"
DECISION_LABELS = (*(label for _, label in DecisionType.choices), NOT_ACCEPTED)
_DECISION_INPUT = {
    **{label: code for code, label in DecisionType.choices},
    NOT_ACCEPTED: NOT_ACCEPTED,
    _AMBIGUOUS_REJECT: _AMBIGUOUS_REJECT,
    "调解": DecisionType.MEDIATION,
    "终止审理": DecisionType.TERMINATED,
    "行政复议终止": DecisionType.TERMINATED,
    "履行": DecisionType.ORDER_PERFORMANCE,
    "责令履行法定职责": DecisionType.ORDER_PERFORMANCE,
}

# Short forms of the 终止 grounds (2023 法第四十一条); the full wording is accepted too.
TERMINATION_SHORT = {
    "申请人撤回": TerminationGround.WITHDRAWN,
    "申请人死亡": TerminationGround.NO_HEIR,
    "申请人组织终止": TerminationGround.NO_SUCCESSOR,
    "涉嫌犯罪": TerminationGround.CRIMINAL,
    "中止满六十日": TerminationGround.LONG_SUSPENSION,
}
_TERMINATION_INPUT = {
    **TERMINATION_SHORT,
    **{label: code for code, label in TerminationGround.choices},
    "撤回": TerminationGround.WITHDRAWN,
    "撤回申请": TerminationGround.WITHDRAWN,
}


# --- one row ----------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[〔\[（(【]\s*(\d{4})\s*[〕\]）)】]\s*第?\s*(\d+)\s*号")


def _decision(values: dict, version: str, errors: dict) -> str | None:
    """The decision code for the chosen label, checked against the law governing the case."""
    chosen = values["decision"]
    if chosen in (None, NOT_ACCEPTED, DecisionType.TERMINATED):
        return chosen
    if chosen == _AMBIGUOUS_REJECT:
        if version == LawVersion.V2017:
            return DecisionType.REJECT  # 2017 法实施条例第四十八条: 驳回行政复议申请
        errors["decision"] = (
            "2023年《行政复议法》区分“驳回复议请求”（第六十九条）和“驳回申请”（第三十三条），请写明其一。"
        )
        return None
    allowed = allowed_decisions(version)
    if chosen not in allowed:
        names = "、".join(DecisionType(c).label for c in allowed)
        errors["decision"] = (
            f"收件日期适用{LawVersion(version).label}，不能作出“{DecisionType(chosen).label}”决定。"
            f"可选：{names}、终止、不予受理。"
        )
        return None
    return chosen


def _steps(values: dict, decision: str | None, errors: dict) -> tuple[str, list[tuple]]:
    """The final state and the steps (transition, legal date, inputs) that led there. Steps the file
    does not record (发送副本, 收到答复 before a decision) are inferred by the replay, dated with the
    next date the row gives (:mod:`fazhi.core.workflow.replay`)."""
    received, accepted = values["received_on"], values["accepted_on"]
    decided, served = values["decided_on"], values["served_on"]
    ground = values["termination"]
    steps = [("register", received, {})]
    if accepted and received and accepted < received:
        errors["accepted_on"] = f"受理日期不能早于收件日期（{written_date(received)}）。"
    if ground and decision != DecisionType.TERMINATED:
        errors["termination"] = "只有决定类型为“终止”的案件才填写终止理由。"
    if served and not decided:
        errors["served_on"] = "没有审结日期的案件不能填写送达日期。"

    if values["decision"] is None:
        if decided:
            errors["decision"] = "填写了审结日期，须同时填写决定类型。"
        if accepted:
            steps.append(("accept", accepted, {}))
            return "reviewing", steps
        return "review", steps

    if not decided:
        errors["decided_on"] = "填写了决定类型，须同时填写审结日期（决定或终止的日期）。"
    if decision == NOT_ACCEPTED:
        if accepted:
            errors["accepted_on"] = "不予受理的案件不填受理日期。"
        if served:
            errors["served_on"] = "不予受理的案件不填送达日期。"
        if decided and received and decided < received:
            errors["decided_on"] = f"不予受理决定的日期不能早于收件日期（{written_date(received)}）。"
        steps.append(("reject", decided, {}))
        return "rejected", steps

    if not accepted:
        errors["accepted_on"] = "已作出决定或终止的案件须填写受理日期。"
    elif decided and decided < accepted:
        errors["decided_on"] = f"审结日期不能早于受理日期（{written_date(accepted)}）。"
    if served and decided and served < decided:
        errors["served_on"] = f"送达日期不能早于审结日期（{written_date(decided)}）。"
    if accepted:
        steps.append(("accept", accepted, {}))
    if decision == DecisionType.TERMINATED:
        if not ground:
            errors["termination"] = (
                f"决定类型为“终止”时须填写终止理由，可选：{'、'.join(TERMINATION_SHORT)}。"
            )
        steps.append(("terminate", decided, {"ground": ground}))
        state = "terminated"
    else:
        steps.append(("decide", decided, {"decision_type": decision}))
        state = "decided"
    if served:
        steps.append(("serve", served, {}))
        state = "served"
    return state, steps


_CASE_FIELD_COLUMNS = {
    "received_on": "received_on",
    "channel": "channel",
    "respondent_name": "respondent",
    "act_type": "act_type",
    "act_description": "act_description",
    "requests": "requests",
    "simple_procedure": "simple",
    "case_number": "case_number",
}
_PARTY_FIELD_COLUMNS = {"name": "applicant_name", "id_number": "applicant_id", "uscc": "applicant_id"}


def _organisation(values: dict, session: ImportSession) -> Organisation:
    if values["organisation"]:
        return resolve_organisation(values["organisation"], session.actor, "organisation")
    return default_organisation(session.actor, "organisation")


def _number(text: str) -> tuple[int, int] | None:
    """(year, serial) of a 案号 such as "XX复〔2022〕12号"; None when it has neither."""
    match = _NUMBER.search(unicodedata.normalize("NFKC", text))
    return (int(match.group(1)), int(match.group(2))) if match else None


def case_key(values: dict, session: ImportSession) -> tuple | None:
    """What makes a row the same case as another: its 案号 (organisation, year, serial), or — for a
    row without one — organisation, 收件日期, applicant and the contested act."""
    org = _organisation(values, session)
    if values["case_number"]:
        number = _number(values["case_number"])
        return ("number", org.pk, *number) if number else None
    applicant = (values["applicant_name"] or "")[:300]
    return ("facts", org.pk, values["received_on"], applicant, values["act_description"])


def existing_case(key: tuple, session: ImportSession) -> ReconsiderationCase | None:
    if key[0] == "number":
        _, org, year, serial = key
        found = ReconsiderationCase.objects.filter(organisation_id=org, case_year=year, case_serial=serial)
    else:
        _, org, received, applicant, act = key
        found = ReconsiderationCase.objects.filter(
            organisation_id=org, received_on=received, applicant_names=applicant, act_description=act
        )
    return found.order_by("pk").first()


def save_case(values: dict, session: ImportSession) -> ReconsiderationCase | None:
    """Check one row (every column at once) and keep it for :func:`finish_cases`. Values of cells
    that did not parse are None here (``check_partial_rows``): checks needing them are skipped."""
    errors: dict[str, str] = {}
    try:
        org = _organisation(values, session)
    except RowProblem as exc:
        org, errors[exc.column] = None, exc.message
    received = values["received_on"]
    version = law_version_for(received) if received else None
    decision = _decision(values, version, errors) if version else None
    state, steps = _steps(values, decision, errors)

    case = ReconsiderationCase(
        organisation=org,
        region_code=org.region_id if org else "",
        status=state,
        case_number=values["case_number"] or "",
        channel=values["channel"] or "",
        received_on=received,
        applicant_names=(values["applicant_name"] or "")[:300],
        respondent_name=values["respondent"] or "",
        act_type=values["act_type"] or ActType.OTHER,
        act_description=values["act_description"] or "",
        requests=values["requests"] or NO_REQUESTS,
        simple_procedure=bool(values["simple"]),
    )
    if state != "rejected":
        case.accepted_on = values["accepted_on"]
    if decision and decision != NOT_ACCEPTED:
        case.decision_type = decision
        case.decided_on = values["decided_on"]
        case.served_on = values["served_on"]
        if decision == DecisionType.TERMINATED:
            case.termination_ground = values["termination"] or ""

    # The case number: "XX复〔2022〕12号" kept as written, its year and serial unique per organisation
    # (a number already in the system or earlier in the file is found by the import's key).
    if case.case_number:
        number = _number(case.case_number)
        if not number:
            errors["case_number"] = "案号应含〔年份〕和序号，如“东区司法复〔2022〕12号”；不填则自动生成。"
        else:
            case.case_year, case.case_serial = number

    excluded = ["query_code"] + (["case_number", "status"] if not case.case_number else [])
    excluded += [f for f, col in _CASE_FIELD_COLUMNS.items() if col in session.unparsed or col in errors]
    if org is None:
        excluded += ["organisation", "region_code"]
    try:
        case.full_clean(exclude=excluded, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(_CASE_FIELD_COLUMNS.get(field, field), "".join(messages))

    kind = values["applicant_kind"] or PartyKind.PERSON
    ident = values["applicant_id"] or ""
    applicant = Party(
        role=PartyRole.APPLICANT,
        kind=kind,
        name=values["applicant_name"] or "",
        id_number=ident if kind == PartyKind.PERSON else "",
        uscc=ident if kind == PartyKind.ORGANISATION else "",
    )
    try:
        applicant.full_clean(exclude=["case", "represents"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            column = _PARTY_FIELD_COLUMNS.get(field, "applicant_name")
            if column not in session.unparsed:
                errors.setdefault(column, "".join(messages))
    respondent = Party(role=PartyRole.RESPONDENT, kind=PartyKind.ORGANISATION, name=case.respondent_name)

    if not errors and not session.unparsed:
        try:  # the steps must be a path of the procedure (they are, when the dates above are right)
            replay.plan(workflow.PROCEDURE, steps, until=state)
        except replay.HistoryRefused as exc:
            errors[NON_FIELD_ERRORS] = f"办理经过不符合程序：{exc.message}"
    if errors:
        raise ValidationError(errors)
    if session.unparsed:
        return None
    session.state.setdefault("rows", []).append((case, [applicant, respondent], steps))
    return case


# --- after every row passed: number, load with history and clocks, parties ----------------------------


def _assign_numbers(cases: list[ReconsiderationCase]) -> None:
    """Blank 案号 get the next serials of their organisation and year, after every number in use
    (in the database or written in the file). The organisation row is locked while numbering, as
    :func:`services.next_case_serial` does for a single registration."""
    last: dict[tuple[int, int], int] = {}
    for case in cases:
        if case.case_number:
            key = (case.organisation_id, case.case_year)
            last[key] = max(last.get(key, 0), case.case_serial)
    loaded: set[tuple[int, int]] = set()
    for case in cases:
        if case.case_number:
            continue
        year = case.received_on.year
        key = (case.organisation_id, year)
        if key not in loaded:
            Organisation.objects.select_for_update().filter(pk=case.organisation_id).first()
            in_db = ReconsiderationCase.objects.filter(
                organisation_id=case.organisation_id, case_year=year
            ).aggregate(n=Max("case_serial"))["n"]
            last[key] = max(last.get(key, 0), in_db or 0)
            loaded.add(key)
        last[key] += 1
        case.case_year, case.case_serial = year, last[key]
        case.case_number = format_case_number(case_number_prefix(case.organisation), year, last[key])


def finish_cases(session: ImportSession) -> None:
    """Load the cases with their past replayed through the procedure (transition log marked
    历史数据导入, clocks as the steps started and stopped them), then their parties."""
    rows = session.state.get("rows", [])
    cases = [case for case, _, _ in rows]
    _assign_numbers(cases)
    created = replay.replay_many(
        ReconsiderationCase,
        [replay.History(case, steps) for case, _, steps in rows],
        actor=session.actor,
        source=SOURCE,
        note=NOTE,
    )
    parties = []
    for case, (_, people, _) in zip(created, rows, strict=True):
        for party in people:
            party.case = case
            parties.append(party)
    Party.objects.bulk_create(parties)


RECONSIDERATION = register(
    ImportKind(
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
            "承办单位不填时为导入人所在单位；只能导入本人数据范围内单位的案件。",
            "同一案件不会重复导入：案号相同（不填案号时，承办单位、收件日期、申请人和被申请行为都相同）的案件"
            "已在系统中的，该行跳过，已有案件不作修改（其后的办理请在系统中进行）；同一文件中出现两次的，报错。",
            "办理经过按《行政复议法》规定的程序记入办理记录：文件未记载的中间环节（如发送申请书副本、收到答复）"
            "按其后的日期推定记入并标明“推定”。",
        ),
        columns=(
            Column(
                "case_number",
                "案号",
                identifier=True,
                parse=p.text(80),
                help="如“东区司法复〔2022〕12号”；不填则自动生成。",
                example="东区司法复〔2022〕12号",
                width=24,
            ),
            Column(
                "organisation",
                "承办单位",
                parse=p.text(120),
                help="行政复议机构所在单位全称；同名单位写成“区划代码:单位名称”。不填为导入人所在单位。",
                example="东区司法局",
                width=20,
            ),
            Column(
                "received_on",
                "收件日期",
                required=True,
                parse=parse_date,
                help="收到行政复议申请的日期，如 2022-03-05；决定适用哪一版《行政复议法》。",
                example="2022-03-05",
                width=14,
            ),
            Column(
                "channel",
                "渠道",
                required=True,
                parse=p.choice(_CHANNEL_INPUT),
                choices=tuple(CHANNELS),
                example="当面递交",
                width=12,
            ),
            Column(
                "applicant_name",
                "申请人姓名/名称",
                required=True,
                parse=p.text(200),
                example="张三",
                width=16,
            ),
            Column(
                "applicant_kind",
                "申请人类型",
                parse=p.choice(_APPLICANT_KIND_INPUT),
                choices=tuple(APPLICANT_KINDS),
                help="不填视为“自然人”。",
                example="自然人",
                fields=("kind",),
                width=16,
            ),
            Column(
                "applicant_id",
                "申请人证件号码",
                identifier=True,
                parse=p.code,
                help="自然人填18位公民身份号码，法人或者其他组织填18位统一社会信用代码；按国家标准校验，可不填。",
                example="11010519491231002X",
                fields=("id_number", "uscc"),
                width=22,
            ),
            Column(
                "respondent",
                "被申请人",
                required=True,
                parse=p.text(200),
                example="东区市场监督管理局",
                fields=("respondent_name",),
                width=20,
            ),
            Column(
                "act_type",
                "被申请行为类型",
                parse=p.choice(ACT_TYPES),
                choices=tuple(ACT_TYPES),
                help="不填视为“其他行政行为”。",
                example="行政处罚",
                width=16,
            ),
            Column(
                "act_description",
                "被申请行为",
                required=True,
                parse=p.text(2000),
                help="被申请的行政行为，如文书名称和文号。",
                example="东市监罚〔2022〕15号行政处罚决定",
                width=30,
            ),
            Column(
                "requests",
                "行政复议请求",
                parse=p.text(4000),
                help="可不填。",
                example="请求撤销该行政处罚决定。",
                width=24,
            ),
            Column(
                "accepted_on",
                "受理日期",
                parse=parse_date,
                help="已受理的案件填写；不予受理的不填。",
                example="2022-03-09",
                width=14,
            ),
            Column(
                "simple",
                "是否简易程序",
                parse=p.yes_no,
                choices=("是", "否"),
                help="不填视为“否”。简易程序自2024年1月1日起施行（2023年《行政复议法》第五十三条）。",
                example="否",
                fields=("simple_procedure",),
                width=14,
            ),
            Column(
                "decided_on",
                "审结日期",
                parse=parse_date,
                help="作出行政复议决定、终止或不予受理决定的日期。",
                example="2022-04-28",
                width=14,
            ),
            Column(
                "decision",
                "决定类型",
                parse=p.choice(_DECISION_INPUT),
                choices=DECISION_LABELS,
                help="须是收件日期适用的《行政复议法》规定的决定类型；2017年法的“驳回”可写作“驳回”。",
                example="维持",
                fields=("decision_type",),
                width=16,
            ),
            Column(
                "termination",
                "终止理由",
                parse=p.choice(_TERMINATION_INPUT),
                choices=tuple(TERMINATION_SHORT),
                help="决定类型为“终止”时必填（2023年《行政复议法》第四十一条）。",
                example="申请人撤回",
                fields=("termination_ground",),
                width=16,
            ),
            Column(
                "served_on",
                "送达日期",
                parse=parse_date,
                help="决定书或终止通知书的送达日期，可不填。",
                example="2022-05-06",
                width=14,
            ),
        ),
        save_row=save_case,
        finish=finish_cases,
        roles=IMPORT_ROLES,
        check_partial_rows=True,
        needs_actor=True,
        key=case_key,
        existing=existing_case,
        key_label="案号，或承办单位、收件日期、申请人和被申请行为",
    )
)
