"""行政复议的办理程序，as data. Articles are of the 2023 《行政复议法》 unless stated otherwise.

收件 → 登记（受理审查 5 个工作日起算）→ 补正（通知 5 个工作日内一次性发出；补正 10 个工作日，可延长；
补正后重新审查；逾期视为放弃）→ 受理 / 不予受理 → 发送副本（7 / 简易 3 个工作日）→ 答复（10 /
简易 5 个工作日）→ 审理 → 中止 / 恢复 → 延期（≤ 30 日，负责人批准）→ 终止 / 决定（60 / 简易 30 日，
自受理之日起）→ 送达 → 归档.

``uv run fazhi procedures graph reconsideration`` draws it.
"""

from __future__ import annotations

import datetime as dt

from fazhi.core.calendar import services as calendar
from fazhi.core.workflow import engine
from fazhi.core.workflow.registry import register
from fazhi.core.workflow.spec import ClockSpec, Field, Procedure, State, Transition
from fazhi.reconsideration.models import (
    DecisionType,
    LawVersion,
    SuspensionGround,
    TerminationGround,
)

PROCEDURE_NAME = "reconsideration"

# --- clocks ---------------------------------------------------------------------------------------

ACCEPTANCE_REVIEW = ClockSpec(
    code="acceptance_review",
    label="受理审查期限",
    length=5,
    unit="workday",
    article="《行政复议法》第三十条、第八十八条",
    start_label="收到行政复议申请",
)
COMPLETION = ClockSpec(
    code="completion",
    label="补正期限",
    length=10,
    unit="workday",
    article="《行政复议法》第三十一条、第八十八条",
    start_label="收到补正通知",
)
COPY_TO_RESPONDENT = ClockSpec(
    code="copy",
    label="发送申请书副本期限",
    length=7,
    unit="workday",
    article="《行政复议法》第四十八条、第五十四条、第八十八条",
    start_label="受理",
    length_for=lambda case: 3 if case.simple_procedure else 7,  # 简易程序 3 个工作日（第五十四条）
)
ANSWER = ClockSpec(
    code="answer",
    label="被申请人答复期限",
    length=10,
    unit="workday",
    article="《行政复议法》第四十八条、第五十四条、第八十八条",
    start_label="被申请人收到申请书副本",
    length_for=lambda case: 5 if case.simple_procedure else 10,  # 简易程序 5 个工作日（第五十四条）
)
DECISION = ClockSpec(
    code="decision",
    label="作出行政复议决定期限",
    length=60,
    unit="day",
    article="《行政复议法》第六十二条",
    start_label="受理",
    extension_cap=30,  # 经行政复议机构负责人批准，延长期限最多不得超过三十日
    length_for=lambda case: 30 if case.simple_procedure else 60,  # 简易程序 30 日（第六十二条第二款）
)

# --- guards (pure: read the case and the inputs; None = allowed) -----------------------------------


def _fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _history(case, transition: str):
    return engine.history(case).filter(transition=transition)


def _completion_notice_in_time(case, data) -> str | None:
    """第三十一条: 自收到申请之日起五个工作日内一次性书面通知补正."""
    if _history(case, "request_completion").exists():
        return "补正通知应当一次性载明需要补正的全部事项（《行政复议法》第三十一条），本案已通知过补正，不能再次通知。"
    notified = data.get("notified_on")
    if notified is None:
        return None
    last = calendar.due_date(case.received_on, 5, "workday").due
    if notified > last:
        return (
            f"补正通知应当自收到申请之日起五个工作日内发出（《行政复议法》第三十一条），"
            f"本案最迟应于{_fmt(last)}发出，已逾期，请依法作出受理或者不予受理决定。"
        )
    return None


def _completion_overdue(case, data) -> str | None:
    """第三十一条: 无正当理由逾期不补正的，视为放弃行政复议申请."""
    clock = calendar.clocks_for(case).filter(code="completion").order_by("-id").first()
    noted = data.get("noted_on")
    if clock is None or clock.due_date is None or noted is None:
        return None
    if noted <= clock.due_date:
        return f"补正期限至{_fmt(clock.due_date)}届满，期限届满前不能认定视为放弃。"
    return None


def _decision_fits_law(case, data) -> str | None:
    """Decision types differ between the 2017 and 2023 texts; the case's date decides which applies."""
    chosen = data.get("decision_type")
    allowed = case.allowed_decisions
    if chosen and chosen not in allowed:
        version = LawVersion(case.law_version).label
        names = "、".join(DecisionType(c).label for c in allowed)
        return (
            f"本案于{_fmt(case.received_on)}收到申请，适用{version}，"
            f"不能作出“{DecisionType(chosen).label}”决定。可选：{names}。"
        )
    return None


def _extension_allowed(case, data) -> str | None:
    """第六十二条第二款: 简易程序 30 日内作出决定，法律未规定延期；需延期的应先转为普通程序（第五十五条）."""
    if case.simple_procedure:
        return "适用简易程序的案件不能延期（《行政复议法》第六十二条）；确需延期的，请先转为普通程序（第五十五条）。"
    return None


# --- the procedure --------------------------------------------------------------------------------

DECISION_CHOICES = tuple((c.value, c.label) for c in DecisionType if c != DecisionType.TERMINATED)
SUSPENSION_CHOICES = tuple(SuspensionGround.choices)
TERMINATION_CHOICES = tuple(TerminationGround.choices)
REVIEWING = ("accepted", "answering", "reviewing")

PROCEDURE = register(
    Procedure(
        name=PROCEDURE_NAME,
        label="行政复议",
        model="reconsideration.ReconsiderationCase",
        initial="received",
        description="《中华人民共和国行政复议法》（2023年修订）；2024年1月1日前收到的申请适用2017年文本。",
        states=(
            State("received", "已收件", "grey"),
            State("review", "受理审查中", "blue"),
            State("completing", "补正中", "orange"),
            State("accepted", "已受理", "blue"),
            State("answering", "待答复", "blue"),
            State("reviewing", "审理中", "blue"),
            State("suspended", "中止", "purple"),
            State("decided", "已作出决定", "green"),
            State("terminated", "已终止", "grey"),
            State("served", "已送达", "green"),
            State("rejected", "不予受理", "red", terminal=True),
            State("abandoned", "视为放弃", "grey", terminal=True),
            State("archived", "已归档", "grey", terminal=True),
        ),
        transitions=(
            Transition(
                "register",
                "登记收件",
                ("received",),
                "review",
                fields=(Field("received_on", "收到申请日期", "date"),),
                date_field="received_on",
                start_clocks=(ACCEPTANCE_REVIEW,),
                article="《行政复议法》第二十二条、第三十条",
            ),
            Transition(
                "request_completion",
                "通知补正",
                ("review",),
                "completing",
                fields=(
                    Field(
                        "items",
                        "需要补正的全部事项",
                        "textarea",
                        help="一次性载明全部补正事项及合理的补正期限",
                    ),
                    Field("notified_on", "补正通知送达日期", "date"),
                ),
                date_field="notified_on",
                guard=_completion_notice_in_time,
                suspend_clocks=("acceptance_review",),
                start_clocks=(COMPLETION,),
                article="《行政复议法》第三十一条",
            ),
            Transition(
                "extend_completion",
                "延长补正期限",
                ("completing",),
                "completing",
                fields=(
                    Field("days", "延长工作日数", "int"),
                    Field("reason", "正当理由", "textarea"),
                    Field("approver", "批准人", "user"),
                ),
                extend_clock="completion",
                article="《行政复议法》第三十一条",
                style="secondary",
            ),
            Transition(
                "complete",
                "补正材料收齐",
                ("completing",),
                "review",
                fields=(Field("completed_on", "收到补正材料日期", "date"),),
                date_field="completed_on",
                stop_clocks=("completion",),
                restart_clocks=("acceptance_review",),  # 自收到补正材料之日起重新审查（第三十一条）
                article="《行政复议法》第三十一条",
            ),
            Transition(
                "deem_abandoned",
                "逾期未补正，视为放弃",
                ("completing",),
                "abandoned",
                roles=("reviewer",),
                fields=(Field("noted_on", "认定日期", "date"),),
                date_field="noted_on",
                guard=_completion_overdue,
                stop_clocks=("completion", "acceptance_review"),
                article="《行政复议法》第三十一条",
                style="danger",
            ),
            Transition(
                "accept",
                "受理",
                ("review",),
                "accepted",
                roles=("reviewer",),
                fields=(Field("accepted_on", "受理日期", "date"),),
                date_field="accepted_on",
                stop_clocks=("acceptance_review",),
                start_clocks=(COPY_TO_RESPONDENT, DECISION),
                article="《行政复议法》第三十条",
            ),
            Transition(
                "reject",
                "不予受理",
                ("review",),
                "rejected",
                roles=("reviewer",),
                fields=(
                    Field("reason", "不予受理理由", "textarea"),
                    Field("decided_on", "决定日期", "date"),
                ),
                date_field="decided_on",
                stop_clocks=("acceptance_review",),
                article="《行政复议法》第三十条",
                style="danger",
            ),
            Transition(
                "send_copy",
                "向被申请人发送申请书副本",
                ("accepted",),
                "answering",
                fields=(Field("sent_on", "被申请人收到副本日期", "date"),),
                date_field="sent_on",
                stop_clocks=("copy",),
                start_clocks=(ANSWER,),
                article="《行政复议法》第四十八条、第五十四条",
            ),
            Transition(
                "receive_answer",
                "收到答复",
                ("answering",),
                "reviewing",
                fields=(Field("answered_on", "收到答复及证据日期", "date"),),
                date_field="answered_on",
                stop_clocks=("answer",),
                article="《行政复议法》第四十八条、第五十四条",
            ),
            Transition(
                "answer_overdue",
                "被申请人逾期未答复",
                ("answering",),
                "reviewing",
                fields=(Field("noted_on", "认定日期", "date"),),
                date_field="noted_on",
                stop_clocks=("answer",),
                # 被申请人不答复的，视为该行政行为没有证据、依据（第七十条）.
                article="《行政复议法》第四十八条、第七十条",
                style="secondary",
            ),
            Transition(
                "suspend",
                "中止审理",
                REVIEWING,
                "suspended",
                fields=(
                    Field("ground", "中止事由", "choice", choices=SUSPENSION_CHOICES),
                    Field("reason", "具体情况", "textarea", required=False),
                    Field("suspended_on", "中止日期", "date"),
                ),
                date_field="suspended_on",
                suspend_clocks=("decision", "copy", "answer"),
                article="《行政复议法》第三十九条",
                style="secondary",
            ),
            Transition(
                "resume",
                "恢复审理",
                ("suspended",),
                "reviewing",
                fields=(Field("resumed_on", "恢复日期", "date"),),
                date_field="resumed_on",
                resume_clocks=("decision", "copy", "answer"),
                article="《行政复议法》第三十九条第二款",
            ),
            Transition(
                "extend",
                "延期审理",
                ("reviewing",),
                "reviewing",
                fields=(
                    Field("days", "延长天数", "int", help="最多三十日"),
                    Field("reason", "延期理由", "textarea"),
                    Field("approver", "批准人（行政复议机构负责人）", "user"),
                ),
                guard=_extension_allowed,
                extend_clock="decision",
                article="《行政复议法》第六十二条",
                style="secondary",
            ),
            Transition(
                "terminate",
                "终止审理",
                (*REVIEWING, "suspended"),
                "terminated",
                roles=("reviewer",),
                fields=(
                    Field("ground", "终止事由", "choice", choices=TERMINATION_CHOICES),
                    Field("terminated_on", "终止日期", "date"),
                ),
                date_field="terminated_on",
                stop_clocks=("decision", "copy", "answer"),
                article="《行政复议法》第四十一条",
                style="danger",
            ),
            Transition(
                "decide",
                "作出行政复议决定",
                ("reviewing",),
                "decided",
                roles=("reviewer",),
                fields=(
                    Field("decision_type", "决定类型", "choice", choices=DECISION_CHOICES),
                    Field("decided_on", "决定日期", "date"),
                ),
                date_field="decided_on",
                guard=_decision_fits_law,
                stop_clocks=("decision",),
                article="《行政复议法》第六十二条至第七十三条",
            ),
            Transition(
                "serve",
                "送达",
                ("decided", "terminated"),
                "served",
                fields=(Field("served_on", "送达日期", "date"),),
                date_field="served_on",
                article="《行政复议法》第七十五条",
            ),
            Transition(
                "archive",
                "归档",
                ("served",),
                "archived",
                fields=(Field("archived_on", "归档日期", "date"),),
                date_field="archived_on",
                style="secondary",
            ),
        ),
    )
)

# --- copying inputs onto the case (inside the transaction, before save) -----------------------------


def _copy_inputs(case, transition, data, when) -> None:
    name = transition.name
    if name == "register":
        case.received_on = when
    elif name == "accept":
        case.accepted_on = when
    elif name == "suspend":
        case.suspension_ground = data["ground"]
    elif name == "resume":
        case.suspension_ground = ""
    elif name == "decide":
        case.decision_type = data["decision_type"]
        case.decided_on = when
    elif name == "terminate":
        case.decision_type = DecisionType.TERMINATED
        case.termination_ground = data["ground"]
        case.decided_on = when
    elif name == "serve":
        case.served_on = when


engine.on_apply(PROCEDURE_NAME, _copy_inputs)
