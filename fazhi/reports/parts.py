"""The five parts of an annual 法治政府建设 report.

《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）第二十三条 (docs/indicators.md §年度报告): the report
covers (1) the main measures and results of the past year; (2) the shortcomings and their causes;
(3) how the Party and government principal leaders performed their duty as the first person
responsible for advancing the rule of law; (4) the main plans for the next year; (5) other matters.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.core.documents.chinese import item_number

RULE = "《法治政府建设与责任落实督察工作规定》第二十三条"


@dataclass(frozen=True)
class Part:
    key: str  # the model field holding the narrative
    title: str
    hint: str

    @property
    def number(self) -> int:
        return PARTS.index(self) + 1

    @property
    def heading(self) -> str:
        """一、主要举措和成效"""
        return f"{item_number(self.number)}{self.title}"


PARTS: tuple[Part, ...] = (
    Part("measures", "主要举措和成效", "上一年度推进法治政府建设的主要举措和成效。"),
    Part("shortcomings", "存在的不足和原因", "存在的不足和原因。"),
    Part(
        "leaders_duty",
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况。",
    ),
    Part("next_year_plan", "下一年度工作计划", "下一年度推进法治政府建设的主要安排。"),
    Part("other", "其他", "其他需要报告的情况；没有的请填写“无”。"),
)

BY_KEY = {p.key: p for p in PARTS}


def get(key: str) -> Part:
    return BY_KEY[key]
