"""行政应诉文书: the 行政答辩状 the defendant files within 15 日 of receiving the complaint
(《中华人民共和国行政诉讼法》第六十七条第一款), generated as a numbered cover with the case's data and
headed sections for the officer to complete; numbered per organisation and year
(``fazhi.core.documents``).
"""

from __future__ import annotations

from fazhi.core.documents.builder import Content, Para
from fazhi.core.documents.chinese import arabic_date
from fazhi.core.documents.registry import DocumentKind, register
from fazhi.litigation.models import Lawsuit, PartyRole

LITIGATION_LAW = "《中华人民共和国行政诉讼法》"
TO_COMPLETE = "（承办人填写。）"


def _names(case: Lawsuit, role: str) -> str:
    return "、".join(p.name for p in case.parties.all() if p.role == role)


def _act(case: Lawsuit) -> str:
    text = (case.act_description or case.act_type).rstrip("。；;，,")
    if case.act_date:
        text = f"{arabic_date(case.act_date)}作出的{text}"
    if case.act_number:
        text += f"（{case.act_number}）"
    return text


def render_defence(case: Lawsuit) -> Content:
    plaintiffs = _names(case, PartyRole.PLAINTIFF) or case.plaintiff_summary
    third = _names(case, PartyRole.THIRD_PARTY)
    parties = [
        f"答辩人：{case.organisation.name}。",
        "法定代表人：＿＿＿＿＿＿，职务：＿＿＿＿＿＿。",
        f"原告：{plaintiffs}。",
    ]
    if third:
        parties.append(f"第三人：{third}。")
    reconsidered = (
        f"（经行政复议，复议案号{case.reconsideration_case_number}）"
        if case.reconsideration_case_number
        else ""
    )
    paragraphs: list[Para | str] = [
        f"原告{plaintiffs}诉答辩人{_act(case)}{reconsidered}一案（{case.case_number}），"
        f"答辩人于{arabic_date(case.complaint_received_on)}收到{case.court}送达的起诉状副本。"
        f"根据{LITIGATION_LAW}第六十七条第一款的规定，答辩人提出答辩如下：",
        Para("一、被诉行政行为认定的事实和证据", "heading1"),
        TO_COMPLETE,
        Para("二、被诉行政行为的法律依据", "heading1"),
        TO_COMPLETE,
        Para("三、被诉行政行为的程序", "heading1"),
        TO_COMPLETE,
        Para("四、对原告诉讼请求和理由的意见", "heading1"),
        TO_COMPLETE,
        "综上，请人民法院依法审理。",
        "此致",
        Para(case.court, "plain"),
    ]
    return Content(
        parties=parties,
        paragraphs=paragraphs,
        attachments=["证据清单及证据材料", "作出被诉行政行为所依据的规范性文件"],
    )


DEFENCE = register(
    DocumentKind(
        code="litigation.defence",
        title="行政答辩状",
        model="litigation.Lawsuit",
        states=("answering",),
        number_prefix="{org}诉答字",
        render=render_defence,
        article="《行政诉讼法》第六十七条",
    )
)
