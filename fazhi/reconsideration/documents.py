"""行政复议文书: the documents a case produces, rendered from the case, its parties and its
transition log, and numbered per 复议机关 and year (``fazhi.core.documents``). The text of each is
``templates/reconsideration/documents/<kind>.txt``; this module computes what it reads — the
article of the governing law version, the dates from the clocks and the transition log.

Each document cites the article of the law version that governs the case (``case.law_version``):
cases received before 2024-01-01 cite 《中华人民共和国行政复议法》（2017年修正） and its 实施条例
(2007); later cases the 2023 revision (2023 法第九十条).

| 文书 | generated in | 2023 law | 2017 law |
|---|---|---|---|
| 收件回执 | 登记后、结案前（当面递交、口头申请、邮寄） | 第二十二条、第三十条 | 第十一条、第十七条 |
| 补正通知书 | 补正中 | 第三十一条 | 实施条例第二十九条 |
| 受理通知书 | 已受理、待答复 | 第三十条 | 第十七条；实施条例第二十八条 |
| 不予受理决定书 | 不予受理 | 第三十条；行政诉讼法第四十五条 | 第十七条；行政诉讼法第四十五条 |
| 答复通知书 | 已受理、待答复 | 第四十八条 / 第五十四条、第七十条 | 第二十三条、第二十八条 |
| 中止 / 恢复 / 终止通知书 | 中止 / 审理中 / 已终止 | 第三十九条、第四十一条 | 实施条例第四十一条、第四十二条（规范性文件审查中止：第二十六条、第二十七条） |
| 延期通知书 | 审理中 | 第六十二条（复议机构负责人批准） | 第三十一条（复议机关负责人批准） |
| 听证通知书 | 听证中 | 第五十条、第五十一条（送达申请人、被申请人和第三人） | 实施条例第三十三条 |
| 行政复议决定书 | 已作出决定、已送达 | 第六十一条、第六十三条至第六十九条、第三十三条、第七十五条 | 第二十八条、第三十一条；实施条例第四十八条 |
| 行政复议调解书 | 已作出决定、已送达 | 第七十三条 | 实施条例第五十条 |

Every document is issued in the name of the 行政复议机关 — the people's government the 行政复议机构
(the case's organisation, a 司法局) serves — which signs it and whose 代字 its 文号 bears (2023 法
第四条、第二十四条、第六十一条、第七十五条; 2017 法第三条、第二十八条): ``issuer`` below.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from fazhi.core.calendar import services as calendar
from fazhi.core.documents.chinese import chinese_number, cited_item, listed_items
from fazhi.core.documents.registry import government_of, kinds
from fazhi.core.kit.parties import addressed_as, names_of
from fazhi.core.workflow.steps import log_date, step_date, step_taken, steps
from fazhi.reconsideration.models import (
    CORRECTIVE,
    LAW_VERSIONS,
    REGULATION,
    Channel,
    DecisionType,
    PartyKind,
    PartyRole,
    SuspensionGround,
    TerminationGround,
    decision_article,
    is_2017,
)
from fazhi.reconsideration.workflow import SUSPEND_STEPS, SUSPENDED_STATES

# 中止 and 恢复 at any stage after acceptance (2023 法第三十九条第三款): one step pair per stage.
RESUME_STEPS = ("resume_before_copy", "resume_answering", "resume")

MODEL = "reconsideration.ReconsiderationCase"

LAW_2023 = "《中华人民共和国行政复议法》"
LAW_2017 = "《中华人民共和国行政复议法》（2017年修正）"


# --- reading the case ---------------------------------------------------------------------------


def _applicants(case) -> list:
    return [p for p in case.parties.all() if p.role == PartyRole.APPLICANT]


def _parties(case) -> dict:
    """当事人 of a 决定书 (``_parties.txt``): names in full, each with its 委托代理人; identity numbers,
    phones and addresses stay out."""
    parties = list(case.parties.all())

    def entry(p) -> dict:
        agents = [a.name for a in parties if a.role == PartyRole.AGENT and a.represents_id == p.pk]
        return {"name": p.name, "uscc": p.uscc if p.kind == PartyKind.ORGANISATION else "", "agents": agents}

    return {
        "applicants": [entry(p) for p in parties if p.role == PartyRole.APPLICANT],
        "agents": [p.name for p in parties if p.role == PartyRole.AGENT and not p.represents_id],
        "third_parties": [entry(p) for p in parties if p.role == PartyRole.THIRD_PARTY],
    }


def _case(case) -> dict:
    """What every template of the case reads."""
    return {
        "law_2017": is_2017(case),
        "you": addressed_as(_applicants(case)),  # 你 / 你单位 / 你们
        "applicants": names_of(case.parties.all(), PartyRole.APPLICANT) or case.applicant_names,
        "respondent": case.respondent_name,
        "act": case.act_cited,  # 被申请行为: 2026年8月20日作出的…（东市监罚〔2026〕12号）
        "case_number": case.case_number,
        "received_on": case.received_on,
        "accepted_on": case.accepted_on,
        "decided_on": case.decided_on,
        "procedure": "简易程序" if case.simple_procedure else "普通程序",
        "authority": government_of(case.organisation).name,  # 行政复议机关: “本机关”
        "body": case.organisation.name,  # 行政复议机构, which handles the case
    }


def _text(data: dict, name: str) -> str:
    return (data.get(name) or "").strip()


# --- 收件回执 ---------------------------------------------------------------------------------------

PORTAL_SITE = "法治政府建设信息公开网站"  # the portal's title (fazhi/portal/templates/portal/base.html)


def portal_lookup() -> str:
    """Where an applicant uses the 查询码, as printed on paper: the page by name, and its address when
    the deployment declares the portal's (``FAZHI_PORTAL_URL``)."""
    where = f"{PORTAL_SITE}“行政复议”栏目的“办理进度查询”页面"
    base = settings.FAZHI_PORTAL_URL
    return f"{where}（{base}{reverse('portal:reconsideration_portal:query')}）" if base else where


def _receipt_check(case) -> str | None:
    if case.channel == Channel.ONLINE:
        return "网上申请的查询码已在提交时告知申请人，无需出具收件回执。"
    return None


def receipt_context(case) -> dict:
    """收件回执 of an application handed in, made orally or posted (2023 法第二十二条: 当面提交、
    口头申请当场记录、邮寄): the day received — from which the 五个工作日 review runs (第三十条; 2017
    法第十七条: 五日内) — and the 查询码 with where to use it. The code is printed, never logged."""
    if is_2017(case):
        review, basis = "五日内", f"{LAW_2017}第十七条"
    else:
        review, basis = "五个工作日内", f"{LAW_2023}第三十条"
    return _case(case) | {
        "channel": Channel(case.channel).label,
        "review": review,
        "basis": basis,
        "query_code": case.query_code,
        "lookup": portal_lookup(),
        "address": case.organisation.address,
        "phone": case.organisation.phone,
    }


# --- 补正通知书 -------------------------------------------------------------------------------------


def completion_context(case) -> dict:
    clock = calendar.latest_clock(case, "completion")
    return _case(case) | {
        "basis": f"{REGULATION}第二十九条" if is_2017(case) else f"{LAW_2023}第三十一条",
        "items": listed_items(steps(case).data("request_completion").get("items", "")),
        "days": calendar.current_length(clock) if clock else 10,
        "due_on": clock.due_date if clock else None,
    }


# --- 受理通知书 -------------------------------------------------------------------------------------


def acceptance_context(case) -> dict:
    # 受理条件: 2023 法第三十条第一款; 2017 text: 法第十七条 (五日内审查) and 实施条例第二十八条 (the list).
    if is_2017(case):
        basis, period = f"{LAW_2017}第十七条、{REGULATION}第二十八条", (60, f"{LAW_2017}第三十一条")
    else:
        basis, period = f"{LAW_2023}第三十条", (30 if case.simple_procedure else 60, f"{LAW_2023}第六十二条")
    return _case(case) | {
        "basis": basis,
        "period_days": period[0],
        "period_basis": period[1],
        # The 查询码 itself stays on the 收件回执 (or the online receipt): this notice is copied to
        # the 第三人, who must not look up the applicant's case with it.
        "lookup": portal_lookup(),
        "third_parties": [p["name"] for p in _parties(case)["third_parties"]],
    }


# --- 不予受理决定书 -----------------------------------------------------------------------------------


def rejection_context(case) -> dict:
    return _case(case) | {
        "parties": _parties(case),
        "reason": steps(case).data("reject").get("reason", "").strip().rstrip("。").removeprefix("经审查，"),
        # 不属于本机关管辖: 2023 法第三十条第二款 告知有管辖权的行政复议机关; 2017 法第十七条第一款.
        "competent_body": _text(steps(case).data("reject"), "competent_body"),
        "basis": f"{LAW_2017}第十七条" if is_2017(case) else f"{LAW_2023}第三十条",
    }


# --- 答复通知书 -------------------------------------------------------------------------------------


def answer_context(case) -> dict:
    if is_2017(case):
        period, basis, consequence = "十日", f"{LAW_2017}第二十三条", f"{LAW_2017}第二十八条第一款第（四）项"
    elif case.simple_procedure:
        period, basis, consequence = "五个工作日", f"{LAW_2023}第五十四条", f"{LAW_2023}第七十条"
    else:
        period, basis, consequence = "十个工作日", f"{LAW_2023}第四十八条", f"{LAW_2023}第七十条"
    return _case(case) | {"period": period, "basis": basis, "consequence": consequence}


# --- 中止 / 恢复 / 终止通知书 ---------------------------------------------------------------------------

# The 2017 lists, in their order: 实施条例第四十一条第一款第（一）—（七）项 (the rest is 第（八）项 其他)
# and 第四十二条第一款第（一）—（五）项; the 2023 ones are the choices' own order.
SUSPENSION_2017 = "death incapacity org_ended missing force_majeure interpretation depends".split()
TERMINATION_2017 = "withdrawn no_heir no_successor settled criminal".split()


def suspension_context(case) -> dict:
    suspended = steps(case).data(*SUSPEND_STEPS)
    ground_code = suspended.get("ground") or case.suspension_ground
    if is_2017(case) and ground_code == SuspensionGround.NORM_REVIEW:
        # 2017 法第二十六条、第二十七条: 处理期间，中止对具体行政行为的审查 (not 实施条例第四十一条).
        basis = f"{LAW_2017}第二十六条、第二十七条"
    elif is_2017(case):
        basis = f"{REGULATION}第四十一条第一款{cited_item(SUSPENSION_2017, ground_code) or '第（八）项'}"
    else:
        basis = f"{LAW_2023}第三十九条第一款{cited_item(SuspensionGround, ground_code)}"
    ground = SuspensionGround(ground_code).label if ground_code in SuspensionGround.values else "需要中止审理"
    return _case(case) | {
        "ground": ground.removeprefix("因"),  # the template says “因…”: not “因因不可抗力”
        "detail": (suspended.get("reason") or "").strip().rstrip("。"),
        "basis": basis,
        "suspended_on": _suspended_on(case),
    }


def _suspended_on(case):
    return log_date(steps(case).last(*SUSPEND_STEPS), "suspended_on")


def _resumption_check(case) -> str | None:
    resumed, suspended = steps(case).last(*RESUME_STEPS), steps(case).last(*SUSPEND_STEPS)
    if resumed is None or (suspended is not None and (suspended.at, suspended.id) > (resumed.at, resumed.id)):
        return "本案没有恢复审理的记录，不能生成恢复审理通知书。"
    return None


def resumption_context(case) -> dict:
    return _case(case) | {
        "basis": f"{REGULATION}第四十一条第二款" if is_2017(case) else f"{LAW_2023}第三十九条第二款、第三款",
        "suspended": steps(case).last(*SUSPEND_STEPS) is not None,
        "suspended_on": _suspended_on(case),
        "resumed_on": log_date(steps(case).last(*RESUME_STEPS), "resumed_on"),
    }


def _termination_check(case) -> str | None:
    if case.decision_type != DecisionType.TERMINATED:
        return "本案不是以终止审理结案，不能生成终止通知书。"
    return None


def termination_context(case) -> dict:
    code = case.termination_ground
    if is_2017(case):
        item = "第二款" if code == "long_suspension" else f"第一款{cited_item(TERMINATION_2017, code)}"
        basis = f"{REGULATION}第四十二条{item}"
    else:
        basis = f"{LAW_2023}第四十一条{cited_item(TerminationGround, code)}"
    ground = TerminationGround(code).label if code in TerminationGround.values else "依法应当终止行政复议"
    ground = ground.removesuffix("（2017年文本）")  # a label's note for staff, not the notice's text
    return _case(case) | {"ground": ground, "basis": basis}


# --- 延期通知书 -------------------------------------------------------------------------------------


def _extension_approver(case) -> str:
    """Who approves a 延期: 2023 法第六十二条第一款 行政复议机构的负责人; 2017 法第三十一条第一款
    行政复议机关的负责人."""
    return "行政复议机关负责人" if is_2017(case) else "行政复议机构负责人"


def extension_context(case) -> dict:
    data = steps(case).data("extend")
    days = int(data.get("days") or 0)
    clock = calendar.latest_clock(case, "decision")
    return _case(case) | {
        "reason": (data.get("reason") or "案情复杂").strip().rstrip("。").removeprefix("因"),  # “因…”
        "approver": _extension_approver(case),
        "basis": f"{LAW_2017}第三十一条第一款" if is_2017(case) else f"{LAW_2023}第六十二条第一款",
        "days": chinese_number(days) if 0 < days < 100 else str(days),
        "due_on": clock.due_date if clock else None,
    }


# --- 听证通知书 -------------------------------------------------------------------------------------

HEARING_STEPS = ("schedule_hearing", "reschedule_hearing")
HEARING_BASIS = {
    "major": "本案重大、疑难、复杂",
    "requested": "申请人请求听证",
    "necessary": "行政复议机构认为有必要听证",
}


def hearing_context(case) -> dict:
    """听证通知书 to every 当事人 — 申请人, 被申请人 and 第三人 (2023 法第五十一条第一款: 将听证的
    时间、地点和拟听证事项书面通知当事人; 第五十条 the grounds; 2017: 实施条例第三十三条, no notice
    period). The time, place and matters are those of the latest 通知听证 / 变更听证时间."""
    data = steps(case).data(*HEARING_STEPS)
    basis_code = steps(case).data("schedule_hearing").get("basis", "")
    parties = _parties(case)
    addressees = [f"申请人{_case(case)['applicants']}", f"被申请人{case.respondent_name}"]
    addressees += [f"第三人{p['name']}" for p in parties["third_parties"]]
    return _case(case) | {
        "addressees": "，".join(addressees),
        "ground": HEARING_BASIS.get(basis_code, ""),
        "hearing_date": case.hearing_date,
        "place": _text(data, "place").rstrip("。"),
        "matters": _text(data, "matters").rstrip("。"),
        "rescheduled": steps(case).last("reschedule_hearing") is not None,
        "basis": f"{REGULATION}第三十三条" if is_2017(case) else f"{LAW_2023}第五十条、第五十一条",
        "absence_basis": f"{LAW_2023}第五十一条第二款、第三款",
    }


# --- 行政复议决定书 -----------------------------------------------------------------------------------


def _decision_check(case) -> str | None:
    if case.decision_type == DecisionType.MEDIATION:
        return "本案经调解结案，请生成行政复议调解书。"
    if not case.decision_type or case.decision_type == DecisionType.TERMINATED:
        return "本案没有作出行政复议决定，不能生成行政复议决定书。"
    return None


def _mediation_check(case) -> str | None:
    if case.decision_type != DecisionType.MEDIATION:
        return "本案不是以调解结案，不能生成行政复议调解书。"
    return None


def _reasons(case) -> dict:
    """What the 复议机构 entered on “作出行政复议决定”: 申请人称, 被申请人称, 经审理查明, 本机关认为, the
    调解协议, and how the decision was approved (2023 法第六十一条第一款; 2017 法第二十八条第一款:
    经行政复议机关的负责人同意或者集体讨论通过). Left empty, the document shows a line to fill in."""
    data = steps(case).data("decide")
    return {
        name: _text(data, name).rstrip("。")
        for name in ("applicant_says", "respondent_says", "facts", "reasoning", "agreement", "obligation")
    } | {
        "approval": data.get("approval") or "",
        # 2023 法第六十四条 (2017 法第二十八条第一款第（三）项): 责令在一定期限内重新作出; 第七十二条 (2017
        # 第二十九条): 行政赔偿 decided with the decision.
        "redo_days": data.get("redo_days") or "",
        "compensation": data.get("compensation") or "",
    }


def mediation_context(case) -> dict:
    return {
        **_case(case),
        **_reasons(case),
        "parties": _parties(case),
        "requests": case.requests.strip().rstrip("。"),
        # 2023 法第七十三条第一款; 2017: 实施条例第五十条第二款 (经双方当事人签字).
        "basis": decision_article(case, LAW_2023),
        "effective": f"{REGULATION}第五十条第二款" if is_2017(case) else f"{LAW_2023}第七十三条第一款",
    }


def _overdue_basis(case) -> str:
    """被申请人逾期不答复: 视为该行政行为没有证据、依据 — 2023 法第七十条 (撤销、部分撤销、确认违法、
    确认无效、责令履行); 2017 法第二十八条第一款第（四）项 (撤销), cited beside the decision's article."""
    article, types = LAW_VERSIONS.pick(
        case, ("第七十条", set(CORRECTIVE) - {DecisionType.CHANGE}), ("第（四）项", {DecisionType.REVOKE})
    )
    return article if case.decision_type in types else ""


def decision_context(case) -> dict:
    past = steps(case)
    return {
        **_case(case),
        **_reasons(case),
        "parties": _parties(case),
        "answered": past.last("receive_answer") is not None,
        # 提出书面答复之日: a mailed answer's posting date (第八十八条第一款 → 民事诉讼法第八十五条).
        "answered_on": past.date("receive_answer", "posted_on"),
        "answer_overdue": past.last("answer_overdue") is not None,
        "suspended": past.last(*SUSPEND_STEPS) is not None,
        "suspended_on": _suspended_on(case),
        "resumed": past.last(*RESUME_STEPS) is not None,
        "resumed_on": log_date(past.last(*RESUME_STEPS), "resumed_on"),
        "extended": past.last("extend") is not None,
        "extended_days": int(past.data("extend").get("days") or 0),
        "approver": _extension_approver(case),
        "requests": case.requests.strip().rstrip("。"),
        "approves": LAW_VERSIONS.pick(case, f"{LAW_2023}第六十一条第一款", f"{LAW_2017}第二十八条第一款"),
        "basis": decision_article(  # models.DECISION_ARTICLES
            case, *LAW_VERSIONS.pick(case, (LAW_2023, "第六十三条至第六十九条"), (LAW_2017, "第二十八条"))
        ),
        "decision": case.decision_type,
        "overdue_basis": _overdue_basis(case) if past.last("answer_overdue") else "",
        "effective": f"{LAW_2017}第三十一条第三款" if is_2017(case) else f"{LAW_2023}第七十五条",
    }


# --- the registry -----------------------------------------------------------------------------------


_kind = kinds("reconsideration", MODEL, issuer=lambda case: government_of(case.organisation))


RECEIPT = _kind(
    "receipt",
    "收件回执",
    (
        "received",
        "review",
        "completing",
        "accepted",
        "answering",
        "reviewing",
        "hearing",
        *SUSPENDED_STATES,
    ),
    "{org}复收字",
    receipt_context,
    dated=lambda case: case.received_on,
    check=_receipt_check,
    article="《行政复议法》第二十二条、第三十条",
)
COMPLETION_NOTICE = _kind(
    "completion_notice",
    "补正通知书",
    ("completing",),
    "{org}复补字",
    completion_context,
    dated=step_date("request_completion", "sent_on"),  # 发出之日 (else served by hand: its date)
    check=step_taken("request_completion", "本案尚未办理“通知补正”，没有可写入补正通知书的补正事项。"),
    article="《行政复议法》第三十一条",
)
ACCEPTANCE_NOTICE = _kind(
    "acceptance_notice",
    "受理通知书",
    ("accepted", "answering", "suspended_accepted", "suspended_answering"),
    "{org}复受字",
    acceptance_context,
    dated=lambda case: case.accepted_on,
    article="《行政复议法》第三十条",
)
REJECTION = _kind(
    "rejection",
    "不予受理决定书",
    ("rejected",),
    "{org}复不受字",
    rejection_context,
    dated=step_date("reject", "decided_on"),
    article="《行政复议法》第三十条",
)
ANSWER_NOTICE = _kind(
    "answer_notice",
    "答复通知书",
    ("accepted", "answering"),
    "{org}复答字",
    answer_context,
    article="《行政复议法》第四十八条、第五十四条",
)
SUSPENSION_NOTICE = _kind(
    "suspension_notice",
    "中止审理通知书",
    SUSPENDED_STATES,  # 中止 keeps the step the case was suspended from (workflow.py)
    "{org}复中字",
    suspension_context,
    dated=_suspended_on,
    article="《行政复议法》第三十九条",
)
RESUMPTION_NOTICE = _kind(
    "resumption_notice",
    "恢复审理通知书",
    ("accepted", "answering", "reviewing", "hearing"),
    "{org}复恢字",
    resumption_context,
    dated=lambda case: log_date(steps(case).last(*RESUME_STEPS), "resumed_on"),
    check=_resumption_check,
    article="《行政复议法》第三十九条",
)
TERMINATION_NOTICE = _kind(
    "termination_notice",
    "终止行政复议通知书",
    ("terminated", "served"),
    "{org}复终字",
    termination_context,
    dated=lambda case: case.decided_on,
    check=_termination_check,
    article="《行政复议法》第四十一条",
)
EXTENSION_NOTICE = _kind(
    "extension_notice",
    "延期审理通知书",
    ("reviewing", "hearing"),
    "{org}复延字",
    extension_context,
    dated=step_date("extend"),
    check=step_taken("extend", "本案尚未办理“延期审理”，不能生成延期通知书。"),
    article="《行政复议法》第六十二条",
)
HEARING_NOTICE = _kind(
    "hearing_notice",
    "听证通知书",
    ("hearing",),
    "{org}复听字",
    hearing_context,
    dated=lambda case: log_date(steps(case).last(*HEARING_STEPS), "notified_on"),
    check=lambda case: None if case.hearing_date else "本案尚未通知听证，不能生成听证通知书。",
    article="《行政复议法》第五十一条",
)
DECISION = _kind(
    "decision",
    "行政复议决定书",
    ("decided", "served"),
    "{org}复决字",
    decision_context,
    dated=lambda case: case.decided_on,
    check=_decision_check,
    article="《行政复议法》第七十五条",
    roles=("officer", "reviewer"),
)
MEDIATION = _kind(
    "mediation",
    "行政复议调解书",
    ("decided", "served"),
    "{org}复调字",
    mediation_context,
    dated=lambda case: case.decided_on,
    check=_mediation_check,
    article="《行政复议法》第七十三条",
    roles=("officer", "reviewer"),
)
