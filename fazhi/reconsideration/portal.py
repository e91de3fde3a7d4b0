"""The public 行政复议 pages of the portal (no login), declared on the portal kit
(:mod:`fazhi.portal.kit`, ADR 0015); this module keeps what carries the domain's meaning:

- 网上申请 (《行政复议法》第二十二条: 通过互联网渠道书面申请): the fields of the 行政复议申请书 and their
  rules. The kit stores a submission as 网上收件 with a 收件编号 and shows the 查询码 once; no case
  and no 案号 exist until an officer registers it (then :meth:`ApplicationForm.register` runs the
  staff registration, 案号 and all) or discards it as spam (issue 10 item 8). The kit limits
  submissions per address and per applicant identifier (公民身份号码 or 统一社会信用代码).
- 进度查询: the second factor is the applicant's name exactly as filed (every applicant has a name;
  organisations have no ID number). What the applicant sees of the case is :func:`progress` — masked
  names, the state and what it means with its article, the running deadline. Throttling and the
  audit of refusals are the kit's (docs/security.md 3).
- 复议决定书公开: the published kind of :mod:`fazhi.reconsideration.publication` (第七十九条), masked,
  never a case record itself, plus withdrawal notices; the portal's section "行政复议" (declared with
  ``section``) searches them.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.calendar import services as calendar
from fazhi.core.documents.registry import government_of
from fazhi.core.kit.functions import OrgFunction, organisations_with
from fazhi.core.models import Organisation
from fazhi.portal.kit import (
    APPLICANT_FIELDS,
    ApplicantForm,
    Application,
    DomainPortal,
    Files,
    FileSlot,
    FormSection,
    Lookup,
    Office,
    Offices,
    Progress,
    Published,
    Section,
    deadline_row,
    text_field,
)
from fazhi.reconsideration import publication, services
from fazhi.reconsideration.models import (
    ActType,
    Channel,
    DecisionType,
    PartyKind,
    PartyRole,
    ReconsiderationCase,
)

# What each state means for the applicant (shown on the progress page).
STATUS_HELP = {
    "received": "申请已提交，等待行政复议机构登记审查。",
    "review": "行政复议机构正在审查申请是否符合受理条件（5个工作日内，《行政复议法》第三十条）。",
    "completing": "申请材料需要补正，请按补正通知书载明的事项和期限补正；无正当理由逾期不补正的，视为放弃行政复议申请（《行政复议法》第三十一条）。",
    "accepted": "申请已受理，正在审理中。",
    "answering": "申请已受理，正在等待被申请人答复。",
    "reviewing": "申请已受理，正在审理中。",
    "hearing": "申请已受理，正在依法组织听证（《行政复议法》第五十条）。",
    "suspended": "行政复议依法中止，中止原因消除后恢复审理（《行政复议法》第三十九条）。",
    "suspended_accepted": "行政复议依法中止，中止原因消除后恢复审理（《行政复议法》第三十九条）。",
    "suspended_answering": "行政复议依法中止，中止原因消除后恢复审理（《行政复议法》第三十九条）。",
    "decided": "已作出行政复议决定，将依法送达。",
    "terminated": "行政复议已终止（《行政复议法》第四十一条）。",
    "served": "行政复议决定书已送达，自送达之日起发生法律效力（《行政复议法》第七十五条）。",
    "rejected": "申请不符合受理条件，已决定不予受理。",
    "abandoned": "逾期未补正，视为放弃行政复议申请。",
    "withdrawn": "申请人已在受理前撤回行政复议申请（《行政复议法》第七十四条）。",
    "archived": "案件已办结归档。",
}


def receiving_organisations():
    """行政复议机构 that take online applications: the 司法行政部门 acting for its government
    (《行政复议法》第二十四条、第四条), marked by their function, not guessed from their name."""
    return organisations_with(OrgFunction.RECONSIDERATION_BODY).order_by("region_id", "name")


def offices() -> list[tuple[Office, Office]]:
    """Each 行政复议机关 (the people's government) with its 行政复议机构 (the 司法局 that takes and
    handles applications; 《行政复议法》第四条), as the portal names them with address and phone."""
    bodies = receiving_organisations().select_related("parent__parent")
    return [(Office("行政复议机关", government_of(org)), Office("行政复议机构", org)) for org in bodies]


class ApplicationForm(ApplicantForm):
    """The 行政复议申请书's contents (《行政复议法》第二十二条), written by :meth:`register`; the
    applicant's fields and rules (公民身份号码 or 统一社会信用代码) are the kit's."""

    applicant_kinds = PartyKind
    organisation = forms.ModelChoiceField(
        label="行政复议机构",
        queryset=Organisation.objects.none(),
        empty_label="请选择",
        error_messages={
            "required": "请选择“行政复议机构”。",
            "invalid_choice": "请选择列表中的行政复议机构。",
        },
    )
    respondent_name = text_field("被申请人", 200, help_text="作出行政行为的行政机关名称。")
    act_type = forms.ChoiceField(
        label="被申请行为类型",
        choices=[("", "请选择"), *ActType.choices],
        error_messages={"required": "请选择“被申请行为类型”。", "invalid_choice": "请选择列表中的行为类型。"},
    )
    act_document_number = text_field(
        "行为文书文号", 100, required=False, help_text="如决定书的文号；没有的可不填。"
    )
    act_date = forms.DateField(
        label="行为作出日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "“行为作出日期”不是有效日期（格式：2026-01-31）。"},
    )
    act_description = text_field("被申请的行政行为", 2000, rows=3, help_text="简要写明行政行为的内容。")
    requests = text_field("行政复议请求", 1500, rows=3)
    facts = text_field("事实和理由", 2000, rows=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = receiving_organisations()

    def clean_act_date(self):
        value = self.cleaned_data.get("act_date")
        if value and value > timezone.localdate():
            raise ValidationError("“行为作出日期”不能晚于今天。")
        return value

    def register(self, *, actor, received_on) -> ReconsiderationCase:
        """Registered by an officer from 网上收件 (:mod:`fazhi.portal.intake`): the official 案号 is
        taken now, and the 5 个工作日 review runs from the day the application was received online
        (第三十条)."""
        d = self.cleaned_data
        return services.reconsideration_case_register(
            actor=actor,
            organisation=d["organisation"],
            received_on=received_on,
            channel=Channel.ONLINE,
            respondent_name=d["respondent_name"],
            act_type=d["act_type"],
            act_document_number=d["act_document_number"],
            act_date=d["act_date"],
            act_description=d["act_description"],
            requests=f"{d['requests']}\n事实和理由：{d['facts']}",
            parties=[self.applicant_party(PartyRole.APPLICANT)],
        )


def applicants(case: ReconsiderationCase) -> list:
    return [p for p in case.parties.all() if p.role == PartyRole.APPLICANT]


def progress(case: ReconsiderationCase) -> Progress:
    """What the applicant may see: masked names, no ID number, phone or address (docs/security.md 17)."""
    deadline = calendar.first_open_clock(case, ("decision", "completion", "acceptance_review"))
    rows = [
        ("申请人", "、".join(publication.public_party_name(p) for p in applicants(case))),
        ("被申请人", case.respondent_name),
        ("行政复议机构", case.organisation.name),
        ("收到申请日期", case.received_on),
        ("受理日期", case.accepted_on or "—"),
        deadline_row(deadline),
    ]
    if case.decision_type:
        rows += [("结案方式", DecisionType(case.decision_type).label), ("结案日期", case.decided_on)]
    rows.append(("送达日期", case.served_on))
    return Progress(
        heading=case.case_number,
        status=case.state.label,
        colour=case.state.colour,
        help=STATUS_HELP.get(case.status, ""),
        rows=tuple(rows),
        links=PORTAL.published_links(case, "查看公开的行政复议决定书"),
    )


PORTAL = DomainPortal(
    namespace="reconsideration_portal",
    title="行政复议",
    scope="reconsideration",
    office="行政复议机构",
    application=Application(
        form=ApplicationForm,
        title="网上申请行政复议",
        sections=(
            FormSection("行政复议机构", ("organisation",)),
            FormSection("申请人", APPLICANT_FIELDS),
            FormSection(
                "被申请人和被申请的行政行为",
                ("respondent_name", "act_type", "act_document_number", "act_date", "act_description"),
            ),
            FormSection("行政复议请求、事实和理由", ("requests", "facts")),
        ),
        intro="依据《中华人民共和国行政复议法》第二十二条，可以通过互联网渠道提交行政复议申请书。",
        consent="提交即表示您确认所填内容真实。您的个人信息仅用于办理本行政复议案件，公开的决定书不含公民身份号码、联系电话和住址。",
        notes=(
            "行政复议机构自收到申请之日起五个工作日内进行审查；材料不全的，将一次性通知补正（《中华人民共和国行政复议法》第三十条、第三十一条）。",
            "行政复议不收取任何费用（第八十七条）。",
        ),
        # Materials sent with the application need not be asked for by 补正 (第三十一条: 申请材料
        # 不齐全); the applicant's own evidence where the law puts the burden on them (第四十四条).
        files=Files(
            slots=(
                FileSlot(
                    "id_copy", "身份证明材料", "自然人：居民身份证正反面；法人或者其他组织：营业执照等。"
                ),
                FileSlot(
                    "act_document", "被申请行政行为的文书", "如行政处罚决定书；没有书面文书的可不上传。"
                ),
                FileSlot("evidence", "其他证据材料", "可选择多个文件。", multiple=True),
            ),
            help="随申请上传身份证明和被申请行为的文书，可避免因材料不全被通知补正（《中华人民共和国行政复议法》第三十一条）。身份证明材料仅行政复议机构工作人员可以查看；行为文书和证据材料随案件供被申请人答复时查阅。",
        ),
        review_period=(
            5,
            "workday",
            "《中华人民共和国行政复议法》第三十条：行政复议机构应当自收到申请之日起五个工作日内进行审查",
        ),
        link_help="公民、法人或者其他组织认为行政行为侵犯其合法权益的，可以自知道或者应当知道该行政行为之日起六十日内提出行政复议申请（《中华人民共和国行政复议法》第二十条）。行政复议不收取费用（第八十七条）。",
    ),
    lookup=Lookup(
        model=ReconsiderationCase,
        applicant_names=lambda case: [p.name for p in applicants(case)],
        progress=progress,
        select_related=("organisation",),
    ),
    published=Published(
        kind=publication.KIND,
        title="行政复议决定书公开",
        noun="决定书",
        columns=(("申请人", "applicant"), ("被申请人", "respondent"), ("决定类型", "decision_type")),
        path="decisions",
        name="decisions",
        detail_name="decision",
        basis="本决定书依据《中华人民共和国行政复议法》第七十九条公开，自然人当事人已作去标识化处理。",
        link_help="依照《中华人民共和国行政复议法》第七十九条公开的行政复议决定书，当事人中的自然人已作去标识化处理。",
    ),
    offices=Offices(
        title="行政复议机关和行政复议机构",
        groups=offices,
        help=(
            "县级人民政府是行政复议机关，其司法行政部门是行政复议机构，具体办理行政复议事项（《中华人民共和国行政复议法》第四条）。",
            "不通过网络申请的，可以将行政复议申请书当面递交或者邮寄到行政复议机构的办公地址（信封注明“行政复议申请”）；书写确有困难的，可以当面口头申请，由工作人员当场记录（第二十二条）。当面递交或者口头申请的，工作人员出具收件回执，回执上载有查询码。",
        ),
    ),
    section=Section(
        description="网上申请行政复议，凭查询码查询办理进度，查阅公开的行政复议决定书。",
        order=20,
        summary=(("被申请人", "respondent"), ("决定类型", "decision_type")),
    ),
)
