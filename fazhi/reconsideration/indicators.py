"""行政复议 figures for the annual report, over a region subtree and a period.

Each figure is declared below as a tally of records (:mod:`fazhi.indicators.tally`): every figure of
every region asked for is counted in one pass over the table, and the record ids behind each figure
come with it so a reader can check the number against the cases. Period basis:

- 收案 (received): ``received_on`` in the period;
- 受理 (accepted): ``accepted_on`` in the period;
- 审结 (concluded): ``decided_on`` in the period — every way a case ends after acceptance: a decision
  of any type (维持, 驳回 …), a 调解书, or 终止 (docs/statutes.md §纠错率: the denominator includes 终止
  and 驳回).

纠错率 = (撤销 + 部分撤销 + 变更 + 确认违法 + 确认无效 + 责令履行) ÷ 审结. Seed 000 (2022): 3 / 33 = 9.1%;
over 审结 less 终止 3 / 20, over 受理 3 / 40 (``correction_rate_excl_terminated`` / ``_accepted``).

综合纠错率 (a separately labelled variant, docs/statutes.md §纠错率 [待核]) adds to the numerator the cases ended by
agreement — 调解书 or 和解 (2023 法第七十三条、第七十四条) — or withdrawn after the respondent corrected
itself. 调撤结案率 = (调解书 + 终止 on a withdrawal or 和解) ÷ 审结. Same denominator.

按期办结率 = 审结 within the decision clock (60 / 简易 30 日 from acceptance, suspensions excluded,
approved extensions included; the clock records ``met`` when it stops) ÷ 审结. A case with no decision
clock (loaded from an old system) is timed from its 受理日期 by the clock's declaration; one without
a 受理日期 is left out of both, and the rate says how many (:mod:`fazhi.indicators.timeliness`).

The declarations are registered with the indicator registry (:mod:`fazhi.indicators.registry`) at
the end of this module under stable codes ``reconsideration.*``; runs, snapshots and the drill-down
use them (one region's figure: ``registry.get(code).run(region_prefix, start, end)``).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from fazhi.core.dates import within
from fazhi.indicators import timeliness
from fazhi.indicators.by_organisation import register_by_organisation
from fazhi.indicators.registry import Records, Remark, register_breakdown, register_count, register_rate
from fazhi.reconsideration.models import (
    CORRECTED_WITHDRAWALS,
    CORRECTIVE,
    LAW_2023_EFFECTIVE,
    DecisionType,
    TerminationGround,
    WithdrawalReason,
)


def concluded_q(start: dt.date, end: dt.date) -> Q:
    return Q(decided_on__gte=start, decided_on__lte=end) & ~Q(decision_type="")


def settled_q() -> Q:
    """Ended by agreement: a 调解书 (2023 法第七十三条; 实施条例第五十条), or 终止 after a 和解 — under
    the 2023 text a withdrawal for that reason (第七十四条), under the 2017 text also the 和解 ground
    (实施条例第四十二条第一款第四项)."""
    return Q(decision_type=DecisionType.MEDIATION) | Q(decision_type=DecisionType.TERMINATED) & (
        Q(withdrawal_reason=WithdrawalReason.SETTLED) | Q(termination_ground=TerminationGround.SETTLED)
    )


def corrected_withdrawal_q() -> Q:
    """综合纠错率 only: ended by agreement (:func:`settled_q`), or withdrawn after the respondent corrected
    itself."""
    corrected = Q(decision_type=DecisionType.TERMINATED, withdrawal_reason__in=CORRECTED_WITHDRAWALS)
    return settled_q() | corrected


def mediated_or_withdrawn_q() -> Q:
    """调撤: ended by agreement (:func:`settled_q`) or 终止 on any withdrawal (2023 法第四十一条第一项,
    2017 实施条例第四十二条第一款第一项)."""
    withdrawn = Q(decision_type=DecisionType.TERMINATED, termination_ground=TerminationGround.WITHDRAWN)
    return settled_q() | withdrawn


# --- what the figures count (one pass per table: fazhi.indicators.tally) ---------------------------

MODEL = "reconsideration.reconsiderationcase"

RECEIVED = Records(MODEL, "received", within("received_on"))
ACCEPTED = Records(MODEL, "accepted", within("accepted_on"))
CONCLUDED = Records(MODEL, "concluded", concluded_q)
CORRECTED = CONCLUDED.where("corrective", lambda start, end: Q(decision_type__in=CORRECTIVE))
CORRECTED_INCL_WITHDRAWN = CONCLUDED.where(
    "corrective_incl_withdrawn", lambda start, end: Q(decision_type__in=CORRECTIVE) | corrected_withdrawal_q()
)
CONCLUDED_NOT_TERMINATED = CONCLUDED.where(
    "not_terminated", lambda start, end: ~Q(decision_type=DecisionType.TERMINATED)
)
MEDIATED_OR_WITHDRAWN = CONCLUDED.where("mediated_or_withdrawn", lambda start, end: mediated_or_withdrawn_q())
# By the decision clock, or for a history without one by 受理日期 + 60 / 简易 30 日 (the DECISION
# clock's declaration; 2023 法第六十二条, 2017 法第三十一条) with the 中止 and 延期 it records.
DECIDED = timeliness.on_time(CONCLUDED, "decision", ended="decided_on")

# --- registered declarations (fazhi.indicators) ---------------------------------------------------


def by_law(v2023: str, v2017: str, *, before: str = "", after: str = "") -> dict:
    """The ``source`` words of a figure citing the 《行政复议法》 text of its period (LAW_VERSIONS:
    the 2023 text in force from 2024-01-01): a period wholly before that day cites the 2017 text,
    one from it the 2023 text, one across it both (``before`` / ``after`` wrap every form)."""
    return {
        "source": f"{before}《行政复议法》（2017）{v2017}；（2023）{v2023}{after}",
        "current_source": f"{before}《行政复议法》（2023）{v2023}{after}",
        "earlier_sources": (
            (LAW_2023_EFFECTIVE.isoformat(), f"{before}《行政复议法》（2017）{v2017}{after}"),
        ),
    }


DECISIONS = by_law("第六十三条至第六十九条", "第二十八条")
SOURCE_2017_2023 = DECISIONS["source"]
CONCLUDED_DENOMINATOR = "统计期内审结的全部案件（含维持、驳回、调解、终止）"
CONCLUDED_PERIOD = "结案（决定、调解、终止）日期在统计期内"


_CORRECTIVE_NAMES = "、".join(DecisionType(c).label for c in CORRECTIVE)

RECEIVED_COUNT = register_count(
    "reconsideration.received",
    "收到行政复议申请",
    RECEIVED.all,
    order=10,
    counts="收到的行政复议申请件数（含不予受理、尚在审查的申请）",
    period="收到申请日期在统计期内",
    **by_law("第二十二条", "第十一条"),
)
register_count(
    "reconsideration.accepted",
    "受理行政复议案件",
    ACCEPTED.all,
    order=20,
    counts="受理（含视为受理）的行政复议案件件数",
    period="受理日期在统计期内",
    exclusions="不予受理、尚在受理审查中的申请",
    **by_law("第三十条", "第十七条"),
)
CONCLUDED_COUNT = register_count(
    "reconsideration.concluded",
    "审结行政复议案件",
    CONCLUDED.all,
    order=30,
    counts="审结的行政复议案件件数（作出复议决定、调解、终止）",
    period=CONCLUDED_PERIOD,
    exclusions="不予受理的申请",
    **DECISIONS,
)
CORRECTION_RATE = register_rate(
    "reconsideration.correction_rate",
    "行政复议纠错率",
    CORRECTED,
    CONCLUDED.all,
    order=40,
    counts=f"统计期内审结且结案方式为{_CORRECTIVE_NAMES}的案件",
    out_of=CONCLUDED_DENOMINATOR,
    basis="审结",
    period=CONCLUDED_PERIOD,
    exclusions="不予受理的申请；尚未审结的案件",
    **DECISIONS,
)
# The same 纠错 over the other bases reports use (docs/statutes.md §纠错率): selectable by code, each
# naming its basis; the report warns when last year's figure used another (reports.checks).
register_rate(
    "reconsideration.correction_rate_excl_terminated",
    "行政复议纠错率（不含终止）",
    CORRECTED,
    CONCLUDED_NOT_TERMINATED,
    order=41,
    counts=f"统计期内审结且结案方式为{_CORRECTIVE_NAMES}的案件",
    out_of="统计期内审结的案件，不含终止的案件",
    basis="审结（不含终止）",
    period=CONCLUDED_PERIOD,
    **DECISIONS,
    variant_of="reconsideration.correction_rate",
)
register_rate(
    "reconsideration.correction_rate_accepted",
    "行政复议纠错率（受理口径）",
    CORRECTED,
    ACCEPTED.all,
    order=42,
    counts=f"统计期内审结且结案方式为{_CORRECTIVE_NAMES}的案件（不论何时受理）",
    out_of="统计期内受理的案件（不论是否审结）",
    basis="受理",
    period="分子：结案日期在统计期内；分母：受理日期在统计期内",
    **DECISIONS,
    variant_of="reconsideration.correction_rate",
)
register_rate(
    "reconsideration.comprehensive_correction_rate",
    "行政复议综合纠错率",
    CORRECTED_INCL_WITHDRAWN,
    CONCLUDED.all,
    order=50,
    counts=(
        f"统计期内审结且结案方式为{_CORRECTIVE_NAMES}的案件，加上调解结案、和解后终止、被申请人自行纠正后"
        "申请人撤回而终止的案件"
    ),
    out_of=CONCLUDED_DENOMINATOR,
    basis="审结",
    period=CONCLUDED_PERIOD,
    **by_law("第六十三条至第六十九条", "第二十八条", before="（综合口径，各地不一）"),
    notes=(
        "综合口径：在纠错率基础上计入调解、和解结案和被申请人自行纠正后申请人撤回的案件（各地口径不一）。",
    ),
    version=2,
)
register_rate(
    "reconsideration.mediation_withdrawal_rate",
    "行政复议调撤结案率",
    MEDIATED_OR_WITHDRAWN,
    CONCLUDED.all,
    order=55,
    counts="统计期内以调解书结案，或者因申请人撤回申请（含和解后撤回）、和解（2017年文本）而终止的案件",
    out_of=CONCLUDED_DENOMINATOR,
    basis="审结",
    period=CONCLUDED_PERIOD,
    source="《行政复议法》（2023）第七十三条、第七十四条、第四十一条第一项；《行政复议法实施条例》第四十二条、第五十条",
    # The 2017 text has no 调解 or 和解 article of its own: the 实施条例 alone governs them.
    earlier_sources=((LAW_2023_EFFECTIVE.isoformat(), "《行政复议法实施条例》第四十二条、第五十条"),),
)
register_rate(
    "reconsideration.on_time_rate",
    "行政复议按期办结率",
    DECIDED.on_time,
    DECIDED.timed,
    order=60,
    counts="统计期内审结、且结案日不晚于作出决定期限届满日的案件（没有期限记录的历史案件按受理日期推算期限）",
    out_of="统计期内审结的案件（含终止），没有受理日期、无法推算期限的除外",
    basis="审结",
    period=CONCLUDED_PERIOD,
    exclusions="没有期限记录也没有受理日期的历史案件（不计入分母，随数据注明件数）",
    **by_law("第六十二条（自受理之日起60日，简易程序30日）", "第三十一条（60日）"),
    remark=Remark(DECIDED.untimed, lambda n: f"另有{n}件审结案件没有受理日期，无法推算办理期限，未计入。"),
    version=2,
)

# 审结 by outcome, as the reports print them ("审结33件（其中维持11件、驳回6件、撤销2件、确认违法1件、
# 终止13件）", seed 000); the report checks that they add up to 审结, and that the rates' denominators
# (the same tally as 审结) equal it (fazhi.reports.checks.catalogue_rules).
register_breakdown(
    CONCLUDED_COUNT,
    CONCLUDED,
    "decision_type",
    (
        DecisionType.UPHOLD,
        DecisionType.REJECT_CLAIM,
        DecisionType.REJECT_APPLICATION,
        DecisionType.REJECT,
        DecisionType.REVOKE,
        DecisionType.PARTIAL_REVOKE,
        DecisionType.CHANGE,
        DecisionType.CONFIRM_ILLEGAL,
        DecisionType.CONFIRM_VOID,
        DecisionType.ORDER_PERFORMANCE,
        DecisionType.AGREEMENT,
        DecisionType.MEDIATION,
        DecisionType.TERMINATED,
    ),
    choices=DecisionType,
    name="审结：{label}",
    counts="统计期内审结且结案方式为{label}的案件件数",
)

# 各部门被复议情况: the same figures counted per 被申请人 (2023 法第十九条: the organ whose act is challenged;
# ``act_organisation``), so a department's leader sees how its acts fared (issue 11 item 9).
register_by_organisation(
    "reconsideration",
    "行政复议（作为被申请人）",
    field="act_organisation",
    figures=(RECEIVED_COUNT, CONCLUDED_COUNT, CORRECTION_RATE),
    order=10,
)
