"""Indicators 行政应诉 contributes, over a region subtree (GB/T 2260 prefix) and a period: tallies of
records (:mod:`fazhi.indicators.tally`, one pass over the table for every region asked for) with the
ids behind numerator and denominator, registered under stable codes ``litigation.*``.

Each declaration says what it counts, its period and article (docs/statutes.md §行政应诉, §败诉). 败诉率 =
一审败诉 (:data:`~fazhi.litigation.models.LOST_OUTCOMES`) ÷ 一审审结; 二审 (第八十九条) is counted apart,
by outcome, so a 二审改判 against the defendant is a figure of its own. 负责人出庭: over cases heard.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from fazhi.core.dates import exists_within, within
from fazhi.indicators.by_organisation import register_by_organisation
from fazhi.indicators.registry import Records, register_breakdown, register_count, register_rate
from fazhi.litigation.models import HEAD_CAPACITIES, LOST_OUTCOMES, OUTCOMES, Appearance, Hearing, Instance
from fazhi.reports import checks
from fazhi.reports.checks import PartsOfWhole

BASIS_CONCLUDED = "一审审结"
MODEL = "litigation.lawsuit"


def _first_instance_concluded(start: dt.date, end: dt.date) -> Q:
    return Q(instance=Instance.FIRST) & within("judged_on")(start, end) & ~Q(outcome="")


def _second_instance_concluded(start: dt.date, end: dt.date) -> Q:  # 二审 stored with 一审 outcomes: left out
    return within("judged_on")(start, end) & Q(outcome__in=OUTCOMES.codes(instance=Instance.SECOND))


# --- what the figures count (one pass per table: fazhi.indicators.tally) ---------------------------

RECEIVED = Records(MODEL, "received", within("complaint_received_on"))
CONCLUDED = Records(MODEL, "first_instance_concluded", _first_instance_concluded)
LOST = CONCLUDED.where("lost", lambda start, end: Q(outcome__in=LOST_OUTCOMES))
SECOND = Records(MODEL, "second_instance_concluded", _second_instance_concluded)
HEARD = Records(MODEL, "heard", exists_within(Hearing, "lawsuit", "hearing_on", held=True))
HEAD_APPEARED = HEARD.where(
    "head_appeared",
    exists_within(
        Appearance,
        "hearing__lawsuit",
        "hearing__hearing_on",
        hearing__held=True,
        capacity__in=HEAD_CAPACITIES,
    ),
)
# 法释〔2020〕3号 第四条: the court summons the head (法院通知负责人出庭) in cases of 重大公共利益 and the like;
# a summoned head who does not appear without a valid reason is reported (第十二条). Over cases whose
# summoned hearing was held in the period, those at which a head of the defendant appeared.
SUMMONED = Records(
    MODEL, "summoned", exists_within(Hearing, "lawsuit", "hearing_on", held=True, summoned_head=True)
)
SUMMONED_APPEARED = SUMMONED.where(
    "summoned_head_appeared",
    exists_within(
        Appearance,
        "hearing__lawsuit",
        "hearing__hearing_on",
        hearing__held=True,
        hearing__summoned_head=True,
        capacity__in=HEAD_CAPACITIES,
    ),
)
# 第十一条: a head who appears speaks on the substantive resolution of the dispute (出庭又出声).
HEAD_SPOKE = HEARD.where(
    "head_spoke",
    exists_within(
        Appearance,
        "hearing__lawsuit",
        "hearing__hearing_on",
        hearing__held=True,
        capacity__in=HEAD_CAPACITIES,
        spoke=True,
    ),
)


# --- registered declarations (fazhi.indicators) ---------------------------------------------------

FIRST_INSTANCE_PERIOD = "一审判决、裁定或调解日期在统计期内"

register_count(
    "litigation.received",
    "行政诉讼收案数",
    RECEIVED.all,
    order=10,
    counts="收到起诉状的行政诉讼案件件数（各审级）",
    period="收到起诉状日期在统计期内",
    source="《行政诉讼法》第六十七条第一款（被告收到起诉状副本）",
)
CONCLUDED_COUNT = register_count(
    "litigation.concluded",
    "一审审结数",
    CONCLUDED.all,
    order=20,
    counts="一审作出判决、裁定或调解结案的案件件数",
    period=FIRST_INSTANCE_PERIOD,
    exclusions="二审、再审案件",
    source="《行政诉讼法》第六十九条至第七十八条",
)
register_count(
    "litigation.lost",
    "一审败诉数",
    LOST,
    order=30,
    counts="一审判决撤销、部分撤销、履行、给付、确认违法、确认无效、变更，或判决被告继续履行、补救、赔偿、补偿行政协议的案件件数",
    period=FIRST_INSTANCE_PERIOD,
    source="《行政诉讼法》第七十条至第七十八条",
)
LOSS_RATE = register_rate(
    "litigation.loss_rate",
    "行政诉讼败诉率",
    LOST,
    CONCLUDED.all,
    order=40,
    counts="一审败诉件数（判决撤销、部分撤销、履行、给付、确认违法、确认无效、变更，行政协议判决）",
    out_of="一审审结件数（含裁定驳回起诉、准予撤诉、调解）",
    basis=BASIS_CONCLUDED,
    period=FIRST_INSTANCE_PERIOD,
    exclusions="二审、再审案件",
    source="《行政诉讼法》第七十条至第七十八条",
    # Reports print it beside the year's 收案数 (seed 000: 120件, 败诉率4.1%), often without 一审审结.
    read_over=("litigation.received",),
)
SECOND_COUNT = register_count(
    "litigation.second_instance_concluded",
    "二审审结数",
    SECOND.all,
    order=45,
    counts="二审审结的案件件数（驳回上诉、改判、发回重审、准许撤回上诉、调解）",
    period="二审裁判日期在统计期内",
    source="《行政诉讼法》第八十九条",
)
register_breakdown(  # 二审 by outcome (第八十九条): 维持, 改判 against or for the defendant, 发回, 撤回上诉, 调解
    SECOND_COUNT, SECOND, "outcome", OUTCOMES.choices(instance=Instance.SECOND), name="{label}件数", counts="二审{label}的案件件数"
)  # fmt: skip
HEAD_APPEARANCE_RATE = register_rate(
    "litigation.head_appearance_rate",
    "行政机关负责人出庭应诉率",
    HEAD_APPEARED,
    HEARD.all,
    order=50,
    counts="有行政机关负责人（正职、副职或分管副职）出庭的开庭审理案件",
    out_of="统计期内开庭审理的案件",
    basis="开庭",
    period="开庭日期在统计期内",
    exclusions="未开庭审理的案件；受委托组织或下级机关负责人出庭不计",
    source="《行政诉讼法》第三条第三款；最高人民法院关于行政机关负责人出庭应诉若干问题的规定（2020）第二条",
)
register_rate(
    "litigation.summoned_head_appearance_rate",
    "法院通知出庭案件负责人出庭率",
    SUMMONED_APPEARED,
    SUMMONED.all,
    order=52,
    counts="人民法院通知行政机关负责人出庭、负责人在该次开庭出庭的案件",
    out_of="统计期内开庭审理且人民法院通知负责人出庭的案件",
    basis="法院通知出庭",
    period="开庭日期在统计期内",
    exclusions="未通知负责人出庭的开庭；受委托组织或下级机关负责人出庭不计",
    source="最高人民法院关于行政机关负责人出庭应诉若干问题的规定（2020）第四条、第十二条",
)
register_rate(
    "litigation.head_spoke_rate",
    "负责人出庭又出声率",
    HEAD_SPOKE,
    HEAD_APPEARED,
    order=54,
    counts="出庭的行政机关负责人就实质性解决行政争议发表意见的案件",
    out_of="统计期内有行政机关负责人出庭的开庭审理案件",
    basis="负责人出庭",
    period="开庭日期在统计期内",
    source="最高人民法院关于行政机关负责人出庭应诉若干问题的规定（2020）第十一条",
)

# 各部门被诉情况: the same figures per defendant (the lawsuit's ``organisation``, 被告, 《行政诉讼法》第二十六条).
register_by_organisation(
    "litigation",
    "行政应诉（作为被告）",
    field="organisation",
    figures=(CONCLUDED_COUNT, LOSS_RATE, HEAD_APPEARANCE_RATE),
    order=20,
)

# 败诉 is a subset of 一审审结 (checked before a report goes out, fazhi.reports.checks); that the 败诉率's
# numerator and denominator equal these two counts follows from their shared tallies (catalogue_rules).
checks.declare(
    PartsOfWhole(
        "litigation.concluded", ("litigation.lost",), "一审败诉件数不超过一审审结件数", at_most=True
    ),
)
