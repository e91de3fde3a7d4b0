"""行政复议的办理程序，as data. Articles are of the 2023 《行政复议法》 unless stated otherwise; a case
received before 2024-01-01 cites the 2017 text instead (``ARTICLES`` and each clock's two texts,
chosen at run time from ``case.law_version`` by ``LAW_VERSIONS``, fazhi.core.kit.versions).

收件 → 登记（受理审查 5 个工作日起算）→ 补正（通知 5 个工作日内一次性发出；补正 10 个工作日，可延长；
补正后重新审查；逾期视为放弃）→ 受理 / 不予受理 / 期满视为受理 → 发送副本（7 / 简易 3 个工作日）→
答复（10 / 简易 5 个工作日；逾期视为没有证据）→ 审理（听取意见；听证，提前 5 个工作日通知；简易转普通）
→ 中止 / 恢复（回到中止前的环节）→ 延期（≤ 30 日，负责人批准）→ 终止 / 决定（60 / 简易 30 日，自受理
之日起）→ 送达 → 归档. 意见书 / 建议书 follow their own small procedure (60 日 跟踪).

``uv run fazhi procedures graph reconsideration`` draws it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fazhi.core.calendar import services as calendar
from fazhi.core.calendar.deadlines import compute_deadline
from fazhi.core.calendar.models import EntryKind
from fazhi.core.dates import written_date
from fazhi.core.workflow import engine
from fazhi.core.workflow.guards import (
    all_of,
    not_before,
    notice_ahead,
    period_over,
    previewed,
    refused_when,
    within_period,
)
from fazhi.core.workflow.registry import register
from fazhi.core.workflow.spec import (
    STAY,
    Approval,
    ClockSpec,
    DeadlineStep,
    Field,
    Guard,
    Procedure,
    State,
    on_date,
    suspensions,
)
from fazhi.core.workflow.steps import steps
from fazhi.reconsideration.models import (
    LAW_VERSIONS,
    LONG_SUSPENSION_DAYS,
    LONG_SUSPENSION_GROUNDS,
    ORDINARY_DECISION_DAYS,
    CommitteeGround,
    Compensation,
    DecisionType,
    LawVersion,
    OpinionKind,
    ReviewOutcome,
    SuspensionGround,
    TerminationGround,
    WithdrawalReason,
    is_2017,
    special_period_problem,
)

PROCEDURE_NAME = "reconsideration"
OPINION_PROCEDURE_NAME = "reconsideration_opinion"

# --- articles by law version ----------------------------------------------------------------------

# transition → (2023 text, 2017 text). The 2017 citations: 《行政复议法》(2017修正) and its
# 《实施条例》(2007). Empty = the step rests on no particular article.
LAW = "《行政复议法》"
RULES = "《行政复议法实施条例》"
ARTICLES: dict[str, tuple[str, str]] = {
    "register": (f"{LAW}第二十二条、第三十条", f"{LAW}第十一条、第十七条"),
    "request_completion": (f"{LAW}第三十一条", f"{RULES}第二十九条"),
    "extend_completion": (f"{LAW}第三十一条", f"{RULES}第二十九条"),
    "complete": (f"{LAW}第三十一条", f"{RULES}第二十九条"),
    # 申请人撤回尚在受理审查或者补正中的申请 (2023 第七十四条; 2017 第二十五条: 行政复议决定作出前，
    # 申请人要求撤回行政复议申请的，经说明理由，可以撤回).
    "withdraw_application": (f"{LAW}第七十四条", f"{LAW}第二十五条"),
    "deem_abandoned": (f"{LAW}第三十一条", f"{RULES}第二十九条"),
    "accept": (f"{LAW}第三十条", f"{LAW}第十七条"),
    # 2023: 审查期限届满未作出不予受理决定的，审查期限届满之日起视为受理（第三十条第三款）;
    # 2017: 除不予受理外，行政复议申请自收到之日起即为受理（第十七条第二款）.
    "deem_accepted": (f"{LAW}第三十条第三款", f"{LAW}第十七条第二款"),
    "reject": (f"{LAW}第三十条", f"{LAW}第十七条"),
    "send_copy": (f"{LAW}第四十八条、第五十四条", f"{LAW}第二十三条"),
    "receive_answer": (f"{LAW}第四十八条、第五十四条", f"{LAW}第二十三条"),
    # 被申请人不答复的，视为该行政行为没有证据、依据（2023 第七十条；2017 第二十八条第一款第四项）.
    "answer_overdue": (f"{LAW}第四十八条、第七十条", f"{LAW}第二十三条、第二十八条第一款第四项"),
    # 期满前交邮的，不算过期: 第八十八条第一款 → 《民事诉讼法》第八十五条 (2017: 第四十条 → 同).
    "record_posting": (f"{LAW}第四十八条、第八十八条", f"{LAW}第二十三条、第四十条"),
    "hear_views": (f"{LAW}第四十九条", f"{LAW}第二十二条"),
    "schedule_hearing": (f"{LAW}第五十条、第五十一条", f"{RULES}第三十三条"),
    "reschedule_hearing": (f"{LAW}第五十条、第五十一条", f"{RULES}第三十三条"),
    "cancel_hearing": (f"{LAW}第五十条", f"{RULES}第三十三条"),
    "hold_hearing": (f"{LAW}第五十条、第五十一条", f"{RULES}第三十三条"),
    # 2023: 重大、疑难、复杂 → 听证 and 咨询意见 (第五十条第一款、第五十二条第二款); 2017: 实施条例第三十三条
    # (对重大、复杂的案件…可以采取听证的方式审理) — marked, but nothing is required of a 2017 case.
    "mark_complex": (f"{LAW}第五十条、第五十二条", f"{RULES}第三十三条"),
    # 行政复议委员会 (第五十二条): the 2017 text has none (a consultation may still be recorded).
    "consult_committee": (f"{LAW}第五十二条", ""),
    "convert_to_ordinary": (f"{LAW}第五十五条", f"{LAW}第五十五条"),  # 2017: no simple procedure
    "suspend_before_copy": (f"{LAW}第三十九条", f"{RULES}第四十一条"),
    "suspend_answering": (f"{LAW}第三十九条", f"{RULES}第四十一条"),
    "suspend": (f"{LAW}第三十九条", f"{RULES}第四十一条"),
    "resume_before_copy": (f"{LAW}第三十九条第二款", f"{RULES}第四十一条第二款"),
    "resume_answering": (f"{LAW}第三十九条第二款", f"{RULES}第四十一条第二款"),
    "resume": (f"{LAW}第三十九条第二款", f"{RULES}第四十一条第二款"),
    "extend": (f"{LAW}第六十二条", f"{LAW}第三十一条"),
    "terminate": (f"{LAW}第四十一条", f"{LAW}第二十五条、{RULES}第四十二条"),
    "decide": (f"{LAW}第六十二条至第七十三条", f"{LAW}第二十八条、第三十一条"),
    "serve": (f"{LAW}第七十五条", f"{LAW}第三十一条第三款"),
    "archive": ("", ""),
    # 停止执行: 2023 法第四十二条; 2017 法第二十一条.
    "stop_execution": (f"{LAW}第四十二条", f"{LAW}第二十一条"),
    # 阅卷: 2023 法第四十七条; 2017 法第二十三条第二款.
    "record_file_access": (f"{LAW}第四十七条", f"{LAW}第二十三条第二款"),
    # 履行监督: 2023 法第七十七条; 2017 法第三十二条.
    "order_compliance": (f"{LAW}第七十七条", f"{LAW}第三十二条"),
    "record_compliance": (f"{LAW}第七十七条", f"{LAW}第三十二条"),
    # 抄告: 2023 法第七十九条第二款 (no 2017 counterpart).
    "copy_to_superior": (f"{LAW}第七十九条第二款", ""),
    # 上级行政机关责令纠正: 2023 法第三十五条 (无正当理由不予受理、驳回申请或者受理后超过行政复议期限不作
    # 答复的…上级行政机关应当责令其纠正); 2017 法第二十条 (…上级行政机关应当责令其受理).
    "accept_on_order": (f"{LAW}第三十五条", f"{LAW}第二十条"),
    "record_superior_order": (f"{LAW}第三十五条", f"{LAW}第二十条"),
}


def article_for(record, transition: str) -> str:
    """The article a step of ``record`` cites under the law version governing it."""
    return LAW_VERSIONS.pick(record, *ARTICLES[transition])


_step = LAW_VERSIONS.transitions(ARTICLES)


# --- clocks ---------------------------------------------------------------------------------------
# 工作日: 2023 法第八十八条 ("三日、五日、七日、十日" are working days); 2017 法第四十条 (only "五日、
# 七日" are: the 2017 answer period of 十日 is natural days).

ACCEPTANCE_REVIEW = ClockSpec(
    code="acceptance_review",
    label="受理审查期限",
    length=5,
    unit="workday",
    **LAW_VERSIONS.cite(f"{LAW}第三十条、第八十八条", f"{LAW}第十七条、第四十条"),
    start_label="收到行政复议申请",
)
COMPLETION = ClockSpec(
    code="completion",
    label="补正期限",
    length=10,
    unit="workday",
    # 2017: "合理的补正期限" (实施条例第二十九条) — the platform keeps the 10 个工作日 as its default.
    **LAW_VERSIONS.cite(f"{LAW}第三十一条、第八十八条", f"{RULES}第二十九条"),
    start_label="收到补正通知",
)


COPY_TO_RESPONDENT = ClockSpec(
    code="copy",
    label="发送申请书副本期限",
    length=7,
    unit="workday",
    **LAW_VERSIONS.cite(f"{LAW}第四十八条、第五十四条、第八十八条", f"{LAW}第二十三条、第四十条"),
    start_label="受理",
    length_for=lambda case: 3 if case.simple_procedure else 7,  # 简易程序 3 个工作日（第五十四条）
    start_for="accepted_on",  # 视为受理: from the day the review period ended
)
ANSWER = ClockSpec(
    code="answer",
    label="被申请人答复期限",
    length=10,
    unit="workday",
    **LAW_VERSIONS.cite(f"{LAW}第四十八条、第五十四条、第八十八条", f"{LAW}第二十三条"),
    unit_for=lambda case: "day" if is_2017(case) else "workday",  # 2017 法第四十条 names 五日、七日 only
    start_label="被申请人收到申请书副本",
    length_for=lambda case: 5 if case.simple_procedure else 10,  # 简易程序 5 个工作日（第五十四条）
)


def decision_days(case) -> int:
    """作出行政复议决定期限: 60 日, 简易程序 30 日 (第六十二条第一款、第二款) — or the shorter period a
    law sets for the case (第六十二条第一款: 但是法律规定的行政复议期限少于六十日的除外)."""
    days = 30 if case.simple_procedure else ORDINARY_DECISION_DAYS
    special = getattr(case, "special_decision_days", None)
    return min(days, special) if special else days


DECISION = ClockSpec(
    code="decision",
    label="作出行政复议决定期限",
    length=60,
    unit="day",
    **LAW_VERSIONS.cite(f"{LAW}第六十二条", f"{LAW}第三十一条"),
    start_label="受理",
    # 2023 法第六十二条第一款: 经行政复议机构的负责人批准，延长期限最多不得超过三十日;
    # 2017 法第三十一条第一款: 经行政复议机关的负责人批准，最多不超过三十日.
    extension_cap=30,
    length_for=decision_days,  # 60 / 简易 30 日, or less where a law says so (第六十二条)
    start_for="accepted_on",
)
FOLLOW_UP = ClockSpec(
    code="follow_up",
    label="报送纠正情况期限",
    length=60,
    unit="day",
    article=f"{LAW}第七十六条",
    article_for=lambda opinion: (
        f"{RULES}第五十七条第二款（建议书未规定期限，参照六十日跟踪）"
        if opinion.kind == OpinionKind.SUGGESTION
        else f"{RULES}第五十七条第一款"
        if is_2017(opinion)
        else f"{LAW}第七十六条"
    ),
    start_label="有关机关收到意见书",
)

# --- guards (pure: read the case and the inputs; None = allowed) -----------------------------------


# 第三十一条: 一次性书面通知补正 — a second notice is refused (and its button says so).
_completion_notified_once = refused_when(
    lambda case: steps(case).last("request_completion") is not None,
    "补正通知应当一次性载明需要补正的全部事项（《行政复议法》第三十一条），本案已通知过补正，不能再次通知。",
)


def _completion_notice_window(case, data) -> str | None:
    """第三十一条: 自收到申请之日起五个工作日内书面通知补正 — judged on the day the notice was sent
    (发出), not the day it was served: 诉讼文书在期满前交邮的，不算过期 (《民事诉讼法》第八十五条第三款,
    applied by 第八十八条第一款). Without a sending date the notice was handed over on service."""
    notified = data.get("sent_on") or data.get("notified_on")
    if notified is None:
        return None
    if notified < case.received_on:
        return f"补正通知不能早于收到申请之日（{written_date(case.received_on)}）发出。"
    last = calendar.due_date(case.received_on, 5, "workday").due
    if notified > last:
        return (
            f"补正通知应当自收到申请之日起五个工作日内发出（{article_for(case, 'request_completion')}），"
            f"本案最迟应于{written_date(last)}发出，已逾期，请依法作出受理或者不予受理决定。"
        )
    return None


# 送达 follows 发出: a date served before the notice was sent is a typing error.
_completion_served_after_sending = not_before(
    "notified_on", "sent_on", "补正通知送达日期（{date}）不能早于发出日期（{other}）。"
)
_completion_notice_in_time = all_of(
    _completion_notified_once, _completion_served_after_sending, _completion_notice_window
)

# 第三十一条: 无正当理由逾期不补正的，视为放弃行政复议申请.
_completion_overdue = period_over(
    "completion", "noted_on", early="补正期限至{due}届满，期限届满前不能认定视为放弃。", open_only=False
)


def deemed_acceptance_date(case) -> dt.date | None:
    """The day a case with no decision in the review period counts as accepted.

    2023 法第三十条第三款: 自审查期限届满之日起视为受理 — the review clock's due date.
    2017 法第十七条第二款: 自收到之日起即为受理 — the day the (current) review period started:
    receipt of the application, or of the completed materials (实施条例第二十九条).
    """
    clock = calendar.latest_clock(case, "acceptance_review")
    if clock is None:
        return None
    if is_2017(case):
        restart = clock.entries.filter(kind=EntryKind.RESTART).order_by("-id").first()
        return restart.date if restart else clock.start_date
    return clock.due_date


def legal_acceptance_date(case, on: dt.date) -> dt.date:
    """The acceptance date the law gives a case a reviewer accepts on ``on`` — the date that starts
    the copy and decision periods (``start_for="accepted_on"``).

    2017 法第十七条第二款: 除不予受理外，行政复议申请自收到之日起即为受理 — receipt (or the
    receipt of the completed materials, 实施条例第二十九条), whatever day the reviewer records.
    2023 法第三十条第三款: 审查期限届满，未作出不予受理决定的，审查期限届满之日起视为受理 — a
    case accepted after the review period ended is accepted as of the day it ended; within the
    period, on the day the reviewer accepts it (第三十条第一款).
    """
    lapsed = deemed_acceptance_date(case)
    if lapsed is None:
        return on
    if is_2017(case):
        return min(lapsed, on)
    return lapsed if on > lapsed else on


def accepted_by_lapse(case, on: dt.date) -> bool:
    """Whether a 2023-text case accepted on ``on`` is accepted by law (视为受理, 第三十条第三款)
    because the review period had already ended."""
    return not is_2017(case) and legal_acceptance_date(case, on) < on


def acceptance_note(case) -> str | dt.date | None:
    """受理日期 as the detail page shows it: the date, and why the law fixes it there."""
    if case.accepted_on is None:
        return None
    shown = written_date(case.accepted_on)
    if is_2017(case):
        if case.accepted_on == case.received_on:
            return f"{shown}（自收到申请之日起即为受理，{article_for(case, 'deem_accepted')}）"
        return case.accepted_on
    if case.deemed_accepted:
        return f"{shown}（审查期限届满，自该日起视为受理，{article_for(case, 'deem_accepted')}）"
    return case.accepted_on


def forwarding_note(case) -> str | dt.date | None:
    """The day the 处罚机关 received an application it forwarded (第三十二条), and whether it kept the
    五日 (工作日, 第八十八条) it has to forward an application for a decision it maintains."""
    if case.forwarded_from_on is None:
        return None
    due = compute_deadline(
        calendar.work_calendar(), start=case.forwarded_from_on, length=5, unit="workday"
    ).due
    if case.received_on and case.received_on > due:
        return (
            f"{written_date(case.forwarded_from_on)}（应当于{written_date(due)}前转送，"
            f"{written_date(case.received_on)}方转至本机关，超过五日，{LAW}第三十二条、第八十八条）"
        )
    return case.forwarded_from_on


# 视为受理 only once the review period has run out without a decision (第三十条第三款).
_acceptance_review_lapsed = period_over(
    "acceptance_review",
    "noted_on",
    early=lambda case, due: (
        f"受理审查期限至{due}届满，届满前（含当日）仍应作出受理或者不予受理决定，"
        f"不能认定视为受理（{article_for(case, 'deem_accepted')}）。"
    ),
    missing="受理审查期限未在计算中，不能认定视为受理。",
)
ANSWER_MANNERS = (
    ("in_person", "直接递交"),
    ("post", "邮寄"),
    ("system", "通过本系统提交"),
)


def copy_received_on(case) -> dt.date | None:
    """The day the respondent received the 申请书副本 (第四十八条: 自收到之日起十日内答复)."""
    log = steps(case).last("send_copy")
    if log is None:
        return None
    data = log.data or {}
    raw = data.get("received_on") or data.get("sent_on")
    return dt.date.fromisoformat(str(raw)[:10]) if raw else log.legal_date


def _answer_dates_fit(case, data) -> str | None:
    """一份邮寄的答复以交邮日期计算是否逾期（第八十八条第一款 → 《民事诉讼法》第八十五条第三款: 期满前
    交邮的，不算过期）: a mailed answer names its posting date, which lies between the respondent's
    receipt of the copy and the answer's arrival; only a mailed answer has one."""
    manner, posted, answered = data.get("manner"), data.get("posted_on"), data.get("answered_on")
    if manner == "post" and posted is None:
        return "被申请人邮寄答复的，请填写交邮日期（以邮戳日期为准）：期满前交邮的，不算逾期。"
    if posted is not None and manner != "post":
        return "只有邮寄的答复才填写交邮日期；请将“答复方式”选为“邮寄”，或者清空交邮日期。"
    if posted is not None and answered is not None and posted > answered:
        return f"交邮日期（{written_date(posted)}）不能晚于收到答复日期（{written_date(answered)}）。"
    received = copy_received_on(case)
    first = posted or answered
    if received is not None and first is not None and first < received:
        return (
            f"被申请人于{written_date(received)}收到申请书副本，"
            f"{'交邮' if posted else '答复'}日期（{written_date(first)}）不能早于该日。"
        )
    return None


def _posted_on(log) -> dt.date | None:
    raw = (log.data or {}).get("posted_on") if log else None
    return dt.date.fromisoformat(str(raw)[:10]) if raw else None


def timely_posting(case) -> dt.date | None:
    """The posting date of an answer the respondent mailed within the answer period and that has
    not arrived yet (登记交邮, below), or None."""
    posted = _posted_on(steps(case).last("record_posting"))
    period = calendar.latest_clock(case, "answer", open_only=True)
    if posted is None or period is None or period.due_date is None or posted > period.due_date:
        return None
    return posted


def _posting_possible(case, data) -> str | None:
    posted, noted = data.get("posted_on"), data.get("noted_on")
    if posted is not None and noted is not None and posted > noted:
        return f"交邮日期（{written_date(posted)}）不能晚于获知交邮的日期（{written_date(noted)}）。"
    received = copy_received_on(case)
    if posted is not None and received is not None and posted < received:
        return f"被申请人于{written_date(received)}收到申请书副本，交邮日期（{written_date(posted)}）不能早于该日。"
    return None


# 逾期未答复 only once the answer period has run out (第四十八条、第七十条) — and never while an answer
# mailed within it is on its way: 期满前交邮的，不算过期 (第八十八条第一款 → 《民事诉讼法》第八十五条第三款).
# Whether an answer is late is judged on its posting date: when it is registered (``clock_dates`` of
# 登记答复), and before it arrives once its posting is known (登记交邮: the respondent's notice, a
# tracking number) — then 逾期未答复 is refused and the case waits for the letter.
_answer_not_in_the_post = refused_when(
    lambda case: timely_posting(case) is not None,
    "被申请人已在答复期限内交邮答复（期满前交邮的，不算过期，《民事诉讼法》第八十五条），"
    "不能认定逾期未答复；请待收到后“登记答复”。",
)
_answer_overdue = period_over(
    "answer",
    "noted_on",
    early="被申请人答复期限至{due}届满，期限届满前不能认定逾期未答复。",
    missing="被申请人答复期限未在计算中，不能认定逾期未答复。",
)


HEARING_NOTICE_WORKDAYS = 5  # 2023 法第五十一条: 举行听证的五日前书面通知（第八十八条: 工作日）


# 听证通知应当于举行听证的五个工作日前送达当事人（2023 法第五十一条、第八十八条）; the 2017 text
# (实施条例第三十三条) sets no notice period.
_hearing_notice = notice_ahead(
    "notified_on",
    "hearing_date",
    HEARING_NOTICE_WORKDAYS,
    "workday",
    early=f"听证通知应当于举行听证的五个工作日前送达当事人（{LAW}第五十一条），"
    "{notified}送达通知的，听证日期不得早于{earliest}。",
    out_of_order="听证日期应当晚于听证通知送达日期。",
    applies=lambda case: not is_2017(case),
)


def _hearing_held(case, data) -> str | None:
    held = data.get("held_on")
    if held is not None and case.hearing_date and held < case.hearing_date:
        return (
            f"听证定于{written_date(case.hearing_date)}举行，不能登记在此之前举行；需提前的，请重新通知听证。"
        )
    return None


# 第五十五条: only a case heard in the simple procedure can be converted.
_convertible = refused_when(lambda case: not case.simple_procedure, "本案适用普通程序审理，无需转换。")


def _decision_fits_law(case, data) -> str | None:
    """Decision types differ between the 2017 and 2023 texts; the case's date decides which applies."""
    chosen = data.get("decision_type")
    allowed = case.allowed_decisions
    if chosen and chosen not in allowed:
        version = LawVersion(case.law_version).label
        names = "、".join(DecisionType(c).label for c in allowed)
        return (
            f"本案于{written_date(case.received_on)}收到申请，适用{version}，"
            f"不能作出“{DecisionType(chosen).label}”决定。可选：{names}。"
        )
    return None


# 第六十二条第二款: 简易程序 30 日内作出决定，法律未规定延期；需延期的应先转为普通程序（第五十五条）.
_extension_allowed = refused_when(
    lambda case: case.simple_procedure,
    "适用简易程序的案件不能延期（《行政复议法》第六十二条）；确需延期的，请先转为普通程序（第五十五条）。",
)


# 不予受理 only within the review period (2023 法第三十条第二款: 应当在审查期限内决定不予受理;
# 2017 法第十七条第一款: 五日内…决定不予受理). After it the case stands accepted by law; one found
# not to meet the conditions is ended by 驳回申请 (2023 第三十三条; 2017 实施条例第四十八条).
_rejection_in_time = within_period(
    "acceptance_review",
    "decided_on",
    late=lambda case, due: (
        f"受理审查期限已于{due}届满，本案依法已视为受理（{article_for(case, 'deem_accepted')}），"
        f"不能再决定不予受理（{article_for(case, 'reject')}：应当在审查期限内决定）。请办理“受理”；"
        + (
            "受理后发现不符合受理条件的，以“驳回行政复议申请”决定结案（《行政复议法实施条例》第四十八条）。"
            if is_2017(case)
            else "受理后发现不符合受理条件的，以“驳回申请”决定结案（《行政复议法》第三十三条）。"
        )
    ),
)

# 延期 only before the decision period ends (2023 法第六十二条第一款 / 2017 法第三十一条第一款:
# 情况复杂，不能在规定期限内作出行政复议决定的…可以适当延长). The date is the day the extension takes
# effect — the approver's confirmation — so one asked in time but approved after expiry is refused.
_extension_in_time = within_period(
    "decision",
    late=lambda case, due: (
        f"作出行政复议决定期限已于{due}届满，届满后不能再延期（{article_for(case, 'extend')}：不能在规定期限内"
        "作出行政复议决定的，经负责人批准可以延长）。本案已逾期，请尽快作出决定。"
    ),
)


SUSPEND_STEPS = ("suspend_before_copy", "suspend_answering", "suspend")
SUSPENDED_STATES = ("suspended_accepted", "suspended_answering", "suspended")


def suspended_since(case) -> dt.date | None:
    last = engine.history(case).filter(transition__in=SUSPEND_STEPS).order_by("-legal_date", "-id").first()
    return last.legal_date if last else None


def _termination_fits(case, data) -> str | None:
    """终止事由 by law version (2023 第四十一条; 2017 第二十五条、实施条例第四十二条)."""
    ground, reason = data.get("ground"), data.get("withdrawal_reason")
    if ground == TerminationGround.SETTLED and not is_2017(case):
        return (
            "2023年《行政复议法》施行后，当事人和解的，由申请人撤回申请、行政复议机构准予撤回后终止"
            "（第七十四条、第四十一条第一项），请选择“申请人撤回”并注明撤回原因为和解。"
        )
    if reason and ground not in (TerminationGround.WITHDRAWN, TerminationGround.SETTLED):
        return "只有申请人撤回（或和解）终止的，才需要注明撤回原因。"
    if ground == TerminationGround.LONG_SUSPENSION:
        since = suspended_since(case) if case.status in SUSPENDED_STATES else None
        if since is None or case.suspension_ground not in LONG_SUSPENSION_GROUNDS:
            names = "、".join(SuspensionGround(g).label for g in LONG_SUSPENSION_GROUNDS)
            return f"以“中止满六十日”终止，须本案正因下列事由之一中止：{names}。"
        ends = since + dt.timedelta(days=LONG_SUSPENSION_DAYS)
        terminated = data.get("terminated_on")
        if terminated is not None and terminated < ends:
            return (
                f"本案于{written_date(since)}中止，至{written_date(ends)}方满六十日（{article_for(case, 'terminate')}），"
                "此前不能以中止满六十日为由终止。"
            )
    return None


# --- what a 2023-text case needs before its decision (第四十九条、第五十条、第五十二条、第六十一条) -------


def on_record(check: Callable[[Any], str | None]) -> Guard:
    """A guard from ``check(case)`` → None or the refusal: a rule on the record alone, so the button
    is shown disabled with the reason before anything is filled in."""
    return previewed(lambda case, data: check(case), lambda case, today: check(case))


def _views_missing(case) -> str | None:
    """2023 法第四十九条: 适用普通程序审理的…应当当面或者通过互联网、电话等方式听取当事人的意见，并将听取
    的意见记录在案。因当事人原因不能听取意见的，可以书面审理 — ``hear_views`` with the manner 书面审理.
    A hearing held (第五十条) hears the parties in person, its 听证笔录 on file, and counts too. Not for
    简易程序 (第五十四条: 可以书面审理) nor a 2017-text case (2017 法第二十二条: 原则上采取书面审查)."""
    if is_2017(case) or case.simple_procedure or steps(case).last("hear_views", "hold_hearing"):
        return None
    return (
        f"适用普通程序审理的案件，作出决定前应当当面或者通过互联网、电话等方式听取当事人的意见并记录在案"
        f"（{LAW}第四十九条），请先办理“听取当事人意见”；因当事人原因不能听取意见的，在该步骤中选择"
        "“书面审理”并写明原因。"
    )


def is_major(case) -> bool:
    return case.committee_ground == CommitteeGround.MAJOR


def _hearing_missing(case) -> str | None:
    """2023 法第五十条第一款: 审理重大、疑难、复杂的行政复议案件，行政复议机构应当组织听证."""
    if is_2017(case) or not is_major(case) or steps(case).last("hold_hearing"):
        return None
    return (
        f"本案已认定为案情重大、疑难、复杂，行政复议机构应当组织听证（{LAW}第五十条第一款），"
        "请先通知并举行听证后再作出决定。"
    )


def _consultation_missing(case) -> str | None:
    """2023 法第五十二条第二款: 案情重大、疑难、复杂，专业性、技术性较强，第二十四条第二款规定的案件，或者
    行政复议机构认为有必要的，应当提请行政复议委员会提出咨询意见 — recorded by ``consult_committee``
    (第五十二条第三款: 应当记录; 第六十一条第三款: 作为作出决定的重要参考依据)."""
    if is_2017(case) or not case.committee_ground or steps(case).last("consult_committee"):
        return None
    ground = CommitteeGround(case.committee_ground).label
    return (
        f"本案属于“{ground}”的情形，行政复议机构应当提请行政复议委员会提出咨询意见（{LAW}第五十二条第二款），"
        "请先办理“提请行政复议委员会咨询”并记录咨询意见。"
    )


_views_heard = on_record(_views_missing)
_major_case_heard = on_record(_hearing_missing)
_committee_consulted = on_record(_consultation_missing)

# 简易程序 is for cases 事实清楚、权利义务关系明确、争议不大 (第五十三条): a case found 重大、疑难、复杂 is
# converted to the ordinary procedure first (第五十五条), where it is heard (第五十条).
_MAJOR_ON_SIMPLE = (
    f"适用简易程序审理的案件不能认定为案情重大、疑难、复杂（{LAW}第五十三条）；确属重大、疑难、复杂的，"
    "请先转为普通程序（第五十五条）。"
)


def _major_needs_ordinary(field: str) -> Guard:
    def guard(case, data) -> str | None:
        if case.simple_procedure and data.get(field) == CommitteeGround.MAJOR:
            return _MAJOR_ON_SIMPLE
        return None

    return guard


def _views_recorded(case, data) -> str | None:
    """第四十九条: 因当事人原因不能听取意见的，可以书面审理 — the reason is put on record."""
    if data.get("manner") == "written" and not data.get("unable_reason"):
        return "选择书面审理的，请写明因当事人何种原因不能听取意见（《行政复议法》第四十九条）。"
    return None


_advice_after_request = not_before(
    "advised_on", "requested_on", "咨询意见日期（{date}）不能早于提请咨询的日期（{other}）。"
)


DECISION_TEXTS = (
    ("applicant_says", "申请人称（事实和理由）"),
    ("respondent_says", "被申请人称"),
    ("facts", "经审理查明"),
    ("reasoning", "本机关认为"),
)


# What a decision may add to its type (2023 法第六十四条、第七十一条、第七十二条; 2017 法第二十八条、第二十九条).
REDO_WITH = {  # 责令重新作出 goes with these types
    LawVersion.V2023: (DecisionType.REVOKE, DecisionType.PARTIAL_REVOKE),
    LawVersion.V2017: (DecisionType.REVOKE, DecisionType.PARTIAL_REVOKE, DecisionType.CONFIRM_ILLEGAL),
}
COMPENSATION_WITH = {
    Compensation.GRANTED: (
        DecisionType.REVOKE,
        DecisionType.PARTIAL_REVOKE,
        DecisionType.CHANGE,
        DecisionType.CONFIRM_ILLEGAL,
        DecisionType.CONFIRM_VOID,
    ),
    Compensation.RETURN: (DecisionType.REVOKE, DecisionType.PARTIAL_REVOKE, DecisionType.CHANGE),
}


def _remedies_fit(case, data) -> str | None:
    """责令重作 only with 撤销/部分撤销 (2023 第六十四条; 2017 第二十八条第一款第（三）项 also 确认违法),
    within a period; 行政协议 liability named (第七十一条); 赔偿 only with a decision that finds the act
    wrong (2023 第七十二条; 2017 第二十九条), 驳回赔偿请求 with any."""
    chosen, days = data.get("decision_type"), data.get("redo_days")
    if days is not None and days != "":
        allowed = REDO_WITH[LAW_VERSIONS.of(case)]
        article = LAW_VERSIONS.pick(case, f"{LAW}第六十四条", f"{LAW}第二十八条第一款第（三）项")
        if chosen not in allowed:
            names = "、".join(DecisionType(t).label for t in allowed)
            return f"只有决定{names}时，才能责令被申请人重新作出行政行为（{article}）。"
        if int(days) < 1:
            return f"责令重新作出行政行为的期限应当至少为一日（{article}）。"
    if chosen == DecisionType.AGREEMENT and not (data.get("obligation") or "").strip():
        return f"责令承担行政协议责任的，请写明被申请人应当承担的责任（{LAW}第七十一条）。"
    compensation = data.get("compensation")
    if compensation in COMPENSATION_WITH and chosen not in COMPENSATION_WITH[compensation]:
        article = LAW_VERSIONS.pick(case, f"{LAW}第七十二条", f"{LAW}第二十九条")
        names = "、".join(DecisionType(t).label for t in COMPENSATION_WITH[compensation])
        return f"“{Compensation(compensation).label}”只能与{names}决定同时作出（{article}）。"
    return None


def _decision_made_properly(case, data) -> str | None:
    """How the decision was approved and what its 决定书 says.

    2023 法第六十一条第一款 (2017 法第二十八条第一款): 经行政复议机关的负责人同意或者集体讨论通过 — the
    决定方式 is a required input, and the 负责人 is named when it is his 同意. The decision is made as a
    行政复议决定书 (2023 法第七十五条第一款; 2017 法第三十一条第二款); the law lists no contents, the
    决定书 format (templates/reconsideration/documents/decision.txt) states the parties' positions, the
    facts found and the reasons: each is required, except 被申请人称 when it did not answer (the 决定书
    then says so, 第七十条). A 调解书 (2023 法第七十三条; 2017 实施条例第五十条) carries the agreement
    instead.
    """
    approval_article = LAW_VERSIONS.pick(case, f"{LAW}第六十一条第一款", f"{LAW}第二十八条第一款")
    if data.get("approval") == "leader" and not data.get("approver"):
        return (
            f"决定方式为“经行政复议机关负责人同意”的，请选择同意的行政复议机关负责人（{approval_article}）。"
        )
    if data.get("decision_type") == DecisionType.MEDIATION:
        if not data.get("agreement"):
            return "以调解书结案的，请填写调解协议内容（调解书应当载明调解结果）。"
        return None
    overdue = steps(case).last("answer_overdue") is not None
    missing = [
        label
        for name, label in DECISION_TEXTS
        if not data.get(name) and not (name == "respondent_says" and overdue)
    ]
    if missing:
        article = LAW_VERSIONS.pick(case, f"{LAW}第七十五条", f"{LAW}第三十一条第二款")
        return (
            f"作出行政复议决定应当制作行政复议决定书（{article}），决定书写明申请人称、被申请人称、经审理查明"
            f"和本机关认为，请填写：{'、'.join(missing)}。"
        )
    return None


# 第四十八条: the respondent receives the copy on or after the day it is sent.
_copy_received_after_sending = not_before(
    "received_on", "sent_on", "被申请人收到副本日期（{date}）不能早于副本发出日期（{other}）。"
)


def _service_dates_fit(case, data) -> str | None:
    """送达 (第七十五条): the document is sent on or after the day it was made and served on or after
    the day it was sent."""
    sent, served = data.get("sent_on"), data.get("served_on")
    if sent is not None and served is not None and served < sent:
        return f"送达日期（{written_date(served)}）不能早于发出日期（{written_date(sent)}）。"
    if sent is not None and case.decided_on and sent < case.decided_on:
        return f"发出日期（{written_date(sent)}）不能早于决定日期（{written_date(case.decided_on)}）。"
    return None


def _special_period_fits(case, data) -> str | None:
    """第六十二条第一款但书: a shorter period set by law, with the provision that sets it."""
    return special_period_problem(data.get("decision_days"), data.get("decision_basis") or "")


# --- the procedure --------------------------------------------------------------------------------

DECISION_CHOICES = tuple((c.value, c.label) for c in DecisionType if c != DecisionType.TERMINATED)
# 行政复议期间 (第四十二条): from acceptance until the decision, suspended or not — the stretch in which
# 停止执行 may be decided and a superior's order about an overdue case recorded (第三十五条).
DURING_REVIEW = (
    "accepted",
    "answering",
    "reviewing",
    "hearing",
    "suspended_accepted",
    "suspended_answering",
    "suspended",
)
# 第四十七条: the respondent's 书面答复、证据、依据 may be read once it has answered (or its period ran out).
ANSWERED = ("reviewing", "hearing", "suspended")
DECISION_APPROVALS = (("leader", "经行政复议机关负责人同意"), ("collective", "经集体讨论通过"))
STOP_EXECUTION_GROUNDS = (  # 2023 法第四十二条 (2017 法第二十一条)
    ("respondent", "被申请人认为需要停止执行"),
    ("body", "行政复议机关认为需要停止执行"),
    ("requested", "申请人、第三人申请停止执行，行政复议机关认为其要求合理"),
    ("law", "法律、法规、规章规定停止执行"),
)
FILE_ACCESS_BY = (("applicant", "申请人"), ("third_party", "第三人"), ("agent", "委托代理人"))
COMPLIANCE_MEASURES = (("talk", "约谈被申请人的有关负责人"), ("notice", "予以通报批评"))
VIEWS_MANNER_CHOICES = (
    ("in_person", "当面听取"),
    ("online", "通过互联网听取"),
    ("phone", "通过电话听取"),
    ("written", "因当事人原因不能听取意见，书面审理"),
)
HEARING_BASIS_CHOICES = (
    ("major", "案件重大、疑难、复杂，应当听证"),
    ("requested", "申请人请求听证"),
    ("necessary", "行政复议机构认为有必要听证"),
)
IN_REVIEW = ("accepted", "answering", "reviewing", "hearing", *SUSPENDED_STATES)

_SUSPEND_FIELDS = (
    Field("ground", "中止事由", "choice", choices=SuspensionGround),
    Field("reason", "具体情况", "textarea", required=False),
    Field("suspended_on", "中止日期", "date"),
)
_CASE_CLOCKS = ("decision", "copy", "answer")
_HEARING_FIELDS = (
    Field("hearing_date", "听证日期", "date"),
    Field("place", "听证地点", "text"),
    Field("matters", "拟听证事项", "textarea"),
    Field("notified_on", "听证通知送达日期", "date"),
)

PROCEDURE = register(
    Procedure(
        name=PROCEDURE_NAME,
        label="行政复议",
        model="reconsideration.ReconsiderationCase",
        initial="received",
        description="《中华人民共和国行政复议法》（2023年修订）；2024年1月1日前收到的申请适用2017年文本。",
        # 审查期限届满未作出不予受理决定的，视为受理: taken by the deadline scheduler
        # (fazhi.core.workflow.deadlines) on the day after the review period ends.
        deadline_steps=(
            DeadlineStep(
                clock="acceptance_review", transition="deem_accepted", article=f"{LAW}第三十条第三款"
            ),
        ),
        states=(
            State("received", "已收件", "grey", queue="待登记"),
            State(
                "review",
                "受理审查中",
                "blue",
                queue="待受理审查",
                next_steps=("request_completion", "accept", "reject"),
            ),
            State("completing", "补正中", "orange"),
            State("accepted", "已受理", "blue", queue="待发送申请书副本", next_steps=("send_copy",)),
            State("answering", "待答复", "blue", queue="待被申请人答复", next_steps=("receive_answer",)),
            State(
                "reviewing",
                "审理中",
                "blue",
                queue="待审理决定",
                next_steps=("hear_views", "schedule_hearing", "consult_committee", "decide"),
            ),
            State(
                "hearing",
                "待听证",
                "blue",
                queue="待举行听证",
                next_steps=("hold_hearing", "reschedule_hearing"),
            ),
            State("suspended_accepted", "中止（待发送副本）", "purple"),
            State("suspended_answering", "中止（待答复）", "purple"),
            State("suspended", "中止", "purple"),
            State("decided", "已作出决定", "green", queue="待送达决定书"),
            State("terminated", "已终止", "grey", queue="待送达终止决定", next_steps=("serve",)),
            State("served", "已送达", "green", queue="待归档", next_steps=("archive",)),
            # Not terminal: a 不予受理 without good reason is corrected when the superior organ orders
            # it (第三十五条; 2017 法第二十条) — 依上级责令受理. Nothing else leaves it; nothing waits in it.
            State("rejected", "不予受理", "red"),
            State("abandoned", "视为放弃", "grey", terminal=True),
            State("withdrawn", "申请人撤回申请", "grey", terminal=True),
            State("archived", "已归档", "grey", terminal=True),
        ),
        transitions=(
            _step(
                "register",
                "登记收件",
                ("received",),
                "review",
                **on_date("received_on", "收到申请日期"),
                copies={"received_on": "received_on"},
                start_clocks=(ACCEPTANCE_REVIEW,),
                roles=("officer", "reviewer"),  # 复议机构 staff register applications too
            ),
            _step(
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
                    # 第三十一条: the five days are judged on the day the notice is sent; the 补正期限
                    # runs from the day the applicant receives it (第八十八条第一款 → 民事诉讼法).
                    Field(
                        "sent_on",
                        "补正通知发出日期",
                        "date",
                        required=False,
                        help="邮寄的填交邮日期；当面送达的可不填（即送达当日）。五个工作日内发出即为及时。",
                    ),
                    Field(
                        "notified_on",
                        "补正通知送达日期",
                        "date",
                        help="申请人收到补正通知之日，补正期限自该日起算",
                    ),
                ),
                date_field="notified_on",
                guard=_completion_notice_in_time,
                suspend_clocks=("acceptance_review",),
                start_clocks=(COMPLETION,),
                clock_dates={"acceptance_review": "sent_on"},  # the review waits from the day it was sent
            ),
            _step(
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
                approval=Approval(roles=("leader",), authority="行政复议机构负责人"),
                style="secondary",
            ),
            _step(
                "complete",
                "补正材料收齐",
                ("completing",),
                "review",
                **on_date("completed_on", "收到补正材料日期"),
                stop_clocks=("completion",),
                restart_clocks=("acceptance_review",),  # 自收到补正材料之日起重新审查（第三十一条）
            ),
            _step(
                "deem_abandoned",
                "逾期未补正，视为放弃",
                ("completing",),
                "abandoned",
                roles=("reviewer",),
                **on_date("noted_on", "认定日期"),
                guard=_completion_overdue,
                stop_clocks=("completion", "acceptance_review"),
                style="danger",
            ),
            _step(
                # 第七十四条 (2017 第二十五条): the applicant may withdraw an application still under 受理审查
                # or 补正; it is neither 受理 nor 审结 (no 受理日期, no 结案方式: indicators.py).
                "withdraw_application",
                "申请人撤回申请",
                ("review", "completing"),
                "withdrawn",
                fields=(
                    Field("reason", "撤回理由", "textarea", help="申请人书面或者口头提出撤回的理由"),
                    Field("withdrawn_on", "撤回日期", "date", help="收到申请人撤回申请之日"),
                ),
                date_field="withdrawn_on",
                stop_clocks=("acceptance_review", "completion"),
                style="danger",
            ),
            _step(
                "accept",
                "受理",
                ("review",),
                "accepted",
                roles=("reviewer",),
                guard=_special_period_fits,
                fields=(
                    Field(
                        "accepted_on",
                        "受理日期",
                        "date",
                        # 2023 法第三十条第三款; 2017 法第十七条第二款 (``legal_acceptance_date``).
                        help="审查期限届满后办理受理的，依法自审查期限届满之日起视为受理，系统以该日为"
                        "受理日期；2024年1月1日前收到的申请，自收到之日起即为受理。",
                    ),
                    # 第六十二条第一款但书: a law setting a period shorter than 60 日 for this case.
                    Field(
                        "decision_days",
                        "法律规定的较短决定期限（日）",
                        "int",
                        required=False,
                        help="法律规定的行政复议期限少于六十日的填写（《行政复议法》第六十二条第一款）；否则不填。",
                    ),
                    Field("decision_basis", "规定较短期限的法律条款", "text", required=False),
                ),
                date_field="accepted_on",
                # The record's 受理日期 is the legal one (``legal_acceptance_date``, set below).
                stop_clocks=("acceptance_review",),
                start_clocks=(COPY_TO_RESPONDENT, DECISION),
            ),
            _step(
                # Taken by the deadline scheduler (``deadline_steps`` above; ``fazhi deadlines run``)
                # for every lapsed review, or by a reviewer. The legal date is the day the lapse is
                # noted; the acceptance date (and the clocks) run from the day the review ended.
                "deem_accepted",
                "审查期满，视为受理",
                ("review",),
                "accepted",
                roles=("reviewer",),
                **on_date("noted_on", "认定日期"),
                guard=_acceptance_review_lapsed,
                stop_clocks=("acceptance_review",),
                start_clocks=(COPY_TO_RESPONDENT, DECISION),
                style="secondary",
            ),
            _step(
                "reject",
                "不予受理",
                ("review",),
                "rejected",
                roles=("reviewer",),
                fields=(
                    Field("reason", "不予受理理由", "textarea"),
                    Field("decided_on", "决定日期", "date"),
                    # 2023 法第三十条第二款; 2017 法第十七条第一款: named in the 不予受理决定书.
                    Field(
                        "competent_body",
                        "有管辖权的行政复议机关",
                        "text",
                        required=False,
                        help="不属于本机关管辖的，填写后在不予受理决定书中告知申请人",
                    ),
                ),
                date_field="decided_on",
                guard=_rejection_in_time,
                stop_clocks=("acceptance_review",),
                style="danger",
            ),
            _step(
                "send_copy",
                "向被申请人发送申请书副本",
                ("accepted",),
                "answering",
                fields=(
                    # 第四十八条: 七日内发送 (the sending date) — 被申请人自收到之日起十日内答复 (its receipt).
                    Field("sent_on", "副本发出日期", "date"),
                    Field(
                        "received_on",
                        "被申请人收到副本日期",
                        "date",
                        required=False,
                        help="答复期限自该日起算；当面送达或者通过本系统推送的可不填（即发出当日收到）。",
                    ),
                ),
                date_field="sent_on",
                guard=_copy_received_after_sending,
                stop_clocks=("copy",),
                start_clocks=(ANSWER,),
                clock_dates={"answer": "received_on"},
            ),
            _step(
                "receive_answer",
                "登记答复",
                ("answering",),
                "reviewing",
                fields=(
                    Field("answered_on", "收到答复书及证据日期", "date"),
                    Field("manner", "答复方式", "choice", required=False, choices=ANSWER_MANNERS),
                    Field(
                        "posted_on",
                        "交邮日期",
                        "date",
                        required=False,
                        help="邮寄答复的，填写邮戳日期：期满前交邮的，不算逾期（《民事诉讼法》第八十五条）。",
                    ),
                ),
                date_field="answered_on",
                guard=_answer_dates_fit,
                stop_clocks=("answer",),
                clock_dates={"answer": "posted_on"},  # a mailed answer is on time if posted in time
                # 被申请人 files its 答复书 and evidence itself (第四十八条), or the 复议机构 records them.
                shared=("act_organisation",),
            ),
            _step(
                # The 复议机构 learns that the respondent has mailed its answer (its notice, a postal
                # tracking number) before the letter arrives: recorded, so 逾期未答复 cannot be noted
                # while an answer posted in time is on its way.
                "record_posting",
                "登记答复已交邮",
                ("answering",),
                "answering",
                fields=(
                    Field("posted_on", "交邮日期", "date", help="以邮戳或者邮寄凭证日期为准"),
                    Field("noted_on", "获知日期", "date"),
                    Field("evidence", "交邮凭证", "text", required=False, help="如邮件单号"),
                ),
                date_field="noted_on",
                guard=_posting_possible,
                style="secondary",
            ),
            _step(
                "answer_overdue",
                "被申请人逾期未答复",
                ("answering",),
                "reviewing",
                fields=(
                    Field(
                        "noted_on",
                        "认定日期",
                        "date",
                        help="被申请人在期限内交邮的答复期满后才寄到的，不算逾期：已知交邮的请先“登记答复已交邮”，"
                        "待收到后“登记答复”。",
                    ),
                ),
                date_field="noted_on",
                guard=all_of(_answer_not_in_the_post, _answer_overdue),
                stop_clocks=("answer",),
                # 被申请人不答复的，视为该行政行为没有证据、依据（第七十条）.
                style="secondary",
            ),
            _step(
                "hear_views",
                "听取当事人意见",
                ("reviewing",),
                "reviewing",
                fields=(
                    Field("heard_on", "听取意见日期", "date"),
                    Field("manner", "听取方式", "choice", choices=VIEWS_MANNER_CHOICES),
                    Field("summary", "意见要点", "textarea"),
                    Field(
                        "unable_reason",
                        "不能听取意见的原因",
                        "textarea",
                        required=False,
                        help="选择书面审理的，写明因当事人何种原因不能听取意见（第四十九条）",
                    ),
                ),
                date_field="heard_on",
                guard=_views_recorded,
                style="secondary",
            ),
            _step(
                "mark_complex",
                "认定重大疑难复杂等情形",
                ("reviewing",),
                "reviewing",
                roles=("reviewer",),
                fields=(
                    Field("ground", "情形", "choice", choices=CommitteeGround),
                    Field("reason", "认定理由", "textarea"),
                    Field("marked_on", "认定日期", "date"),
                ),
                date_field="marked_on",
                copies={"committee_ground": "ground"},
                guard=_major_needs_ordinary("ground"),
                style="secondary",
            ),
            _step(
                "consult_committee",
                "提请行政复议委员会咨询",
                ("reviewing",),
                "reviewing",
                fields=(
                    Field("requested_on", "提请日期", "date"),
                    Field("advised_on", "咨询意见日期", "date"),
                    Field(
                        "opinion",
                        "咨询意见",
                        "textarea",
                        help="记录行政复议委员会的咨询意见（第五十二条第三款）",
                    ),
                ),
                date_field="advised_on",
                guard=_advice_after_request,
                style="secondary",
            ),
            _step(
                "schedule_hearing",
                "通知听证",
                ("reviewing",),
                "hearing",
                fields=(
                    Field("basis", "听证理由", "choice", choices=HEARING_BASIS_CHOICES),
                    *_HEARING_FIELDS,
                ),
                date_field="notified_on",
                copies={"hearing_date": "hearing_date"},
                guard=all_of(_major_needs_ordinary("basis"), _hearing_notice),
                style="secondary",
            ),
            _step(
                "reschedule_hearing",
                "变更听证时间",
                ("hearing",),
                "hearing",
                fields=_HEARING_FIELDS,
                date_field="notified_on",
                copies={"hearing_date": "hearing_date"},
                guard=_hearing_notice,
                style="secondary",
            ),
            _step(
                "cancel_hearing",
                "取消听证",
                ("hearing",),
                "reviewing",
                fields=(Field("reason", "取消理由", "textarea"), Field("cancelled_on", "取消日期", "date")),
                date_field="cancelled_on",
                style="secondary",
            ),
            _step(
                "hold_hearing",
                "举行听证",
                ("hearing",),
                "reviewing",
                fields=(
                    Field("held_on", "听证日期", "date"),
                    Field("presided_by", "听证主持人", "text"),
                    Field("summary", "听证情况", "textarea"),
                ),
                attachments=("听证笔录",),
                date_field="held_on",
                guard=_hearing_held,
            ),
            _step(
                "convert_to_ordinary",
                "简易程序转为普通程序",
                ("reviewing",),
                "reviewing",
                fields=(
                    Field("reason", "转换理由", "textarea"),
                    Field("approver", "批准人（行政复议机构负责人）", "user"),
                    Field("converted_on", "批准日期", "date"),
                ),
                date_field="converted_on",
                guard=_convertible,
                style="secondary",
            ),
            # 中止 from each step returns there on 恢复: one suspended state per step (the procedure
            # stays plain data: every move has one fixed target).
            *suspensions(
                (
                    ("accepted", "suspended_accepted", "suspend_before_copy", "resume_before_copy"),
                    ("answering", "suspended_answering", "suspend_answering", "resume_answering"),
                    ("reviewing", "suspended", "suspend", "resume"),
                ),
                label="中止审理",
                fields=_SUSPEND_FIELDS,
                date_field="suspended_on",
                resume_label="恢复审理",
                resume_fields=(Field("resumed_on", "恢复日期", "date"),),
                resume_date_field="resumed_on",
                clocks=_CASE_CLOCKS,
                make=_step,
            ),
            _step(
                "extend",
                "延期审理",
                ("reviewing",),
                "reviewing",
                fields=(
                    Field("days", "延长天数", "int", help="最多三十日"),
                    Field("reason", "延期理由", "textarea"),
                    # 2023 法第六十二条: 行政复议机构的负责人; 2017 法第三十一条: 行政复议机关的负责人.
                    Field(
                        "approver",
                        "批准人（行政复议机构负责人；2024年1月1日前收到的案件为行政复议机关负责人）",
                        "user",
                    ),
                ),
                guard=all_of(_extension_allowed, _extension_in_time),
                extend_clock="decision",
                # 2023 法第六十二条: 经行政复议机构的负责人批准; 2017 法第三十一条: 行政复议机关的负责人.
                approval=Approval(roles=("leader",), authority="行政复议机构负责人"),
                style="secondary",
            ),
            _step(
                "terminate",
                "终止审理",
                IN_REVIEW,
                "terminated",
                roles=("reviewer",),
                fields=(
                    Field("ground", "终止事由", "choice", choices=TerminationGround),
                    Field(
                        "withdrawal_reason",
                        "撤回原因",
                        "choice",
                        required=False,
                        choices=WithdrawalReason,
                        help="申请人撤回的，注明是否因被申请人自行纠正或者和解而撤回（用于综合纠错率）",
                    ),
                    Field("terminated_on", "终止日期", "date"),
                ),
                date_field="terminated_on",
                guard=_termination_fits,
                stop_clocks=_CASE_CLOCKS,
                style="danger",
            ),
            _step(
                "decide",
                "作出行政复议决定",
                ("reviewing",),
                "decided",
                roles=("reviewer",),
                fields=(
                    Field("decision_type", "决定类型", "choice", choices=DECISION_CHOICES),
                    Field("decided_on", "决定日期", "date"),
                    # 2023 法第六十一条第一款; 2017 法第二十八条第一款: 经行政复议机关的负责人同意或者集体
                    # 讨论通过, in the 复议机关's name. The texts below go into the 决定书 / 调解书.
                    # Required unless noted: ``_decision_made_properly``.
                    Field("approval", "决定方式", "choice", choices=DECISION_APPROVALS),
                    Field(
                        "approver",
                        "同意的行政复议机关负责人",
                        "user",
                        required=False,
                        help="决定方式为负责人同意的必填",
                    ),
                    Field(
                        "applicant_says",
                        "申请人称（事实和理由）",
                        "textarea",
                        required=False,
                        help="决定书必填；调解书可不填",
                    ),
                    Field(
                        "respondent_says",
                        "被申请人称",
                        "textarea",
                        required=False,
                        help="决定书必填（被申请人逾期未答复的除外）；调解书可不填",
                    ),
                    Field("facts", "经审理查明", "textarea", required=False, help="决定书必填；调解书可不填"),
                    Field(
                        "reasoning", "本机关认为", "textarea", required=False, help="决定书必填；调解书可不填"
                    ),
                    Field(
                        "agreement", "调解协议内容（调解书）", "textarea", required=False, help="调解书必填"
                    ),
                    # 2023 法第六十四条; 2017 法第二十八条第一款第（三）项: 可以责令在一定期限内重新作出.
                    Field(
                        "redo_days",
                        "责令重新作出行政行为的期限（日）",
                        "int",
                        required=False,
                        help="撤销或者部分撤销（2024年1月1日前收到的案件还有确认违法）时可以责令被申请人在一定期限内重新作出行政行为",
                    ),
                    Field(
                        "obligation",
                        "行政协议：被申请人应当承担的责任",
                        "textarea",
                        required=False,
                        help="决定类型为“责令承担行政协议责任”的必填：依法订立、继续履行、采取补救措施、赔偿损失或者给予合理补偿（第七十一条）",
                    ),
                    Field("compensation", "行政赔偿", "choice", required=False, choices=Compensation),
                ),
                date_field="decided_on",
                # 第六十一条第一款 (2017 法第二十八条第一款): 经行政复议机关的负责人同意 — the 负责人 named
                # confirms it on his own 待办, and the decision dates from that day; 经集体讨论通过 takes
                # effect as entered (the meeting decided).
                approval=Approval(
                    roles=("leader",),
                    authority="行政复议机关负责人",
                    when=("approval", "leader"),
                    dated_on_confirmation=True,
                ),
                copies={"decision_type": "decision_type", "decided_on": "decided_on"},
                # 第四十九条 (听取意见), 第五十条 (听证), 第五十二条 (咨询意见): shown on the button before
                # anything is filled in; then the decision type, its approval and its content.
                guard=all_of(
                    _views_heard,
                    _major_case_heard,
                    _committee_consulted,
                    _decision_fits_law,
                    _decision_made_properly,
                    _remedies_fit,
                ),
                stop_clocks=("decision",),
            ),
            _step(
                "serve",
                "送达",
                ("decided", "terminated"),
                "served",
                fields=(
                    Field(
                        "sent_on",
                        "发出日期",
                        "date",
                        required=False,
                        help="邮寄送达的填交邮日期；直接送达的可不填（即送达当日）。",
                    ),
                    Field(
                        "served_on", "送达日期", "date", help="受送达人收到之日（以送达回证或者签收日期为准）"
                    ),
                ),
                date_field="served_on",
                guard=_service_dates_fit,
                copies={"served_on": "served_on"},
            ),
            # 第四十二条: 行政复议期间行政行为不停止执行；但是被申请人认为需要、行政复议机关认为需要、申请人
            # 或者第三人申请且机关认为要求合理、或者法律法规规章规定的，停止执行.
            _step(
                "stop_execution",
                "决定停止执行",
                DURING_REVIEW,
                STAY,
                fields=(
                    Field("decided_on", "决定日期", "date"),
                    Field("ground", "停止执行的情形", "choice", choices=STOP_EXECUTION_GROUNDS),
                    Field("reason", "理由", "textarea"),
                ),
                date_field="decided_on",
                roles=("reviewer",),
                style="secondary",
            ),
            # 第三十五条 (2017 法第二十条): the applicant complained to the superior organ, which ordered the
            # body to correct a 不予受理 without good reason — it accepts the case from the order.
            _step(
                "accept_on_order",
                "依上级责令受理",
                ("rejected",),
                "accepted",
                roles=("reviewer",),
                fields=(
                    Field("superior", "责令纠正的上级行政机关", "text"),
                    Field("ordered_on", "责令日期", "date"),
                    Field("order_number", "责令文书文号", "text", required=False),
                    Field("accepted_on", "受理日期", "date", help="收到上级责令后受理之日，不早于责令日期"),
                ),
                date_field="accepted_on",
                guard=not_before(
                    "accepted_on", "ordered_on", "受理日期（{date}）不能早于上级责令日期（{other}）。"
                ),
                start_clocks=(COPY_TO_RESPONDENT, DECISION),
                style="secondary",
            ),
            # 第三十五条: a case accepted and not decided within its period, on the applicant's complaint —
            # the order is recorded on the case (the decision still to be made; the clock stays overdue).
            _step(
                "record_superior_order",
                "登记上级责令纠正",
                DURING_REVIEW,
                STAY,
                roles=("reviewer",),
                fields=(
                    Field("superior", "责令纠正的上级行政机关", "text"),
                    Field("ordered_on", "责令日期", "date"),
                    Field("order_number", "责令文书文号", "text", required=False),
                    Field("content", "责令纠正的内容", "textarea"),
                ),
                date_field="ordered_on",
                style="secondary",
            ),
            # 第四十七条: 申请人、第三人及其委托代理人可以查阅、复制被申请人提出的书面答复、证据、依据.
            _step(
                "record_file_access",
                "登记查阅复制材料",
                ANSWERED,
                STAY,
                fields=(
                    Field("accessed_on", "查阅日期", "date"),
                    Field("by", "查阅人", "choice", choices=FILE_ACCESS_BY),
                    Field("name", "查阅人姓名", "text"),
                    Field("materials", "查阅、复制的材料", "textarea"),
                ),
                date_field="accessed_on",
                style="secondary",
            ),
            # 第七十七条: 被申请人不履行或者无正当理由拖延履行的，责令其限期履行，并可以约谈有关负责人或者
            # 予以通报批评.
            _step(
                "order_compliance",
                "责令限期履行",
                ("served",),
                "served",
                fields=(
                    Field("ordered_on", "责令日期", "date"),
                    Field("deadline", "履行期限", "date"),
                    Field(
                        "measures", "同时采取的措施", "choice", required=False, choices=COMPLIANCE_MEASURES
                    ),
                    Field("summary", "不履行或者拖延履行的情况", "textarea"),
                ),
                date_field="ordered_on",
                guard=not_before("deadline", "ordered_on", "履行期限（{date}）不能早于责令日期（{other}）。"),
                roles=("reviewer",),
                style="secondary",
            ),
            _step(
                "record_compliance",
                "登记履行情况",
                ("served",),
                "served",
                fields=(Field("complied_on", "履行日期", "date"), Field("summary", "履行情况", "textarea")),
                date_field="complied_on",
                shared=("act_organisation",),  # the 被申请人 reports how it complied
                style="secondary",
            ),
            # 第七十九条第二款: 以本级人民政府工作部门为被申请人的，决定书、意见书同时抄告其上一级主管部门.
            _step(
                "copy_to_superior",
                "抄告上一级主管部门",
                ("served",),
                "served",
                fields=(
                    Field("copied_on", "抄告日期", "date"),
                    Field("recipient", "被申请人的上一级主管部门", "text"),
                ),
                date_field="copied_on",
                guard=refused_when(is_2017, "2017年《行政复议法》没有抄告上一级主管部门的规定。"),
                style="secondary",
            ),
            _step(
                "archive",
                "归档",
                ("served",),
                "archived",
                **on_date("archived_on", "归档日期"),
                style="secondary",
            ),
        ),
    )
)

# --- what steps write beyond their ``copies`` (inside the transaction, before save) -----------------


def _switch_to_ordinary_clock(case, when) -> None:
    """第五十五条: after conversion the decision period is the ordinary 60 日 from acceptance. The
    running clock keeps its ledger (suspensions so far stay excluded); the change is a 期限变更 entry
    in it, dated the day of conversion."""
    clock = calendar.latest_clock(case, "decision", open_only=True)
    if clock is None:
        return
    calendar.relength_clock(
        clock, length=DECISION.length_of(case), date=when, reason="简易程序转为普通程序（第五十五条）"
    )


def _copy_inputs(case, transition, data, when) -> None:
    name = transition.name
    if name == "deem_accepted":
        case.accepted_on = deemed_acceptance_date(case) or when
        case.deemed_accepted = True
    elif name == "accept_on_order":  # 第三十五条: accepted as the superior ordered, from that day
        case.accepted_on = data["accepted_on"]
        case.deemed_accepted = False
    elif name == "accept":
        case.accepted_on = legal_acceptance_date(case, data["accepted_on"])
        case.deemed_accepted = accepted_by_lapse(case, data["accepted_on"])
        if data.get("decision_days"):  # 第六十二条第一款但书, before the decision clock starts
            case.special_decision_days = data["decision_days"]
            case.special_decision_basis = data["decision_basis"]
    elif name in SUSPEND_STEPS:
        case.suspension_ground = data["ground"]
    elif name.startswith("resume"):
        case.suspension_ground = ""
    elif name == "cancel_hearing":
        case.hearing_date = None
    elif name == "schedule_hearing" and data["basis"] == "major":
        # 听证 noticed as mandatory (第五十条第一款): the case is 重大、疑难、复杂 — 咨询意见 too (第五十二条).
        case.committee_ground = CommitteeGround.MAJOR
    elif name == "convert_to_ordinary":
        case.simple_procedure = False
        case.simple_procedure_ground = ""
        _switch_to_ordinary_clock(case, when)
    elif name == "terminate":
        case.decision_type = DecisionType.TERMINATED
        case.termination_ground = data["ground"]
        case.withdrawal_reason = data.get("withdrawal_reason") or ""
        case.decided_on = when
    elif name == "serve":
        case.service_sent_on = data.get("sent_on") or data["served_on"]


engine.on_apply(PROCEDURE_NAME, _copy_inputs)


# --- 意见书 / 建议书 (2023 法第七十六条; 2017 实施条例第五十七条) -------------------------------------

OPINION_ARTICLES = {
    "issue": (f"{LAW}第七十六条", f"{RULES}第五十七条"),
    "record_reply": (f"{LAW}第七十六条", f"{RULES}第五十七条"),
}


# 意见书、建议书 are issued in the course of an accepted case (第七十六条).
_case_accepted = refused_when(
    lambda opinion: opinion.case.accepted_on is None, "案件受理后方可制发行政复议意见书或者建议书。"
)


_opinion_step = LAW_VERSIONS.transitions(OPINION_ARTICLES)


OPINION_PROCEDURE = register(
    Procedure(
        name=OPINION_PROCEDURE_NAME,
        label="行政复议意见书/建议书",
        model="reconsideration.ReconsiderationOpinion",
        initial="drafted",
        description="行政复议机关在办理案件中发现行政行为违法或者不当的，制发意见书；有关机关应当自收到之日起"
        "六十日内报送纠正情况（《行政复议法》第七十六条）。",
        states=(
            State("drafted", "拟制中", "grey", queue="待制发"),
            State("issued", "已制发", "blue"),
            State("replied", "已报送纠正情况", "green", terminal=True),
        ),
        transitions=(
            _opinion_step(
                "issue",
                "制发",
                ("drafted",),
                "issued",
                roles=("reviewer",),
                **on_date("received_on", "有关机关收到日期"),
                copies={"received_on": "received_on"},
                guard=_case_accepted,
                start_clocks=(FOLLOW_UP,),
            ),
            _opinion_step(
                "record_reply",
                "登记纠正情况",
                ("issued",),
                "replied",
                fields=(
                    Field("replied_on", "收到纠正情况报告日期", "date"),
                    Field("summary", "纠正情况", "textarea"),
                ),
                date_field="replied_on",
                copies={"replied_on": "replied_on", "reply_summary": "summary"},
                stop_clocks=("follow_up",),
            ),
        ),
    )
)


# --- 规范性文件附带审查 (2023 法第五十六条至第六十条; 2017 法第二十六条、第二十七条) -----------------------

INCIDENTAL_PROCEDURE_NAME = "reconsideration_incidental"

INCIDENTAL_ARTICLES = {
    "handle": (f"{LAW}第五十六条、第五十七条", f"{LAW}第二十六条、第二十七条"),
    "refer": (f"{LAW}第五十六条、第五十七条", f"{LAW}第二十六条、第二十七条"),
    "notify_maker": (f"{LAW}第五十八条", f"{LAW}第二十六条"),
    "record_maker_answer": (f"{LAW}第五十八条", f"{LAW}第二十六条"),
    "conclude": (f"{LAW}第五十九条", f"{LAW}第二十六条、第二十七条"),
    "transfer": (f"{LAW}第五十六条、第五十七条", f"{LAW}第二十六条、第二十七条"),
    "record_reply": (f"{LAW}第六十条", f"{LAW}第二十六条"),
}
_incidental_step = LAW_VERSIONS.transitions(INCIDENTAL_ARTICLES)
_REFERENCE_2017 = "（2017年《行政复议法》未规定该期限，参照2023年《行政复议法》第五十八条办理）"

HANDLING = ClockSpec(
    code="handling",
    label="附带审查处理期限",
    length=30,
    unit="day",
    **LAW_VERSIONS.cite(f"{LAW}第五十六条、第五十七条", f"{LAW}第二十六条、第二十七条"),
    start_label="收到审查申请或者决定审查依据",
    start_for="started_on",
)
TRANSFER = ClockSpec(
    code="transfer",
    label="转送期限",
    length=7,
    unit="workday",
    **LAW_VERSIONS.cite(f"{LAW}第五十六条、第五十七条、第八十八条", f"{LAW}第二十六条、第二十七条、第四十条"),
    start_label="收到审查申请或者决定审查依据",
    start_for="started_on",
)
MAKER_NOTICE = ClockSpec(
    code="maker_notice",
    label="书面通知制定机关期限",
    length=3,
    unit="workday",
    **LAW_VERSIONS.cite(f"{LAW}第五十八条、第八十八条", f"{LAW}第五十八条{_REFERENCE_2017}"),
    start_label="行政复议中止",
    start_for="started_on",
)
MAKER_ANSWER = ClockSpec(
    code="maker_answer",
    label="制定机关书面答复期限",
    length=10,
    unit="workday",
    **LAW_VERSIONS.cite(f"{LAW}第五十八条、第八十八条", f"{LAW}第五十八条{_REFERENCE_2017}"),
    start_label="制定机关收到书面通知",
    start_for="maker_received_on",
)
TRANSFEREE_REPLY = ClockSpec(
    code="transferee_reply",
    label="接受转送机关回复期限",
    length=60,
    unit="day",
    **LAW_VERSIONS.cite(f"{LAW}第六十条", f"{LAW}第二十六条"),
    start_label="接受转送的机关收到转送",
    start_for="transfer_received_on",
)

_competent = refused_when(
    lambda review: not review.competent, "本机关无权处理该规范性文件或者依据，应当转送有权处理的机关。"
)
_not_competent = refused_when(
    lambda review: review.competent, "本机关有权处理该规范性文件或者依据，应当在三十日内依法处理。"
)


_RECEIVED_AFTER_SENT = "收到日期（{date}）不能早于发出日期（{other}）。"


INCIDENTAL_PROCEDURE = register(
    Procedure(
        name=INCIDENTAL_PROCEDURE_NAME,
        label="规范性文件附带审查",
        model="reconsideration.IncidentalReview",
        initial="registered",
        description="申请人一并提出对规范性文件的附带审查申请，或者行政复议机关审查中认为依据不合法的，有权处理"
        "的三十日内依法处理，无权处理的七日内转送有权处理的机关（《行政复议法》第五十六条至第六十条）。",
        states=(
            State(
                "registered",
                "待确定处理方式",
                "grey",
                queue="待确定附带审查处理方式",
                next_steps=("handle", "refer"),
            ),
            State(
                "handling",
                "本机关处理中",
                "blue",
                queue="待处理附带审查",
                next_steps=("notify_maker", "record_maker_answer", "conclude"),
            ),
            State("referring", "待转送", "orange", queue="待转送附带审查", next_steps=("transfer",)),
            State("transferred", "已转送", "blue"),
            State("concluded", "已处理", "green", terminal=True),
            State("replied", "已收到处理意见", "green", terminal=True),
        ),
        transitions=(
            _incidental_step(
                "handle",
                "本机关依法处理",
                ("registered",),
                "handling",
                **on_date("decided_on", "确定日期"),
                guard=_competent,
                start_clocks=(HANDLING, MAKER_NOTICE),
            ),
            _incidental_step(
                "refer",
                "无权处理，决定转送",
                ("registered",),
                "referring",
                **on_date("decided_on", "确定日期"),
                guard=_not_competent,
                start_clocks=(TRANSFER,),
            ),
            _incidental_step(
                "notify_maker",
                "书面通知制定机关答复",
                ("handling",),
                "handling",
                fields=(
                    Field("notified_on", "通知发出日期", "date"),
                    Field("maker_received_on", "制定机关收到日期", "date"),
                ),
                date_field="notified_on",
                copies={"maker_received_on": "maker_received_on"},
                guard=not_before("maker_received_on", "notified_on", _RECEIVED_AFTER_SENT),
                stop_clocks=("maker_notice",),
                start_clocks=(MAKER_ANSWER,),
                style="secondary",
            ),
            _incidental_step(
                "record_maker_answer",
                "登记制定机关答复",
                ("handling",),
                "handling",
                fields=(
                    Field("answered_on", "收到书面答复日期", "date"),
                    Field("summary", "答复要点", "textarea"),
                ),
                date_field="answered_on",
                stop_clocks=("maker_answer",),
                style="secondary",
            ),
            _incidental_step(
                "conclude",
                "作出处理",
                ("handling",),
                "concluded",
                roles=("reviewer",),
                fields=(
                    Field("outcome", "处理结果", "choice", choices=ReviewOutcome),
                    Field("reasoning", "处理意见", "textarea"),
                    Field("concluded_on", "处理日期", "date"),
                ),
                date_field="concluded_on",
                copies={"outcome": "outcome", "closed_on": "concluded_on"},
                stop_clocks=("handling", "maker_notice", "maker_answer"),
            ),
            _incidental_step(
                "transfer",
                "转送有权处理的机关",
                ("referring",),
                "transferred",
                fields=(
                    Field("transferred_to", "有权处理的行政机关或者国家机关", "text"),
                    Field("sent_on", "转送日期", "date"),
                    Field("received_on", "对方收到日期", "date"),
                ),
                date_field="sent_on",
                copies={"transferred_to": "transferred_to", "transfer_received_on": "received_on"},
                guard=not_before("received_on", "sent_on", _RECEIVED_AFTER_SENT),
                stop_clocks=("transfer",),
                start_clocks=(TRANSFEREE_REPLY,),
            ),
            _incidental_step(
                "record_reply",
                "登记处理意见",
                ("transferred",),
                "replied",
                fields=(
                    Field("replied_on", "收到处理意见日期", "date"),
                    Field("summary", "处理意见", "textarea"),
                ),
                date_field="replied_on",
                copies={"closed_on": "replied_on"},
                stop_clocks=("transferee_reply",),
            ),
        ),
    )
)
