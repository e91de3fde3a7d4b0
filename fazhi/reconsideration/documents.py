"""行政复议文书: the documents a case produces, rendered from the case, its parties and its
transition log, and numbered per 复议机关 and year (``fazhi.core.documents``).

Each document cites the article of the law version that governs the case (``case.law_version``):
cases received before 2024-01-01 cite 《中华人民共和国行政复议法》（2017年修正） and its 实施条例
(2007); later cases the 2023 revision (2023 法第九十条).

| 文书 | generated in | 2023 law | 2017 law |
|---|---|---|---|
| 补正通知书 | 补正中 | 第三十一条 | 实施条例第二十九条 |
| 受理通知书 | 已受理、待答复 | 第三十条 | 第十七条；实施条例第二十八条 |
| 不予受理决定书 | 不予受理 | 第三十条；行政诉讼法第四十五条 | 第十七条；行政诉讼法第四十五条 |
| 答复通知书 | 已受理、待答复 | 第四十八条 / 第五十四条、第七十条 | 第二十三条、第二十八条 |
| 中止 / 恢复 / 终止通知书 | 中止 / 审理中 / 已终止 | 第三十九条、第四十一条 | 实施条例第四十一条、第四十二条（规范性文件审查中止：第二十六条、第二十七条） |
| 延期通知书 | 审理中 | 第六十二条（复议机构负责人批准） | 第三十一条（复议机关负责人批准） |
| 行政复议决定书 | 已作出决定、已送达 | 第六十三条至第六十九条、第三十三条、第七十三条、第七十五条 | 第二十八条、第三十一条；实施条例第四十八条、第五十条 |
"""

from __future__ import annotations

import datetime as dt
import re

from fazhi.core.calendar import services as calendar
from fazhi.core.documents.builder import Content
from fazhi.core.documents.chinese import arabic_date, chinese_number, item_number
from fazhi.core.documents.registry import DocumentKind, register
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import (
    DecisionType,
    LawVersion,
    PartyKind,
    PartyRole,
    ReconsiderationCase,
    SuspensionGround,
    TerminationGround,
)
from fazhi.reconsideration.services import case_number_prefix

MODEL = "reconsideration.ReconsiderationCase"

LAW_2023 = "《中华人民共和国行政复议法》"
LAW_2017 = "《中华人民共和国行政复议法》（2017年修正）"
REGULATION = "《中华人民共和国行政复议法实施条例》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"


def _is_2017(case: ReconsiderationCase) -> bool:
    return case.law_version == LawVersion.V2017


def _law(case: ReconsiderationCase) -> str:
    return LAW_2017 if _is_2017(case) else LAW_2023


# --- reading the case ---------------------------------------------------------------------------


def _logs(case) -> list:
    """The case's transition log, newest first, read once per case version: the 文书 panel asks
    several documents whether they can be drawn up, each looking for its step."""
    cached = getattr(case, "_document_logs", None)
    if cached is None or cached[0] != case.version:
        cached = case._document_logs = (case.version, list(engine.history(case).order_by("-at", "-id")))
    return cached[1]


def _last_log(case, *names: str):
    return next((log for log in _logs(case) if log.transition in names), None)


def _log_date(log, key: str) -> dt.date | None:
    if log is None:
        return None
    value = (log.data or {}).get(key)
    if value:
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            pass
    return log.legal_date


def _applicants(case) -> list:
    return [p for p in case.parties.all() if p.role == PartyRole.APPLICANT]


def _applicant_names(case) -> str:
    names = [p.name for p in _applicants(case)]
    return "、".join(names) or case.applicant_names


def _you(case) -> str:
    """How a notice addresses the applicants: 你 / 你单位 / 你们."""
    applicants = _applicants(case)
    if len(applicants) > 1:
        return "你们"
    if applicants and applicants[0].kind == PartyKind.ORGANISATION:
        return "你单位"
    return "你"


def _act(case) -> str:
    """被申请行为 as the documents name it: 2026年8月20日作出的…（东市监罚〔2026〕12号）."""
    text = case.act_description.rstrip("。；;，,")
    if not text.startswith("作出的"):
        text = f"作出的{text}"
    if case.act_date:
        text = f"{arabic_date(case.act_date)}{text}"
    if case.act_document_number:
        text += f"（{case.act_document_number}）"
    return text


def _party_lines(case) -> list[str]:
    """当事人 block of a 决定书: names in full; identity numbers, phones and addresses stay out."""
    lines = []
    parties = list(case.parties.all())
    agents_of: dict[int, list] = {}
    for p in parties:
        if p.role == PartyRole.AGENT and p.represents_id:
            agents_of.setdefault(p.represents_id, []).append(p)

    def line(label, p) -> str:
        text = f"{label}：{p.name}"
        if p.kind == PartyKind.ORGANISATION and p.uscc:
            text += f"，统一社会信用代码{p.uscc}"
        return text + "。"

    for p in parties:
        if p.role == PartyRole.APPLICANT:
            lines.append(line("申请人", p))
            lines += [f"委托代理人：{a.name}。" for a in agents_of.get(p.pk, [])]
    lines += [f"委托代理人：{p.name}。" for p in parties if p.role == PartyRole.AGENT and not p.represents_id]
    lines.append(f"被申请人：{case.respondent_name}。")
    for p in parties:
        if p.role == PartyRole.THIRD_PARTY:
            lines.append(line("第三人", p))
            lines += [f"委托代理人：{a.name}。" for a in agents_of.get(p.pk, [])]
    return lines


def _case_ref(case) -> str:
    return f"{_applicant_names(case)}不服{case.respondent_name}{_act(case)}申请行政复议一案（{case.case_number}）"


def _both_parties(case) -> str:
    return f"{_applicant_names(case)}、{case.respondent_name}"


_ENUM = re.compile(r"^\s*(?:[（(]?[0-9０-９一二三四五六七八九十]+[)）.．、]|[-*•·])\s*")


def completion_items(text: str) -> list[str]:
    """The 补正 items as entered: one per line (or separated by ；), numbering stripped."""
    lines = [ln for ln in re.split(r"[\r\n]+", text or "") if ln.strip()]
    if len(lines) == 1:
        lines = [part for part in re.split(r"[；;]", lines[0]) if part.strip()]
    return [_ENUM.sub("", ln).strip().rstrip("；;。") for ln in lines if _ENUM.sub("", ln).strip()]


def _clock(case, code: str):
    return calendar.clocks_for(case).filter(code=code).order_by("-id").first()


def _procedure_name(case) -> str:
    return "简易程序" if case.simple_procedure else "普通程序"


# --- 补正通知书 -------------------------------------------------------------------------------------


def _completion_check(case) -> str | None:
    if _last_log(case, "request_completion") is None:
        return "本案尚未办理“通知补正”，没有可写入补正通知书的补正事项。"
    return None


def render_completion_notice(case) -> Content:
    log = _last_log(case, "request_completion")
    items = completion_items((log.data or {}).get("items", "")) if log else []
    you = _you(case)
    if _is_2017(case):
        basis = f"{REGULATION}第二十九条"
    else:
        basis = f"{LAW_2023}第三十一条"
    clock = _clock(case, "completion")
    length = calendar.current_length(clock) if clock else 10
    paras = [
        f"{you}于{arabic_date(case.received_on)}向本机关提出的行政复议申请（{case.case_number}）收悉。"
        f"经审查，该申请材料不齐全或者表述不清楚，无法判断是否符合受理条件。"
        f"根据{basis}的规定，请{you}补正下列全部事项：",
    ]
    paras += [f"{item_number(i)}{item}。" for i, item in enumerate(items, start=1)]
    due = f"（即{arabic_date(clock.due_date)}前）" if clock and clock.due_date else ""
    paras.append(
        f"请{you}自收到本通知之日起{chinese_number(length)}个工作日内{due}提交补正材料。"
        f"有正当理由不能按期补正的，可以在补正期限届满前申请延长。"
        f"无正当理由逾期不补正的，视为放弃行政复议申请。"
        f"本机关自收到补正材料之日起重新审查是否受理。"
    )
    paras.append("特此通知。")
    return Content(addressee=_applicant_names(case), paragraphs=paras)


# --- 受理通知书 -------------------------------------------------------------------------------------


def render_acceptance_notice(case) -> Content:
    you = _you(case)
    # 受理条件: 2023 法第三十条第一款; 2017 text: 法第十七条 (五日内审查) and 实施条例第二十八条 (the list).
    article = f"{LAW_2017}第十七条、{REGULATION}第二十八条" if _is_2017(case) else f"{LAW_2023}第三十条"
    if _is_2017(case):
        period = f"本机关将自受理之日起六十日内作出行政复议决定（{LAW_2017}第三十一条）。"
    else:
        days = "三十" if case.simple_procedure else "六十"
        period = (
            f"本案适用{_procedure_name(case)}审理，本机关将自受理之日起{days}日内作出行政复议决定"
            f"（{LAW_2023}第六十二条）。"
        )
    return Content(
        addressee=_applicant_names(case),
        paragraphs=[
            f"{you}不服{case.respondent_name}{_act(case)}，于{arabic_date(case.received_on)}"
            f"向本机关提出的行政复议申请收悉。经审查，该申请符合{article}规定的受理条件，"
            f"本机关决定自{arabic_date(case.accepted_on)}起予以受理，案号为{case.case_number}。",
            period,
            "特此通知。",
        ],
    )


# --- 不予受理决定书 -----------------------------------------------------------------------------------


def render_rejection(case) -> Content:
    log = _last_log(case, "reject")
    reason = ((log.data or {}).get("reason", "") if log else "").strip().rstrip("。")
    article = f"{LAW_2017}第十七条" if _is_2017(case) else f"{LAW_2023}第三十条"
    return Content(
        parties=_party_lines(case),
        paragraphs=[
            f"申请人不服被申请人{_act(case)}，于{arabic_date(case.received_on)}向本机关申请行政复议。",
            f"经审查，{reason or '该申请不符合法定受理条件'}。根据{article}的规定，本机关决定不予受理。",
            f"申请人如不服本决定，可以自收到本决定书之日起十五日内，依照{LITIGATION_LAW}第四十五条的规定"
            f"向人民法院提起行政诉讼。",
        ],
    )


def _rejection_date(case) -> dt.date | None:
    return _log_date(_last_log(case, "reject"), "decided_on")


# --- 答复通知书 -------------------------------------------------------------------------------------


def render_answer_notice(case) -> Content:
    if _is_2017(case):
        days, basis = "十日", f"{LAW_2017}第二十三条"
        consequence = f"{LAW_2017}第二十八条第一款第（四）项"
    elif case.simple_procedure:
        days, basis = "五个工作日", f"{LAW_2023}第五十四条"
        consequence = f"{LAW_2023}第七十条"
    else:
        days, basis = "十个工作日", f"{LAW_2023}第四十八条"
        consequence = f"{LAW_2023}第七十条"
    return Content(
        addressee=case.respondent_name,
        paragraphs=[
            f"{_applicant_names(case)}不服你单位{_act(case)}，于{arabic_date(case.received_on)}"
            f"向本机关申请行政复议，本机关已于{arabic_date(case.accepted_on)}依法受理（案号{case.case_number}）。",
            f"根据{basis}的规定，现将行政复议申请书副本（或者行政复议申请笔录复印件）发送你单位。"
            f"请你单位自收到本通知之日起{days}内，提出书面答复，"
            f"并提交作出该行政行为的证据、依据和其他有关材料。",
            f"被申请人不按照规定提出书面答复、提交作出行政行为的证据、依据和其他有关材料的，"
            f"视为该行政行为没有证据、依据，本机关将依照{consequence}的规定作出决定。",
            "特此通知。",
        ],
        attachments=["行政复议申请书副本"],
    )


# --- 中止 / 恢复 / 终止通知书 ---------------------------------------------------------------------------


def _ground_item(choices, code: str) -> int | None:
    codes = [c.value for c in choices]
    return codes.index(code) + 1 if code in codes else None


def render_suspension_notice(case) -> Content:
    log = _last_log(case, "suspend")
    data = (log.data or {}) if log else {}
    ground_code = data.get("ground") or case.suspension_ground
    ground = SuspensionGround(ground_code).label if ground_code in SuspensionGround.values else "需要中止审理"
    detail = (data.get("reason") or "").strip().rstrip("。")
    when = _log_date(log, "suspended_on")
    if _is_2017(case) and ground_code == SuspensionGround.NORM_REVIEW:
        # 2017 法第二十六条、第二十七条: 处理期间，中止对具体行政行为的审查 (not 实施条例第四十一条).
        basis = f"{LAW_2017}第二十六条、第二十七条"
    elif _is_2017(case):
        basis = f"{REGULATION}第四十一条第一款"
    else:
        item = _ground_item(SuspensionGround, ground_code)
        basis = f"{LAW_2023}第三十九条第一款" + (f"第（{chinese_number(item)}）项" if item else "")
    reason = f"因{ground}" + (f"（{detail}）" if detail else "")
    return Content(
        addressee=_both_parties(case),
        paragraphs=[
            f"{_case_ref(case)}，本机关已于{arabic_date(case.accepted_on)}依法受理。",
            f"审理中，{reason}。根据{basis}的规定，本机关决定自{arabic_date(when)}起中止该案审理。"
            f"中止期间不计入行政复议审理期限。中止的原因消除后，本机关将及时恢复审理，并书面告知当事人。",
            "特此通知。",
        ],
    )


def _resumption_check(case) -> str | None:
    resumed = _last_log(case, "resume")
    suspended = _last_log(case, "suspend")
    if resumed is None or (suspended is not None and (suspended.at, suspended.id) > (resumed.at, resumed.id)):
        return "本案没有恢复审理的记录，不能生成恢复审理通知书。"
    return None


def render_resumption_notice(case) -> Content:
    resumed = _last_log(case, "resume")
    suspended = _last_log(case, "suspend")
    basis = f"{REGULATION}第四十一条第二款" if _is_2017(case) else f"{LAW_2023}第三十九条第二款、第三款"
    since = f"于{arabic_date(_log_date(suspended, 'suspended_on'))}中止审理后，" if suspended else ""
    return Content(
        addressee=_both_parties(case),
        paragraphs=[
            f"{_case_ref(case)}，本机关{since}中止审理的原因已经消除。"
            f"根据{basis}的规定，本机关决定自{arabic_date(_log_date(resumed, 'resumed_on'))}起恢复该案审理。",
            "特此通知。",
        ],
    )


def _termination_check(case) -> str | None:
    if case.decision_type != DecisionType.TERMINATED:
        return "本案不是以终止审理结案，不能生成终止通知书。"
    return None


def render_termination_notice(case) -> Content:
    code = case.termination_ground
    ground = TerminationGround(code).label if code in TerminationGround.values else "依法应当终止行政复议"
    if _is_2017(case):
        basis = f"{REGULATION}第四十二条"
    else:
        item = _ground_item(TerminationGround, code)
        basis = f"{LAW_2023}第四十一条" + (f"第（{chinese_number(item)}）项" if item else "")
    return Content(
        addressee=_both_parties(case),
        paragraphs=[
            f"{_case_ref(case)}，本机关已于{arabic_date(case.accepted_on)}依法受理。",
            f"审理中，因{ground}。根据{basis}的规定，本机关决定自{arabic_date(case.decided_on)}起终止该案的行政复议。",
            "特此通知。",
        ],
    )


# --- 延期通知书 -------------------------------------------------------------------------------------


def _extension_approver(case) -> str:
    """Who approves a 延期: 2023 法第六十二条第一款 行政复议机构的负责人; 2017 法第三十一条第一款
    行政复议机关的负责人."""
    return "行政复议机关负责人" if _is_2017(case) else "行政复议机构负责人"


def _extension_check(case) -> str | None:
    if _last_log(case, "extend") is None:
        return "本案尚未办理“延期审理”，不能生成延期通知书。"
    return None


def render_extension_notice(case) -> Content:
    log = _last_log(case, "extend")
    data = (log.data or {}) if log else {}
    days = int(data.get("days") or 0)
    reason = (data.get("reason") or "案情复杂").strip().rstrip("。")
    clock = _clock(case, "decision")
    basis = f"{LAW_2017}第三十一条第一款" if _is_2017(case) else f"{LAW_2023}第六十二条第一款"
    approver = _extension_approver(case)
    due = f"，本机关将于{arabic_date(clock.due_date)}前作出行政复议决定" if clock and clock.due_date else ""
    return Content(
        addressee=_both_parties(case),
        paragraphs=[
            f"{_case_ref(case)}，本机关已于{arabic_date(case.accepted_on)}依法受理。",
            f"因{reason}，不能在规定期限内作出行政复议决定。经{approver}批准，根据{basis}的规定，"
            f"本案审理期限延长{chinese_number(days) if 0 < days < 100 else days}日（延长期限最多不超过三十日）{due}。",
            "特此通知。",
        ],
    )


# --- 行政复议决定书 -----------------------------------------------------------------------------------

# The operative sentence of each decision type; {act} is the act challenged.
DECISION_TEXT = {
    DecisionType.UPHOLD: "维持被申请人{act}。",
    DecisionType.REVOKE: "撤销被申请人{act}。",
    DecisionType.PARTIAL_REVOKE: "部分撤销被申请人{act}。",
    DecisionType.CHANGE: "变更被申请人{act}。",
    DecisionType.CONFIRM_ILLEGAL: "确认被申请人{act}违法。",
    DecisionType.CONFIRM_VOID: "确认被申请人{act}无效。",
    DecisionType.ORDER_PERFORMANCE: "责令被申请人在法定期限内履行法定职责。",
    DecisionType.REJECT_CLAIM: "驳回申请人的行政复议请求。",
    DecisionType.REJECT_APPLICATION: "驳回申请人的行政复议申请。",
    DecisionType.REJECT: "驳回申请人的行政复议申请。",
    DecisionType.MEDIATION: "本案经本机关主持调解，当事人自愿达成调解协议，本机关依法制作行政复议调解书。",
}

# 2023 法第六十三条至第六十九条、第三十三条、第七十三条.
DECISION_ARTICLE_2023 = {
    DecisionType.CHANGE: "第六十三条",
    DecisionType.REVOKE: "第六十四条",
    DecisionType.PARTIAL_REVOKE: "第六十四条",
    DecisionType.CONFIRM_ILLEGAL: "第六十五条",
    DecisionType.ORDER_PERFORMANCE: "第六十六条",
    DecisionType.CONFIRM_VOID: "第六十七条",
    DecisionType.UPHOLD: "第六十八条",
    DecisionType.REJECT_CLAIM: "第六十九条",
    DecisionType.REJECT_APPLICATION: "第三十三条",
    DecisionType.MEDIATION: "第七十三条",
}

# 2017 法第二十八条第一款; 实施条例第四十八条（驳回）、第五十条（调解）.
DECISION_ARTICLE_2017 = {
    DecisionType.UPHOLD: f"{LAW_2017}第二十八条第一款第（一）项",
    DecisionType.ORDER_PERFORMANCE: f"{LAW_2017}第二十八条第一款第（二）项",
    DecisionType.REVOKE: f"{LAW_2017}第二十八条第一款第（三）项",
    DecisionType.PARTIAL_REVOKE: f"{LAW_2017}第二十八条第一款第（三）项",
    DecisionType.CHANGE: f"{LAW_2017}第二十八条第一款第（三）项",
    DecisionType.CONFIRM_ILLEGAL: f"{LAW_2017}第二十八条第一款第（三）项",
    DecisionType.REJECT: f"{REGULATION}第四十八条",
    DecisionType.MEDIATION: f"{REGULATION}第五十条",
}


def decision_article(case) -> str:
    """The article (with the law's name) a decision of the case's type rests on, by law version."""
    if _is_2017(case):
        return DECISION_ARTICLE_2017.get(case.decision_type, f"{LAW_2017}第二十八条")
    article = DECISION_ARTICLE_2023.get(case.decision_type, "第六十三条至第六十九条")
    return f"{LAW_2023}{article}"


def _decision_check(case) -> str | None:
    if not case.decision_type or case.decision_type == DecisionType.TERMINATED:
        return "本案没有作出行政复议决定，不能生成行政复议决定书。"
    return None


def render_decision(case) -> Content:
    paras: list[str] = [
        f"申请人不服被申请人{_act(case)}，于{arabic_date(case.received_on)}向本机关申请行政复议，"
        f"本机关于{arabic_date(case.accepted_on)}依法受理，适用{_procedure_name(case)}审理。"
    ]
    answered = _last_log(case, "receive_answer")
    overdue = _last_log(case, "answer_overdue")
    if answered is not None:
        paras.append(
            f"被申请人于{arabic_date(_log_date(answered, 'answered_on'))}提出书面答复，并提交了作出该行政行为的证据、依据。"
        )
    elif overdue is not None:
        paras.append("被申请人未在法定期限内提出书面答复、提交作出该行政行为的证据、依据和其他有关材料。")
    suspended = _last_log(case, "suspend")
    resumed = _last_log(case, "resume")
    if suspended is not None:
        text = f"本案于{arabic_date(_log_date(suspended, 'suspended_on'))}中止审理"
        if resumed is not None:
            text += f"，于{arabic_date(_log_date(resumed, 'resumed_on'))}恢复审理"
        paras.append(text + "。")
    extended = _last_log(case, "extend")
    if extended is not None:
        days = int((extended.data or {}).get("days") or 0)
        paras.append(f"经{_extension_approver(case)}批准，本案审理期限延长{days}日。")
    paras.append("本案现已审理终结。")
    paras.append(f"申请人请求：{case.requests.strip()}")
    operative = DECISION_TEXT.get(case.decision_type, "{act}").format(act=_act(case))
    paras.append(f"根据{decision_article(case)}的规定，本机关决定：")
    paras.append(operative)
    paras.append(
        f"申请人如不服本决定，可以自收到本决定书之日起十五日内，依照{LITIGATION_LAW}第四十五条的规定"
        f"向人民法院提起行政诉讼。"
    )
    effective = f"{LAW_2017}第三十一条第三款" if _is_2017(case) else f"{LAW_2023}第七十五条"
    paras.append(f"本决定书自送达之日起发生法律效力（{effective}）。")
    return Content(parties=_party_lines(case), paragraphs=paras)


# --- the registry -----------------------------------------------------------------------------------

# 中止 keeps the step the case was suspended from (``suspended`` / ``suspended_accepted`` /
# ``suspended_answering``); names a procedure does not declare are simply never matched.
SUSPENDED_STATES = ("suspended", "suspended_accepted", "suspended_answering")


def _kind(code, title, states, prefix, render, *, dated=None, check=None, article="", roles=("officer",)):
    return register(
        DocumentKind(
            code=f"reconsideration.{code}",
            title=title,
            model=MODEL,
            states=states,
            number_prefix=prefix,
            render=render,
            dated=dated,
            check=check,
            abbreviate=case_number_prefix,
            article=article,
            roles=roles,
        )
    )


COMPLETION_NOTICE = _kind(
    "completion_notice",
    "补正通知书",
    ("completing",),
    "{org}复补字",
    render_completion_notice,
    dated=lambda case: _log_date(_last_log(case, "request_completion"), "notified_on"),
    check=_completion_check,
    article="《行政复议法》第三十一条",
)
ACCEPTANCE_NOTICE = _kind(
    "acceptance_notice",
    "受理通知书",
    ("accepted", "answering", "suspended_accepted", "suspended_answering"),
    "{org}复受字",
    render_acceptance_notice,
    dated=lambda case: case.accepted_on,
    article="《行政复议法》第三十条",
)
REJECTION = _kind(
    "rejection",
    "不予受理决定书",
    ("rejected",),
    "{org}复不受字",
    render_rejection,
    dated=_rejection_date,
    article="《行政复议法》第三十条",
)
ANSWER_NOTICE = _kind(
    "answer_notice",
    "答复通知书",
    ("accepted", "answering"),
    "{org}复答字",
    render_answer_notice,
    article="《行政复议法》第四十八条、第五十四条",
)
SUSPENSION_NOTICE = _kind(
    "suspension_notice",
    "中止审理通知书",
    SUSPENDED_STATES,
    "{org}复中字",
    render_suspension_notice,
    dated=lambda case: _log_date(_last_log(case, "suspend"), "suspended_on"),
    article="《行政复议法》第三十九条",
)
RESUMPTION_NOTICE = _kind(
    "resumption_notice",
    "恢复审理通知书",
    ("accepted", "answering", "reviewing", "hearing"),
    "{org}复恢字",
    render_resumption_notice,
    dated=lambda case: _log_date(_last_log(case, "resume"), "resumed_on"),
    check=_resumption_check,
    article="《行政复议法》第三十九条",
)
TERMINATION_NOTICE = _kind(
    "termination_notice",
    "终止行政复议通知书",
    ("terminated", "served"),
    "{org}复终字",
    render_termination_notice,
    dated=lambda case: case.decided_on,
    check=_termination_check,
    article="《行政复议法》第四十一条",
)
EXTENSION_NOTICE = _kind(
    "extension_notice",
    "延期审理通知书",
    ("reviewing", "hearing"),
    "{org}复延字",
    render_extension_notice,
    dated=lambda case: _last_log(case, "extend").legal_date if _last_log(case, "extend") else None,
    check=_extension_check,
    article="《行政复议法》第六十二条",
)
DECISION = _kind(
    "decision",
    "行政复议决定书",
    ("decided", "served"),
    "{org}复决字",
    render_decision,
    dated=lambda case: case.decided_on,
    check=_decision_check,
    article="《行政复议法》第七十五条",
    roles=("officer", "reviewer"),
)
