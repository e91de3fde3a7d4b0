"""行政应诉 procedure (one instance of a lawsuit, seen from the defendant agency).

登记 → 收到起诉状 (答辩期 15 日, 《行政诉讼法》第六十七条) → 提交答辩状 → 开庭 → 一审裁判 (each
party's 上诉期 from its own service: 判决 15 日, 裁定 10 日, 第八十五条) → 上诉 / 生效 → 结案. 撤诉
(第六十二条) and 调解 (第六十条) end the case without an appeal period; 二审裁判 (第八十九条) is final
and takes effect on service (第七条). Natural-day periods: start day not counted, a last day on
a rest day rolls to the next working day (《民事诉讼法》第八十五条, via 《行政诉讼法》第一百零一条);
the core clock does that for unit "day".
"""

from __future__ import annotations

from dataclasses import replace

from fazhi.core.dates import written_date
from fazhi.core.workflow import engine, guards
from fazhi.core.workflow.registry import register
from fazhi.core.workflow.spec import ClockSpec, Field, Procedure, State, Transition, on_date, period_to
from fazhi.litigation.models import OUTCOMES, Hearing, Instance, RecommendationKind

ANSWER = ClockSpec(
    code="answer",
    label="答辩及举证期限",
    length=15,
    unit="day",
    article="《行政诉讼法》第六十七条",
    start_label="收到起诉状副本",
)

APPEAL_JUDGMENT_DAYS = 15  # 不服判决：送达之日起十五日内（《行政诉讼法》第八十五条）
APPEAL_RULING_DAYS = 10  # 不服裁定：送达之日起十日内（同条）


def appeal_days(case) -> int:
    rule = OUTCOMES.get(case.outcome)
    return APPEAL_JUDGMENT_DAYS if rule is None or rule.kind == "judgment" else APPEAL_RULING_DAYS


# Each party's 上诉期 runs from its own service, of the same length for all (第八十五条): 本机关's from
# its own (OWN_APPEAL), and the judgment takes effect once the last party's has run (APPEAL).
APPEAL = ClockSpec(
    code="appeal",
    label="上诉期限",
    length=APPEAL_JUDGMENT_DAYS,
    unit="day",
    article="《行政诉讼法》第八十五条",
    start_label="最后一方当事人收到裁判文书",
    length_for=appeal_days,
    start_for=("served_on", "last_served_on"),  # the latest service
)
OWN_APPEAL = replace(
    APPEAL, code="own_appeal", label="本机关上诉期限", start_label="本机关收到裁判文书", start_for=None
)

# Outcomes a step may record: 一审裁判 appealable ones, 撤诉或调解 the others, 二审裁判 第八十九条's.
DECIDE_CHOICES = OUTCOMES.choices(appealable=True, instance=Instance.FIRST, offered=True)
CONCLUDE_CHOICES = OUTCOMES.choices(appealable=False, instance=Instance.FIRST)
SECOND_CHOICES = OUTCOMES.choices(instance=Instance.SECOND)
_SECOND = lambda case: case.instance == Instance.SECOND  # noqa: E731
LAST_HELP = "原告、第三人中最后一方收到裁判文书的日期，不填视为与本机关同日；各方上诉期均届满后裁判生效"
_SERVED_AFTER_JUDGED = guards.not_before("served_on", "judged_on", "送达日期（{date}）不能早于裁判日期（{other}）。")  # fmt: skip


def _may_appeal(case, data) -> str | None:
    if case.instance == Instance.SECOND:
        return "二审裁判是终审裁判，不能上诉（《行政诉讼法》第七条）。"
    if not OUTCOMES.holds(case.outcome, "appealable"):
        return "该裁判结果不能上诉。"
    return _IN_TIME(case, data)


# Each appellant within its own period (第八十五条): 本机关 from its own service, the others at the
# latest by the last party's (a later service is entered with 登记其他当事人送达 first).
_IN_TIME = guards.within_period(
    lambda case, data: "own_appeal" if data.get("appellant") == "defendant" else "appeal",
    "appealed_on",
    late="上诉人的上诉期已于{due}届满（自其收到裁判文书之日起计算，《行政诉讼法》第八十五条）。",
)


# An appealable first-instance judgment takes effect only once every party's 上诉期 has run out.
_APPEAL_PERIOD_OVER = guards.period_over(
    "appeal",
    "effective_on",
    early="各方当事人的上诉期至{due}届满，届满后才能确认裁判生效；如有当事人上诉，请办理“提起上诉”。",
    applies=lambda case: case.appealable,
)


def _later_service(case, data) -> str | None:
    known, on = case.last_served_on or case.served_on, data.get("last_served_on")
    if known and on and on <= known:  # an earlier one changes nothing
        return f"已登记的送达日期为{written_date(known)}，其他当事人最后收到日期应晚于该日。"
    return None


PROCEDURE = register(
    Procedure(
        name="litigation",
        label="行政应诉",
        model="litigation.Lawsuit",
        initial="registered",
        description="行政机关作为被告参加行政诉讼（一个审级）。",
        states=(
            State("registered", "已登记", "grey", queue="待确认收到起诉状"),
            State("answering", "答辩期", "orange", queue="待提交答辩状", next_steps=("file_answer",)),
            State("answered", "待开庭", "blue"),
            State("heard", "已开庭", "blue"),
            State(
                "appeal_period",
                "上诉期",
                "purple",
                queue="上诉期内待决定是否上诉",
                next_steps=("appeal", "take_effect"),
            ),
            State("appealed", "已上诉", "orange"),
            State("effective", "已生效", "green", queue="待结案"),
            State("closed", "已结案", "green", terminal=True),
        ),
        transitions=(
            Transition(
                "receive",
                "收到起诉状",
                ("registered",),
                "answering",
                copies={"complaint_received_on": "received_on"},
                **on_date("received_on", "收到起诉状副本日期"),
                start_clocks=(ANSWER,),
                article="《行政诉讼法》第六十七条",
            ),
            Transition(
                "file_answer",
                "提交答辩状和证据",
                ("answering",),
                "answered",
                copies={"answered_on": "answered_on"},
                **on_date("answered_on", "提交日期"),
                attachments=("答辩状",),
                stop_clocks=("answer",),
                article="《行政诉讼法》第六十七条、第三十四条",
            ),
            Transition(
                "hold_hearing",
                "开庭审理",
                ("answered", "heard"),
                "heard",
                fields=(
                    Field("hearing_on", "开庭日期", "date"),
                    Field("court_room", "法庭", required=False),
                ),
                date_field="hearing_on",
                article="《行政诉讼法》第三条第三款",
            ),
            Transition(
                "decide",
                "一审裁判",
                ("answered", "heard"),
                "appeal_period",
                copies={k: k for k in ("outcome", "judged_on", "served_on", "last_served_on")},
                fields=(
                    Field("outcome", "裁判结果", "choice", choices=DECIDE_CHOICES),
                    Field("judged_on", "裁判日期", "date"),
                    Field("served_on", "本机关收到裁判文书日期", "date", help="本机关的上诉期自此起算"),
                    Field("last_served_on", "其他当事人最后收到日期", "date", required=False, help=LAST_HELP),
                ),
                date_field="served_on",
                guard=guards.all_of(
                    guards.refused_when(
                        _SECOND, "二审案件请办理“二审裁判”（《行政诉讼法》第七条：两审终审）。"
                    ),
                    _SERVED_AFTER_JUDGED,
                ),
                start_clocks=(APPEAL, OWN_APPEAL),
                article="《行政诉讼法》第六十九条至第七十八条、第八十五条",
            ),
            Transition(
                "decide_second",
                "二审裁判",
                ("answered", "heard"),
                "effective",
                copies={k: k for k in ("outcome", "judged_on", "served_on")} | {"effective_on": "served_on"},
                fields=(
                    Field("outcome", "二审裁判结果", "choice", choices=SECOND_CHOICES),
                    Field("judged_on", "裁判日期", "date"),
                    Field("served_on", "裁判文书送达日期", "date", help="二审裁判是终审裁判，送达即生效"),
                ),
                date_field="served_on",
                guard=guards.all_of(
                    guards.refused_when(lambda case: not _SECOND(case), "一审案件请办理“一审裁判”。"),
                    _SERVED_AFTER_JUDGED,
                ),
                stop_clocks=("answer",),
                article="《行政诉讼法》第七条、第八十九条",
            ),
            Transition(
                "record_service",
                "登记其他当事人送达",
                ("appeal_period",),
                "appeal_period",
                copies={"last_served_on": "last_served_on"},
                **on_date("last_served_on", "其他当事人最后收到日期"),
                guard=_later_service,
                restart_clocks=("appeal",),  # the last party's 上诉期 runs from its service (第八十五条)
                article="《行政诉讼法》第八十五条",
                style="secondary",
            ),
            Transition(
                "conclude",
                "撤诉或调解结案",
                ("answering", "answered", "heard"),
                "effective",
                copies={"outcome": "outcome", "judged_on": "judged_on", "effective_on": "judged_on"},
                fields=(
                    Field("outcome", "结案方式", "choice", choices=CONCLUDE_CHOICES),
                    Field("judged_on", "裁定或调解日期", "date"),
                ),
                date_field="judged_on",
                stop_clocks=("answer",),
                article="《行政诉讼法》第六十条、第六十二条",
                style="secondary",
            ),
            Transition(
                "appeal",
                "提起上诉",
                ("appeal_period",),
                "appealed",
                fields=(
                    Field(
                        "appellant",
                        "上诉人",
                        "choice",
                        choices=(("plaintiff", "原告"), ("defendant", "本机关"), ("third_party", "第三人")),
                    ),
                    Field("appealed_on", "上诉日期", "date"),
                ),
                date_field="appealed_on",
                guard=_may_appeal,
                stop_clocks=("appeal", "own_appeal"),
                article="《行政诉讼法》第八十五条",
            ),
            Transition(
                "take_effect",
                "裁判生效",
                ("appeal_period",),
                "effective",
                copies={"effective_on": "effective_on"},
                **on_date("effective_on", "生效日期"),
                guard=_APPEAL_PERIOD_OVER,
                stop_clocks=("appeal", "own_appeal"),
                article="《行政诉讼法》第八十五条",
            ),
            Transition(
                "close",
                "结案归档",
                ("appealed", "effective"),
                "closed",
                style="secondary",
            ),
        ),
    )
)


def _hearing_held(case, transition, data, when) -> None:
    """开庭审理: the hearing scheduled for that day (or a new one) is marked held."""
    if transition.name != "hold_hearing":
        return
    hearing = Hearing.objects.filter(lawsuit=case, hearing_on=data["hearing_on"]).order_by(
        "id"
    ).first() or Hearing(lawsuit=case, hearing_on=data["hearing_on"])
    hearing.held = True
    if data.get("court_room"):
        hearing.court_room = data["court_room"]
    hearing.save()


engine.on_apply("litigation", _hearing_held)


# --- 司法建议 and 检察建议 ----------------------------------------------------------------------
#
# 已登记 → 收到建议 (the reply clock starts on the day of receipt) → 待回复 → 整改回复 (with the
# evidence attached) → 已回复.
#
# 检察建议: the agency replies in writing within 2 个月 of receipt unless the procuratorate set
# another period (《人民检察院检察建议工作规定》第十九条). 司法建议 (《行政诉讼法》第六十六条第二款,
# 第九十六条): no statutory period; the period is the one the 司法建议书 sets (整改回复期限), and
# 2 个月 — the procuratorial rule — when it sets none.
REPLY_MONTHS = 2
PROCURATORIAL_ARTICLE = "《人民检察院检察建议工作规定》第十九条"
JUDICIAL_ARTICLE = "司法建议书载明的回复期限（《行政诉讼法》第六十六条第二款）"


def _judicial(rec) -> bool:
    return rec.kind == RecommendationKind.JUDICIAL


def _reply_article(rec) -> str:
    return JUDICIAL_ARTICLE if _judicial(rec) else PROCURATORIAL_ARTICLE


REPLY = ClockSpec(
    code="reply",
    label="整改回复期限",
    article=PROCURATORIAL_ARTICLE,
    start_label="收到建议",
    # The days a 司法建议书 gives (to its 整改回复期限); 2 个月 for a 检察建议, or when it sets none.
    **period_to("rectification_deadline", "received_on", REPLY_MONTHS, "month", applies=_judicial),
    article_for=_reply_article,
)

RECOMMENDATION_ROLES = ("officer", "reviewer", "leader")

RECOMMENDATION = register(
    Procedure(
        name="judicial_recommendation",
        label="司法建议和检察建议",
        model="litigation.JudicialRecommendation",
        initial="registered",
        description="人民法院的司法建议、人民检察院的检察建议：收到、整改、书面回复。",
        states=(
            State("registered", "已登记", "grey", queue="待签收建议"),
            State("received", "待回复", "orange", queue="待整改回复"),
            State("replied", "已回复", "green", terminal=True),
        ),
        transitions=(
            Transition(
                "receive",
                "收到建议",
                ("registered",),
                "received",
                copies={"received_on": "received_on"},
                roles=RECOMMENDATION_ROLES,
                **on_date("received_on", "收到日期"),
                start_clocks=(REPLY,),
                article="《行政诉讼法》第六十六条第二款、第九十三条",
            ),
            Transition(
                "reply",
                "整改回复",
                ("received",),
                "replied",
                copies={"reply": "reply", "replied_on": "replied_on"},
                roles=RECOMMENDATION_ROLES,
                fields=(
                    Field("reply", "整改回复", "textarea"),
                    Field("replied_on", "回复日期", "date"),
                ),
                date_field="replied_on",
                attachments=("整改回复",),
                stop_clocks=("reply",),
                article=PROCURATORIAL_ARTICLE,
                article_for=_reply_article,
            ),
        ),
    )
)
