"""Excel import of historical 行政应诉 cases (``fazhi import litigation FILE``, or ``/staff/import/``),
declared on the kit (:mod:`fazhi.core.excel.histories`): one row is one lawsuit at one instance, with
its plaintiffs, the hearing (if held) and whether the defendant's head appeared; a lawsuit already in
the system (法院 + 案号) is skipped unchanged. The state follows from what is filled in: nothing →
已登记; a 收到起诉状日期 → 答辩期 (15 日, 《行政诉讼法》第六十七条); a 开庭日期 → 已开庭; a 裁判结果 and
裁判日期 → 已结案 (撤诉 / 调解 effective at once, 第六十条、第六十二条), or 上诉期 while the appeal period
(判决 15 日 / 裁定 10 日 from service, 第八十五条) of a served first-instance judgment or ruling runs.
"""

from __future__ import annotations

from functools import partial

from fazhi.core.excel import Column, register
from fazhi.core.excel import histories as h
from fazhi.core.excel import parsers as p
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
)

# Only the heads who count as 负责人 (SPC 2020 provisions art 2; models.HEAD_CAPACITIES) can be entered.
HEAD_LABELS = {Capacity(c).label: c for c in (Capacity.CHIEF, Capacity.DEPUTY, Capacity.DEPUTY_IN_CHARGE)}
HEAD_SHORT = {"正职": Capacity.CHIEF, "副职": Capacity.DEPUTY, "分管负责人": Capacity.DEPUTY_IN_CHARGE}


def _rules(row: h.Row) -> None:
    """The end of the history and the date it takes effect (appeal periods, 第八十五条), plaintiffs,
    the hearing and the head who appeared (SPC 2020 provisions art 2)."""
    values, lawsuit = row.values, row.record
    hearing_on, judged, served, last, outcome = (
        values[k] for k in ("hearing_on", "judged_on", "served_on", "last_served_on", "outcome")
    )
    if values["head_appeared"] and not hearing_on:
        row.error("head_appeared", "负责人出庭须有开庭日期。")
    if values["head_appeared"] and not values["head_capacity"]:
        row.error("head_capacity", f"负责人出庭时须填写出庭负责人身份，可选：{'、'.join(HEAD_LABELS)}。")
    plaintiffs = values["plaintiffs"] or []
    lawsuit.plaintiff_summary = "、".join(plaintiffs)[:300]
    row.children += [
        Party(lawsuit=lawsuit, kind=values["plaintiff_kind"] or PartyKind.PERSON, name=n) for n in plaintiffs
    ]
    if hearing_on:
        hearing = Hearing(lawsuit=lawsuit, hearing_on=hearing_on, held=True)
        row.children.append(hearing)
        if values["head_appeared"] and values["head_capacity"]:
            name = (values["head_name"] or values["head_position"] or "未录入")[:50]
            position, capacity = values["head_position"] or "", values["head_capacity"]
            row.children.append(
                Appearance(hearing=hearing, person_name=name, position=position, capacity=capacity)
            )

    if not (outcome and judged):
        return
    rule, second = OUTCOMES[outcome], lawsuit.instance == Instance.SECOND
    if second != (rule.instance == Instance.SECOND) or not rule.offered:  # 二审: 第八十九条
        row.error("outcome", f"{lawsuit.get_instance_display()}案件不能填写“{rule.label}”。")
    row.until = "closed"  # 结案归档 follows
    if second:  # 终审: effective on service (《行政诉讼法》第七条)
        lawsuit.effective_on = served or row.error("served_on", "二审裁判送达即生效，请填写送达日期。")
    elif not rule.appealable:  # 撤诉、调解: effective at once, no appeal (第六十条、第六十二条)
        lawsuit.served_on, lawsuit.effective_on = None, judged
    elif served:  # every party's 上诉期满未上诉: effective the next day; open while one runs (第八十五条)
        lawsuit.effective_on = row.after_period(workflow.APPEAL, last or served, "take_effect")


col = partial(h.field_column, Lawsuit)
LITIGATION = register(
    h.history_kind(
        model=Lawsuit,
        name="litigation",
        title="行政应诉案件",
        description="导入历史行政诉讼案件（每行一个审级的一件案件，含原告、开庭和负责人出庭情况）。",
        notes=(
            "办理状态由填写的日期和裁判结果决定：只填收到起诉状日期为“答辩期”；填了开庭日期为“已开庭”；"
            "撤诉、调解结案的为“已结案”；判决或可上诉的裁定，送达后上诉期未满的为“上诉期”，其余为“已结案”。",
            "各方当事人的上诉期自各自收到裁判文书之日起计算：判决15日，裁定10日（《行政诉讼法》第八十五条）；"
            "上诉期未满的案件请填写送达日期。二审裁判送达即生效（第七条）。",
            "负责人是指被诉行政机关的正职、副职负责人和分管副职负责人"
            "（最高人民法院《关于行政机关负责人出庭应诉若干问题的规定》第二条）。",
            "二审案件另起一行，审级填“二审”。",
        ),
        columns=(
            col("court", header="法院", example="示范区人民法院", width=20),
            col(
                "case_number",
                identifier=True,
                help="法院案号，同一法院内不能重复。",
                example="（2022）桂0206行初12号",
                width=22,
            ),
            col("instance", help="不填视为“一审”。", example="一审"),
            Column(
                "plaintiffs",
                "原告",
                required=True,
                parse=p.names(100, "原告"),
                help="多名原告用顿号或逗号分隔。",
                example="张三、李四",
                fields=("plaintiff_summary",),
                width=20,
            ),
            h.party_kind_column(Party, "plaintiff_kind", "原告类型"),
            h.organisation_column("被告单位", "被诉行政机关", "东区市场监督管理局"),
            col("act_type", header="被诉行为类型", example="行政处罚"),
            col(
                "act_description",
                header="被诉行为",
                help="被诉行政行为，如文书名称和文号。",
                example="东市监罚〔2022〕15号行政处罚决定",
                width=28,
            ),
            col("complaint_received_on", help="收到起诉状副本的日期，如 2022-03-05。", example="2022-03-05"),
            h.field_column(Hearing, "hearing_on", header="开庭日期", required=False, example="2022-04-20"),
            Column(
                "head_appeared",
                "负责人是否出庭",
                parse=p.yes_no,
                choices=tuple(p.YES_NO),
                help="行政机关负责人是否出庭应诉；不填视为“否”。",
                example="是",
                width=16,
            ),
            h.field_column(
                Appearance,
                "capacity",
                key="head_capacity",
                header="出庭负责人身份",
                labels=HEAD_LABELS,
                aliases=HEAD_SHORT,
                required=False,
                help="负责人出庭时必填。",
                example="分管副职负责人",
            ),
            h.field_column(
                Appearance,
                "person_name",
                key="head_name",
                header="出庭负责人姓名",
                required=False,
                example="王五",
            ),
            h.field_column(
                Appearance, "position", key="head_position", header="出庭人职务", example="副局长"
            ),
            col("judged_on", example="2022-06-10"),
            col(
                "outcome",
                aliases={
                    # the same outcomes as written without 判决/裁定 in many ledgers
                    **{
                        r.label.removeprefix("判决").removeprefix("裁定"): code
                        for code, r in OUTCOMES.items()
                    },
                    "撤诉": "withdrawn",
                    "准予撤诉": "withdrawn",
                    "调解": "mediated",
                    "驳回上诉": "uphold",
                    "维持原判": "uphold",
                },
                help="判决、裁定或调解结果。",
                example="判决驳回诉讼请求",
            ),
            col(
                "served_on",
                header="送达日期",
                help="本机关收到裁判文书的日期；上诉期自送达之日起计算。",
                example="2022-06-15",
            ),
            col("last_served_on", help="各方当事人中最后一方收到的日期；不填视为与本机关同日。"),
        ),
        history=(
            h.Step("complaint_received_on", "receive"),
            h.Step("hearing_on", "hold_hearing"),  # 提交答辩状 before it is inferred
            h.Step(
                "judged_on",
                lambda v: v["outcome"] and OUTCOMES[v["outcome"]].step,
                inputs={k: k for k in ("outcome", "judged_on", "served_on", "last_served_on")},
            ),
        ),
        requires=(
            ("hearing_on", "complaint_received_on"),
            ("judged_on", "complaint_received_on"),
            ("outcome", "judged_on"),
            ("judged_on", "outcome"),
            ("served_on", "judged_on"),
            ("last_served_on", "served_on"),
        ),
        rules=_rules,
        key=("court", "case_number"),
    )
)
