"""行政处罚普通程序，as data (《行政处罚法》2021, 第五章第三节; cited articles are of that law unless
stated otherwise).

线索登记 → 立案（第五十四条；办案期限 90 日，第六十条）→ 调查取证（两名以上持有效行政执法证的执法人员，
第四十二条、第五十五条；鉴定、检测、检验、检疫、公告期间中止计算）→ 调查终结审查（第五十七条：拟处罚 /
不予处罚 / 移送司法机关）→ 法制审核（第五十八条，重大案件决定前必经：同意 / 退回补充调查）→ 告知（第四十四条、
第六十二条；听证申请期限 5 日，第六十四条第一项）→ 陈述申辩（第四十五条）/ 听证（通知 7 日前，第六十四条
第二项；听证期间不计入办案期限；听证笔录，第六十五条）→ 集体讨论（情节复杂或者重大违法，第五十七条第二款）
→ 决定（第五十九条）→ 送达（7 日内，第六十一条）→ 执行（罚款 15 日内缴纳，第六十七条第三款；加处罚款，
第七十二条）→ 结案. 第八十五条: 本法中“二日”“三日”“五日”“七日”的规定是指工作日. 决定被撤销、变更或者
确认违法的，记录在案并撤回公开（第四十八条第二款）.

``uv run fazhi procedures graph enforcement_penalty`` draws it.
"""

from __future__ import annotations

from fazhi.core.dates import written_date
from fazhi.core.workflow import engine
from fazhi.core.workflow.guards import (
    all_of,
    notice_ahead,
    period_over,
    previewed,
    refused_when,
    within_period,
)
from fazhi.core.workflow.registry import register
from fazhi.core.workflow.spec import STAY, ClockSpec, Field, Procedure, State, Transition, suspensions
from fazhi.enforcement.models_penalty import (
    WITH_AMOUNT,
    MajorGround,
    NoPenaltyGround,
    PenaltyCase,
    PenaltyType,
    Revision,
    SuspensionReason,
)

PROCEDURE_NAME = "enforcement_penalty"
LAW = "《行政处罚法》"
MARKET_RULES = "《市场监督管理行政处罚程序规定》"
OFFICER, REVIEWER, LEADER = ("officer",), ("reviewer",), ("leader",)
HANDLERS = ("officer", "leader")

# --- clocks ---------------------------------------------------------------------------------------

HANDLING = ClockSpec(
    code="handling",
    label="办案期限",
    length=90,
    unit="day",
    article=f"{LAW}第六十条；{MARKET_RULES}第六十四条（检测、检验、检疫、鉴定、听证、公告期间不计入）",
    start_label="立案",
)
HEARING_REQUEST = ClockSpec(
    code="hearing_request",
    label="听证申请期限",
    length=5,
    unit="workday",
    article=f"{LAW}第六十四条第一项、第八十五条",
    start_label="告知",
)
SERVICE = ClockSpec(
    code="service",
    label="决定书送达期限",
    length=7,
    unit="workday",
    article=f"{LAW}第六十一条、第八十五条",
    start_label="作出行政处罚决定",
)
PAYMENT = ClockSpec(
    code="payment",
    label="履行期限（罚款缴纳十五日）",
    length=15,
    unit="day",
    article=f"{LAW}第六十七条第三款、第七十二条",
    start_label="当事人收到行政处罚决定书",
    applies=lambda case: case.fine_amount is not None,  # 警告、没收等 owe no payment within 15 日
)

# --- guards ---------------------------------------------------------------------------------------


def _officers_certified(case, data: dict) -> str | None:
    """两名以上执法人员，持有在调查之日有效的行政执法证（第四十二条第一款、第五十五条第一款）."""
    day = data.get("started_on")
    officers = [o for o in (case.officer_a, case.officer_b) if o is not None]
    if len({o.pk for o in officers}) < 2:
        return "调查取证时执法人员不得少于两人（《行政处罚法》第四十二条、第五十五条），请先在案件中填写两名承办执法人员。"
    if day is None:
        return None
    lacking = [
        o.full_name for o in officers if o.certificate_kind != "enforcement" or not o.certified_on(day)
    ]
    if lacking:
        return (
            f"{'、'.join(lacking)}在{written_date(day)}没有有效的行政执法证，不能承办调查取证"
            "（《行政处罚法》第四十二条：执法人员应当具有行政执法资格）。"
        )
    return None


investigation_guard = previewed(
    _officers_certified, lambda case, today: _officers_certified(case, {"started_on": today})
)

legal_review_required = refused_when(
    lambda case: case.needs_legal_review and not case.legal_review_on,
    "本案属于重大执法决定，作出决定前应当经法制审核并通过（《行政处罚法》第五十八条）。",
)
discussion_required = refused_when(
    lambda case: case.serious and not case.discussed_on,
    "情节复杂或者重大违法行为给予行政处罚，应当由行政机关负责人集体讨论决定（《行政处罚法》第五十七条第二款）。",
)


def _decision_complete(case, data: dict) -> str | None:
    """第五十九条: 行政处罚的种类和依据; 罚款、没收的数额."""
    kinds = {data.get("penalty_kind"), data.get("second_kind") or None} - {None}
    if data.get("second_kind") and data.get("second_kind") == data.get("penalty_kind"):
        return "并处的处罚种类不能与主处罚种类相同。"
    if kinds & set(WITH_AMOUNT) and not data.get("amount"):
        return "罚款、没收违法所得或者没收非法财物的，决定书应当载明数额（《行政处罚法》第五十九条）。"
    return None


def _held_after_set(case, data: dict) -> str | None:
    held = data.get("held_on")
    if held and case.hearing_on and held < case.hearing_on:
        return f"听证已定于{written_date(case.hearing_on)}举行，举行日期不能早于该日。"
    return None


def _paid_in_full(case, data: dict) -> str | None:
    """罚款连同加处罚款（第七十二条第一款第一项）缴清，才能记为履行完毕."""
    fine = case.fine_amount
    day = data.get("performed_on")
    if fine is None or day is None:
        return None
    owed = fine + case.surcharge_on(day)
    paid = data.get("paid") or 0
    if paid < owed:
        return f"截至{written_date(day)}应缴罚款{fine}元、加处罚款{case.surcharge_on(day)}元，共{owed}元；已缴{paid}元，尚未履行完毕。"
    return None


def _not_hearing_reason(case, data: dict) -> str | None:
    if data.get("reason") != "lapsed":
        return None
    return _lapsed(case, data)


_lapsed = period_over(
    "hearing_request",
    "noted_on",
    early="听证申请期限至{due}届满，期满前不能按当事人未要求听证处理（《行政处罚法》第六十四条第一项）。",
)


class NoHearing:
    choices = (("waived", "当事人放弃陈述申辩、听证"), ("lapsed", "期满未要求听证"))


# --- the procedure --------------------------------------------------------------------------------

T = Transition
STATES = (
    State("clue", "线索登记", "grey", queue="待立案", next_steps=("file", "not_file")),
    State("filed", "已立案", "blue", queue="待调查取证", next_steps=("investigate",)),
    State("investigating", "调查取证中", "blue"),
    State("investigating_suspended", "调查中止（鉴定等）", "orange"),
    State("proposed", "调查终结、拟处罚", "blue", queue="待法制审核或告知"),
    State("notified", "已告知、待陈述申辩", "purple"),
    State(
        "hearing_requested", "当事人要求听证", "orange", queue="待组织听证", next_steps=("schedule_hearing",)
    ),
    State("hearing_scheduled", "听证已安排", "orange"),
    State("ready", "待决定", "blue", queue="待作出处罚决定", next_steps=("decide", "decide_no_penalty")),
    State("decided", "已决定、待送达", "blue", queue="待送达", next_steps=("serve",)),
    State("served", "已送达、待履行", "purple"),
    State("executed", "已履行", "green", queue="待结案", next_steps=("close",)),
    # 结案后决定仍可能被复议、诉讼撤销或者变更（记录在案并撤回公开），故不设为终态.
    State("closed", "已结案", "green"),
    State("not_filed", "不予立案", "grey", terminal=True),
    State("not_penalised", "不予行政处罚", "grey", terminal=True),
    State("transferred", "已移送司法机关", "red", terminal=True),
)

DATE = "date"
TRANSITIONS = (
    T(
        "file",
        "立案",
        ("clue",),
        "filed",
        roles=HANDLERS,
        fields=(
            Field("filed_on", "立案日期", DATE),
            Field("approval_note", "负责人批准立案意见", "textarea"),
        ),
        date_field="filed_on",
        copies={"filed_on": "filed_on"},
        start_clocks=(HANDLING,),
        article=f"{LAW}第五十四条第二款",
    ),
    T(
        "not_file",
        "不予立案",
        ("clue",),
        "not_filed",
        roles=HANDLERS,
        fields=(Field("decided_on", "决定日期", DATE), Field("reason", "不予立案理由", "textarea")),
        date_field="decided_on",
        style="secondary",
        article=f"{LAW}第五十四条第二款",
    ),
    T(
        "investigate",
        "开始调查取证",
        ("filed",),
        "investigating",
        roles=OFFICER,
        fields=(Field("started_on", "调查开始日期", DATE),),
        date_field="started_on",
        copies={"investigation_started_on": "started_on"},
        guard=investigation_guard,
        article=f"{LAW}第四十二条、第五十五条",
    ),
    *suspensions(
        (("investigating", "investigating_suspended", "suspend", "resume"),),
        label="鉴定等期间中止计算",
        fields=(
            Field("reason", "事由", "choice", choices=SuspensionReason),
            Field("suspended_on", "开始日期", DATE),
        ),
        date_field="suspended_on",
        resume_label="恢复计算办案期限",
        resume_fields=(Field("resumed_on", "结束日期（取得鉴定意见等）", DATE),),
        resume_date_field="resumed_on",
        clocks=("handling",),
        make=lambda *a, **kw: T(*a, **kw, roles=OFFICER, article=f"{LAW}第六十条；{MARKET_RULES}第六十四条"),
    ),
    T(
        "propose",
        "调查终结，拟作出行政处罚",
        ("investigating",),
        "proposed",
        roles=OFFICER,
        fields=(
            Field("concluded_on", "调查终结日期", DATE),
            Field("facts", "违法事实", "textarea"),
            Field("evidence", "证据", "textarea"),
        ),
        date_field="concluded_on",
        article=f"{LAW}第五十七条第一款第一项",
    ),
    T(
        "decide_no_penalty",
        "不予行政处罚",
        ("investigating", "ready"),
        "not_penalised",
        roles=LEADER,
        fields=(
            Field("ground", "理由", "choice", choices=NoPenaltyGround),
            Field("decided_on", "决定日期", DATE),
            Field("explanation", "说明", "textarea", required=False),
        ),
        date_field="decided_on",
        copies={"no_penalty_ground": "ground", "decided_on": "decided_on"},
        stop_clocks=("handling",),
        style="secondary",
        article=f"{LAW}第五十七条第一款第二项、第三项",
    ),
    T(
        "transfer",
        "移送司法机关",
        ("investigating", "proposed"),
        "transferred",
        roles=HANDLERS,
        fields=(
            Field("organ", "接受移送的司法机关", "text", help="如：东区公安分局。"),
            Field("transferred_on", "移送日期", DATE),
            Field("reason", "涉嫌犯罪的事实", "textarea"),
        ),
        date_field="transferred_on",
        copies={"transferred_to": "organ", "transferred_on": "transferred_on"},
        stop_clocks=("handling",),
        style="danger",
        article=f"{LAW}第二十七条、第五十七条第一款第四项；《行政执法机关移送涉嫌犯罪案件的规定》第三条",
    ),
    T(
        "legal_review_pass",
        "法制审核：同意",
        ("proposed", "notified", "ready"),
        STAY,
        roles=REVIEWER,
        fields=(Field("reviewed_on", "审核日期", DATE), Field("opinion", "审核意见", "textarea")),
        date_field="reviewed_on",
        copies={"legal_review_on": "reviewed_on"},
        style="secondary",
        article=f"{LAW}第五十八条",
    ),
    T(
        "legal_review_return",
        "法制审核：退回补充调查",
        ("proposed", "notified", "ready"),
        "investigating",
        roles=REVIEWER,
        fields=(Field("reviewed_on", "审核日期", DATE), Field("opinion", "需补充的事项", "textarea")),
        date_field="reviewed_on",
        style="secondary",
        article=f"{LAW}第五十八条",
    ),
    T(
        "notify",
        "告知拟处罚",
        ("proposed",),
        "notified",
        roles=OFFICER,
        fields=(
            Field("notified_on", "告知日期", DATE),
            Field("intended", "拟作出的行政处罚内容", "textarea"),
            Field("facts", "事实", "textarea"),
            Field("reasons", "理由", "textarea"),
            Field("basis", "依据", "textarea"),
            Field("rights", "告知的权利", "textarea", required=False, help="陈述、申辩、要求听证等权利。"),
        ),
        date_field="notified_on",
        copies={"notified_on": "notified_on"},
        start_clocks=(HEARING_REQUEST,),
        article=f"{LAW}第四十四条、第六十二条、第六十四条",
    ),
    T(
        "record_statement",
        "记录陈述申辩",
        ("notified",),
        STAY,
        roles=OFFICER,
        fields=(
            Field("stated_on", "陈述申辩日期", DATE),
            Field("statement", "陈述申辩意见及复核", "textarea"),
        ),
        date_field="stated_on",
        style="secondary",
        article=f"{LAW}第四十五条",
    ),
    T(
        "request_hearing",
        "当事人要求听证",
        ("notified",),
        "hearing_requested",
        roles=OFFICER,
        fields=(Field("requested_on", "提出听证要求日期", DATE),),
        date_field="requested_on",
        guard=within_period(
            "hearing_request",
            "requested_on",
            late="听证申请期限已于{due}届满（告知后五日内，《行政处罚法》第六十四条第一项、第八十五条）。",
        ),
        stop_clocks=("hearing_request",),
        suspend_clocks=("handling",),
        article=f"{LAW}第六十四条第一项",
    ),
    T(
        "no_hearing",
        "未要求听证，进入决定",
        ("notified",),
        "ready",
        roles=OFFICER,
        fields=(
            Field("reason", "情形", "choice", choices=NoHearing.choices),
            Field("noted_on", "日期", DATE),
        ),
        date_field="noted_on",
        guard=_not_hearing_reason,
        stop_clocks=("hearing_request",),
        article=f"{LAW}第六十四条第一项",
    ),
    T(
        "schedule_hearing",
        "通知听证",
        ("hearing_requested",),
        "hearing_scheduled",
        roles=OFFICER,
        fields=(
            Field("notified_on", "通知日期", DATE),
            Field("hearing_on", "听证日期", DATE),
            Field("place", "听证地点", "text"),
            Field(
                "host", "听证主持人", "text", help="由行政机关指定的非本案调查人员担任（第六十四条第四项）。"
            ),
        ),
        date_field="notified_on",
        copies={"hearing_on": "hearing_on"},
        guard=notice_ahead(
            "notified_on",
            "hearing_on",
            7,
            "workday",
            early="应当在举行听证的七日前通知当事人（《行政处罚法》第六十四条第二项、第八十五条）："
            "{notified}通知的，听证最早于{earliest}举行。",
            out_of_order="听证日期应当晚于通知日期。",
        ),
        article=f"{LAW}第六十四条第二项、第八十五条",
    ),
    T(
        "hold_hearing",
        "举行听证",
        ("hearing_scheduled",),
        "ready",
        roles=OFFICER,
        fields=(Field("held_on", "举行日期", DATE), Field("record", "听证笔录要点", "textarea")),
        date_field="held_on",
        guard=_held_after_set,
        attachments=("听证笔录",),
        resume_clocks=("handling",),
        article=f"{LAW}第六十四条、第六十五条",
    ),
    T(
        "discuss",
        "负责人集体讨论",
        ("ready",),
        STAY,
        roles=LEADER,
        fields=(Field("discussed_on", "讨论日期", DATE), Field("conclusion", "讨论结论", "textarea")),
        date_field="discussed_on",
        copies={"discussed_on": "discussed_on"},
        style="secondary",
        article=f"{LAW}第五十七条第二款",
    ),
    T(
        "decide",
        "作出行政处罚决定",
        ("ready",),
        "decided",
        roles=LEADER,
        fields=(
            Field("decided_on", "决定日期", DATE),
            Field("penalty_kind", "处罚种类", "choice", choices=PenaltyType),
            Field("second_kind", "并处处罚种类", "choice", choices=PenaltyType, required=False),
            Field("amount", "罚没金额（元）", "int", required=False),
            Field("facts", "违法事实和证据", "textarea"),
            Field("basis", "处罚依据", "textarea"),
            Field("performance", "履行方式和期限", "textarea"),
        ),
        date_field="decided_on",
        copies={
            "decided_on": "decided_on",
            "penalty_kind": "penalty_kind",
            "second_kind": "second_kind",
            "amount": "amount",
        },
        guard=all_of(legal_review_required, discussion_required, _decision_complete),
        attachments=("行政处罚决定书",),
        start_clocks=(SERVICE,),
        stop_clocks=("handling",),
        article=f"{LAW}第五十七条、第五十八条、第五十九条",
    ),
    T(
        "serve",
        "送达决定书",
        ("decided",),
        "served",
        roles=OFFICER,
        fields=(Field("served_on", "送达日期", DATE), Field("manner", "送达方式", "text")),
        date_field="served_on",
        copies={"served_on": "served_on"},
        attachments=("送达回证",),
        stop_clocks=("service",),
        start_clocks=(PAYMENT,),
        article=f"{LAW}第六十一条",
    ),
    T(
        "execute",
        "履行完毕",
        ("served",),
        "executed",
        roles=OFFICER,
        fields=(
            Field("performed_on", "履行日期", DATE),
            Field("paid", "实缴金额（元，含加处罚款）", "int", required=False),
            Field("manner", "履行情况", "textarea"),
        ),
        date_field="performed_on",
        copies={"paid_on": "performed_on"},
        guard=_paid_in_full,
        stop_clocks=("payment",),
        article=f"{LAW}第六十六条、第六十七条、第七十二条",
    ),
    T(
        "close",
        "结案",
        ("executed",),
        "closed",
        roles=HANDLERS,
        fields=(Field("closed_on", "结案日期", DATE),),
        date_field="closed_on",
        article=f"{LAW}第六十六条",
    ),
    T(
        "revise",
        "记录决定被撤销、变更或者确认违法",
        ("served", "executed", "closed"),
        STAY,
        roles=HANDLERS,
        fields=(
            Field("revision", "情形", "choice", choices=Revision),
            Field("revised_on", "日期", DATE),
            Field("by", "作出机关", "text", help="如：东区人民政府（行政复议）、东区人民法院。"),
            Field("reason", "理由", "textarea"),
        ),
        date_field="revised_on",
        copies={"revision": "revision", "revised_on": "revised_on"},
        style="danger",
        article=f"{LAW}第四十八条第二款",
    ),
)

PROCEDURE = register(
    Procedure(
        name=PROCEDURE_NAME,
        label="行政处罚",
        model="enforcement.PenaltyCase",
        initial="clue",
        states=STATES,
        transitions=TRANSITIONS,
        description="《行政处罚法》（2021）普通程序：立案、调查取证、法制审核、告知、听证、决定、送达、执行。",
    )
)


def _recorded(case, transition, data, when) -> None:
    """退回补充调查: the earlier 法制审核 no longer holds; no 并处 is recorded as none."""
    if transition.name == "legal_review_return":
        case.legal_review_on = None
    if transition.name == "decide":
        case.second_kind = case.second_kind or ""


engine.on_apply(PROCEDURE_NAME, _recorded)

__all__ = ["PROCEDURE", "MajorGround", "PenaltyCase"]

# 事后公开 (国办发〔2018〕118号) and the 行政处罚决定书: their hooks and kinds are declared beside it.
from fazhi.enforcement import documents_penalty, publication_penalty  # noqa: E402, F401, I001
