"""A small procedure shaped like 行政复议, used only to prove the engine and the generic suite."""

from fazhi.core.workflow.registry import register
from fazhi.core.workflow.spec import Approval, ClockSpec, Field, Procedure, State, Transition

ACCEPT_REVIEW = ClockSpec(
    code="acceptance_review",
    label="受理审查期限",
    length=5,
    unit="workday",
    article="《行政复议法》第三十条、第八十八条",
    start_label="收到申请",
)
DECISION = ClockSpec(
    code="decision",
    label="作出决定期限",
    length=60,
    unit="day",
    article="《行政复议法》第六十二条",
    start_label="受理",
    extension_cap=30,
    length_for=lambda m: 30 if m.simple else 60,
)
COMPLETION = ClockSpec(
    code="completion",
    label="补正期限",
    length=10,
    unit="workday",
    article="《行政复议法》第三十一条",
    start_label="收到补正通知",
)


def _has_applicant(matter, data):
    return None if matter.applicant else "申请人未填写，不能受理。"


PROCEDURE = register(
    Procedure(
        name="sampleapp",
        label="示例程序",
        model="sampleapp.SampleMatter",
        initial="received",
        states=(
            State("received", "已收件", "blue", queue="待受理审查"),
            State("completing", "补正中", "orange"),  # waits for the applicant: no queue
            State("accepted", "已受理", "blue", queue="待审理决定"),
            State("suspended", "中止", "purple"),
            State("decided", "已决定", "green", terminal=True),
            State("rejected", "不予受理", "grey", terminal=True),
        ),
        transitions=(
            Transition(
                "register",
                "登记收件",
                ("received",),
                "received",
                start_clocks=(ACCEPT_REVIEW,),
                fields=(Field("received_on", "收件日期", "date"),),
                date_field="received_on",
            ),
            Transition(
                "request_completion",
                "通知补正",
                ("received",),
                "completing",
                fields=(Field("items", "补正事项", "textarea"),),
                suspend_clocks=("acceptance_review",),
                start_clocks=(COMPLETION,),
                article="《行政复议法》第三十一条",
            ),
            Transition(
                "complete",
                "补正完成",
                ("completing",),
                "received",
                restart_clocks=("acceptance_review",),
                stop_clocks=("completion",),
                article="《行政复议法》第三十一条",
            ),
            Transition(
                "accept",
                "受理",
                ("received",),
                "accepted",
                guard=_has_applicant,
                stop_clocks=("acceptance_review",),
                start_clocks=(DECISION,),
                roles=("reviewer",),
                article="《行政复议法》第三十条",
            ),
            Transition(
                "reject",
                "不予受理",
                ("received",),
                "rejected",
                roles=("reviewer",),
                fields=(Field("reason", "理由", "textarea"),),
                stop_clocks=("acceptance_review",),
                style="danger",
            ),
            Transition(
                "suspend",
                "中止",
                ("accepted",),
                "suspended",
                fields=(Field("reason", "中止事由"),),
                suspend_clocks=("decision",),
                article="《行政复议法》第三十九条",
            ),
            Transition(
                "resume",
                "恢复",
                ("suspended",),
                "accepted",
                resume_clocks=("decision",),
                article="《行政复议法》第三十九条",
            ),
            Transition(
                "extend",
                "延期",
                ("accepted",),
                "accepted",
                roles=("leader",),
                fields=(
                    Field("days", "延长天数", "int"),
                    Field("reason", "延期理由"),
                    Field("approver", "批准人", "user"),
                ),
                extend_clock="decision",
                approval=Approval(roles=("leader",), authority="行政复议机构负责人"),
                article="《行政复议法》第六十二条",
            ),
            Transition(
                "decide",
                "作出决定",
                ("accepted",),
                "decided",
                roles=("reviewer",),
                fields=(
                    Field("outcome", "决定类型", "choice", choices=(("uphold", "维持"), ("revoke", "撤销"))),
                ),
                attachments=("决定书",),
                copies={"outcome": "outcome"},
                stop_clocks=("decision",),
                article="《行政复议法》第六十二条",
            ),
        ),
    )
)
