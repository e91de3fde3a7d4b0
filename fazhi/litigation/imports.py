"""Excel import of historical 行政应诉 cases (``fazhi import litigation FILE``, or ``/staff/import/``).

One row is one lawsuit at one instance, with its plaintiffs, the hearing (if held) and whether the
defendant's head appeared. Every row is checked, every column of it at once (Chinese errors naming
row and column); if any row fails nothing is imported. A row whose lawsuit (法院 + 案号) is already
in the system is skipped and the stored lawsuit left unchanged, so a file imported twice is not
doubled. Passing rows are loaded in one batch with their past replayed through the procedure
(:func:`fazhi.core.workflow.replay.replay_many`: status written by the engine, transition log
marked 历史数据导入 with inferred steps such as 提交答辩状 marked 推定, the 答辩 and 上诉 clocks
started and stopped on the rows' dates, one audit row naming the source). The state follows from
what is filled in:

- no 收到起诉状日期 → 已登记; only that date → 答辩期 (the 15 日 clock runs, 《行政诉讼法》第六十七条);
- a 开庭日期 → 已开庭;
- a 裁判结果 and 裁判日期: 撤诉 / 调解 → 已结案 (effective on that date, 第六十条、第六十二条);
  a judgment or a ruling that may be appealed, served, whose 上诉期 (判决 15 日 / 裁定 10 日 from
  service, 第八十五条) has not yet run out → 上诉期 (the appeal clock runs); otherwise → 已结案.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from fazhi.core.calendar import services as calendar
from fazhi.core.dates import written_date
from fazhi.core.excel import Column, ImportKind, ImportSession, RowProblem, register
from fazhi.core.excel import parsers as p
from fazhi.core.excel.cells import parse_date, resolve_organisation
from fazhi.core.workflow import replay
from fazhi.litigation import workflow
from fazhi.litigation.models import (
    OUTCOMES,
    Appearance,
    Capacity,
    Hearing,
    Instance,
    Lawsuit,
    Party,
    PartyKind,
    PartyRole,
)

SOURCE = "Excel导入：历史行政应诉案件"
IMPORT_ROLES = ("officer", "reviewer", "supervisor")

_NAME_SEPARATORS = re.compile(r"[、,，;；\n]+")


def names(value: str) -> list[str]:
    """Several names separated by 、 or commas (a name itself may contain spaces)."""
    out = [n.strip() for n in _NAME_SEPARATORS.split(value) if n.strip()]
    too_long = [n for n in out if len(n) > 100]
    if too_long:
        raise ValidationError(f"“{too_long[0][:20]}…”过长，每个名称不能超过100个字。")
    if not out:
        raise ValidationError("至少填写一名原告。")
    return out


INSTANCES = {label: code for code, label in Instance.choices}
PLAINTIFF_KINDS = {label: code for code, label in PartyKind.choices}
_PLAINTIFF_KIND_INPUT = {
    **PLAINTIFF_KINDS,
    "公民": PartyKind.PERSON,
    "个人": PartyKind.PERSON,
    "法人": PartyKind.ORGANISATION,
    "其他组织": PartyKind.ORGANISATION,
    "法人或者其他组织": PartyKind.ORGANISATION,
}
OUTCOME_LABELS = {r.label: code for code, r in OUTCOMES.items()}
_OUTCOME_INPUT = {
    **OUTCOME_LABELS,
    # the same outcomes as written without 判决/裁定 in many ledgers
    **{r.label.removeprefix("判决").removeprefix("裁定"): code for code, r in OUTCOMES.items()},
    "撤诉": "withdrawn",
    "准予撤诉": "withdrawn",
    "调解": "mediated",
}
# Only the heads who count as 负责人 (SPC 2020 provisions art 2; models.HEAD_CAPACITIES) can be entered.
HEAD_LABELS = {Capacity(c).label: c for c in (Capacity.CHIEF, Capacity.DEPUTY, Capacity.DEPUTY_IN_CHARGE)}
_HEAD_INPUT = {
    **HEAD_LABELS,
    "正职": Capacity.CHIEF,
    "副职": Capacity.DEPUTY,
    "分管负责人": Capacity.DEPUTY_IN_CHARGE,
}


def _state(values: dict, instance: str, errors: dict) -> tuple[str, dict, list[tuple]]:
    """The final state, the dates to set on the lawsuit and the steps that led there."""
    received, hearing = values["received_on"], values["hearing_on"]
    judged, served, outcome = values["judged_on"], values["served_on"], values["outcome"]
    today = timezone.localdate()
    dates: dict = {"complaint_received_on": received}
    steps: list[tuple] = []
    if (hearing or judged or outcome) and not received:
        errors["received_on"] = "已开庭或已裁判的案件须填写收到起诉状日期。"
    if received:
        steps.append(("receive", received, {}))
    if hearing:
        if received and hearing < received:
            errors["hearing_on"] = f"开庭日期不能早于收到起诉状日期（{written_date(received)}）。"
        steps.append(("hold_hearing", hearing, {}))  # 提交答辩状 before it is inferred
    if values["head_appeared"] and not hearing:
        errors["head_appeared"] = "负责人出庭须有开庭日期。"
    if values["head_appeared"] and not values["head_capacity"]:
        errors["head_capacity"] = f"负责人出庭时须填写出庭负责人身份，可选：{'、'.join(HEAD_LABELS)}。"
    if served and not judged:
        errors["served_on"] = "没有裁判日期的案件不能填写送达日期。"
    if outcome and not judged:
        errors["judged_on"] = "填写了裁判结果，须同时填写裁判日期。"
    if judged and not outcome:
        errors["outcome"] = "填写了裁判日期，须同时填写裁判结果。"
    if not (outcome and judged):
        state = "heard" if hearing else ("answering" if received else "registered")
        return state, dates, steps

    rule = OUTCOMES[outcome]
    before = hearing or received
    if before and judged and judged < before:
        errors["judged_on"] = (
            f"裁判日期不能早于{'开庭日期' if hearing else '收到起诉状日期'}（{written_date(before)}）。"
        )
    if served and judged and served < judged:
        errors["served_on"] = (
            f"送达日期（{written_date(served)}）不能早于裁判日期（{written_date(judged)}）。"
        )
    dates.update(outcome=outcome, judged_on=judged)
    if not rule.appealable:  # 撤诉、调解: effective at once, no appeal (第六十条、第六十二条)
        dates["effective_on"] = judged
        steps.append(("conclude", judged, {"outcome": outcome, "judged_on": judged}))
        return "closed", dates, steps  # 结案归档 follows (replay: until)
    dates["served_on"] = served
    decided = {"outcome": outcome, "judged_on": judged, **({"served_on": served} if served else {})}
    steps.append(("decide", served or judged, decided))
    if instance == Instance.SECOND:  # 终审: effective on service (《行政诉讼法》第七条)
        dates["effective_on"] = served
        return "closed", dates, steps
    if served:
        days = workflow.APPEAL_JUDGMENT_DAYS if rule.kind == "judgment" else workflow.APPEAL_RULING_DAYS
        due = calendar.due_date(served, days, "day").due
        if due >= today:
            return "appeal_period", dates, steps
        dates["effective_on"] = due + dt.timedelta(days=1)  # 上诉期满未上诉（二审另行导入）
        steps.append(("take_effect", due + dt.timedelta(days=1), {}))
    return "closed", dates, steps


def _organisation(values: dict, session: ImportSession):
    if values["organisation"]:
        return resolve_organisation(values["organisation"], session.actor, "organisation")
    if session.actor is not None and getattr(session.actor, "organisation_id", None):
        return session.actor.organisation
    raise RowProblem("必填，不能为空。", "organisation")


def lawsuit_key(values: dict, session: ImportSession) -> tuple:
    """A lawsuit is its court and case number (unique: ``lawsuit_court_case_number``)."""
    return (values["court"], values["case_number"])


def existing_lawsuit(key: tuple, session: ImportSession) -> Lawsuit | None:
    return Lawsuit.objects.filter(court=key[0], case_number=key[1]).order_by("pk").first()


def save_lawsuit(values: dict, session: ImportSession) -> Lawsuit | None:
    """Check one row (every column at once) and keep it for :func:`finish_lawsuits`. Values of cells
    that did not parse are None here (``check_partial_rows``): checks needing them are skipped."""
    errors: dict[str, str] = {}
    try:
        org = _organisation(values, session)
    except RowProblem as exc:
        org, errors[exc.column] = None, exc.message
    instance = values["instance"] or Instance.FIRST
    state, dates, steps = _state(values, instance, errors)

    plaintiffs = values["plaintiffs"] or []
    lawsuit = Lawsuit(
        organisation=org,
        region_code=org.region_id if org else "",
        status=state,
        court=values["court"] or "",
        case_number=values["case_number"] or "",
        instance=instance,
        plaintiff_summary="、".join(plaintiffs)[:300],
        act_type=values["act_type"] or "",
        act_description=values["act_description"] or "",
        **dates,
    )
    unparsed = {
        f for col in LITIGATION.columns if col.key in session.unparsed for f in (col.key, *col.fields)
    }
    excluded = sorted(unparsed | set(errors) | ({"organisation", "region_code"} if org is None else set()))
    try:
        lawsuit.full_clean(exclude=excluded, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, "".join(messages))
    kind = values["plaintiff_kind"] or PartyKind.PERSON
    parties = [Party(role=PartyRole.PLAINTIFF, kind=kind, name=name) for name in plaintiffs]
    appearance = None
    if values["head_appeared"] and values["head_capacity"]:
        appearance = Appearance(
            person_name=(values["head_name"] or values["head_position"] or "未录入")[:50],
            position=values["head_position"] or "",
            capacity=values["head_capacity"],
        )
    if not errors and not session.unparsed:
        try:  # the steps must be a path of the procedure (they are, when the dates above are right)
            replay.plan(workflow.PROCEDURE, steps, until=state)
        except replay.HistoryRefused as exc:
            errors[NON_FIELD_ERRORS] = f"办理经过不符合程序：{exc.message}"
    if errors:
        raise ValidationError(errors)
    if session.unparsed:
        return None
    session.state.setdefault("rows", []).append((lawsuit, parties, values["hearing_on"], appearance, steps))
    return lawsuit


def finish_lawsuits(session: ImportSession) -> None:
    """Load the lawsuits with their past replayed through the procedure (transition log marked
    历史数据导入; the 答辩 and 上诉 clocks started and stopped on the rows' dates, so an open case runs
    against its clock), then plaintiffs, hearings and who appeared."""
    rows = session.state.get("rows", [])
    created = replay.replay_many(
        Lawsuit,
        [replay.History(r[0], r[-1]) for r in rows],
        actor=session.actor,
        source=SOURCE,
        note="历史数据导入",
    )
    parties, hearings, appearances = [], [], []
    for lawsuit, (_, people, hearing_on, appearance, _) in zip(created, rows, strict=True):
        for party in people:
            party.lawsuit = lawsuit
            parties.append(party)
        if hearing_on:
            hearing = Hearing(lawsuit=lawsuit, hearing_on=hearing_on, held=True)
            hearings.append(hearing)
            if appearance is not None:
                appearances.append((hearing, appearance))
    Party.objects.bulk_create(parties)
    Hearing.objects.bulk_create(hearings)
    for hearing, appearance in appearances:
        appearance.hearing = hearing
    Appearance.objects.bulk_create([a for _, a in appearances])


LITIGATION = register(
    ImportKind(
        name="litigation",
        title="行政应诉案件",
        description="导入历史行政诉讼案件（每行一个审级的一件案件，含原告、开庭和负责人出庭情况）。",
        notes=(
            "办理状态由填写的日期和裁判结果决定：只填收到起诉状日期为“答辩期”；填了开庭日期为“已开庭”；"
            "撤诉、调解结案的为“已结案”；判决或可上诉的裁定，送达后上诉期未满的为“上诉期”，其余为“已结案”。",
            "上诉期自送达之日起计算：判决15日，裁定10日（《行政诉讼法》第八十五条）；上诉期未满的案件请填写送达日期。",
            "负责人是指被诉行政机关的正职、副职负责人和分管副职负责人"
            "（最高人民法院《关于行政机关负责人出庭应诉若干问题的规定》第二条）。",
            "被告单位不填时为导入人所在单位；只能导入本人数据范围内单位的案件。二审案件另起一行，审级填“二审”。",
            "同一案件不会重复导入：法院和案号相同的案件已在系统中的，该行跳过，已有案件不作修改"
            "（其后的办理请在系统中进行）；同一文件中出现两次的，报错。",
            "办理经过按《行政诉讼法》规定的程序记入办理记录：文件未记载的中间环节（如提交答辩状、裁判生效、结案归档）"
            "按其后的日期（没有其后的日期时按最后一个日期）推定记入并标明“推定”。",
        ),
        columns=(
            Column("court", "法院", required=True, parse=p.text(100), example="示范区人民法院", width=20),
            Column(
                "case_number",
                "案号",
                identifier=True,
                required=True,
                parse=p.text(60),
                help="法院案号，同一法院内不能重复。",
                example="（2022）桂0206行初12号",
                width=22,
            ),
            Column(
                "instance",
                "审级",
                parse=p.choice(INSTANCES),
                choices=tuple(INSTANCES),
                help="不填视为“一审”。",
                example="一审",
                width=10,
            ),
            Column(
                "plaintiffs",
                "原告",
                required=True,
                parse=names,
                help="多名原告用顿号或逗号分隔。",
                example="张三、李四",
                fields=("plaintiff_summary",),
                width=20,
            ),
            Column(
                "plaintiff_kind",
                "原告类型",
                parse=p.choice(_PLAINTIFF_KIND_INPUT),
                choices=tuple(PLAINTIFF_KINDS),
                help="不填视为“自然人”。",
                example="自然人",
                width=16,
            ),
            Column(
                "organisation",
                "被告单位",
                parse=p.text(120),
                help="被诉行政机关全称；同名单位写成“区划代码:单位名称”。不填为导入人所在单位。",
                example="东区市场监督管理局",
                width=22,
            ),
            Column(
                "act_type",
                "被诉行为类型",
                required=True,
                parse=p.text(50),
                example="行政处罚",
                width=14,
            ),
            Column(
                "act_description",
                "被诉行为",
                parse=p.text(2000),
                help="被诉行政行为，如文书名称和文号。",
                example="东市监罚〔2022〕15号行政处罚决定",
                width=28,
            ),
            Column(
                "received_on",
                "收到起诉状日期",
                parse=parse_date,
                help="收到起诉状副本的日期，如 2022-03-05。",
                example="2022-03-05",
                fields=("complaint_received_on",),
                width=16,
            ),
            Column("hearing_on", "开庭日期", parse=parse_date, example="2022-04-20", width=14),
            Column(
                "head_appeared",
                "负责人是否出庭",
                parse=p.yes_no,
                choices=("是", "否"),
                help="行政机关负责人是否出庭应诉；不填视为“否”。",
                example="是",
                width=16,
            ),
            Column(
                "head_capacity",
                "出庭负责人身份",
                parse=p.choice(_HEAD_INPUT),
                choices=tuple(HEAD_LABELS),
                help="负责人出庭时必填。",
                example="分管副职负责人",
                width=16,
            ),
            Column("head_name", "出庭负责人姓名", parse=p.text(50), example="王五", width=14),
            Column("head_position", "出庭人职务", parse=p.text(100), example="副局长", width=14),
            Column("judged_on", "裁判日期", parse=parse_date, example="2022-06-10", width=14),
            Column(
                "outcome",
                "裁判结果",
                parse=p.choice(_OUTCOME_INPUT),
                choices=tuple(OUTCOME_LABELS),
                help="判决、裁定或调解结果。",
                example="判决驳回诉讼请求",
                width=18,
            ),
            Column(
                "served_on",
                "送达日期",
                parse=parse_date,
                help="裁判文书送达日期；上诉期自送达之日起计算。",
                example="2022-06-15",
                width=14,
            ),
        ),
        save_row=save_lawsuit,
        finish=finish_lawsuits,
        roles=IMPORT_ROLES,
        check_partial_rows=True,
        needs_actor=True,
        key=lawsuit_key,
        existing=existing_lawsuit,
        key_label="法院和案号",
        key_column="case_number",
    )
)
