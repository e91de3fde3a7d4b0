"""Staff pages of 行政应诉, declared here and served by the generic pages of fazhi.web: lists, detail,
export, and the create/edit forms (``FormSpec``) — registering a lawsuit with its plaintiffs, its
hearings, who appeared at a hearing, and 司法建议 / 检察建议.

Only 承办人, 法制审核人员 and 分管领导 reach the forms, and only for records in their data scope:
anyone else gets a 404, so nothing discloses that a record exists (docs/security.md 10).
"""

from django.utils import timezone

from fazhi.core.dates import not_after
from fazhi.core.models import RoleCode
from fazhi.core.records import visible
from fazhi.litigation import forms, selectors, services  # noqa: F401  (services: record hooks)
from fazhi.litigation.models import (
    HEAD_CAPACITIES,
    HEAD_RULE,
    Appearance,
    Hearing,
    JudicialRecommendation,
    Lawsuit,
    Party,
    PartyRole,
)
from fazhi.litigation.workflow import PROCEDURE
from fazhi.web import formspec
from fazhi.web.formspec import ANY_STATE, FormSection, FormSpec, InlineSpec
from fazhi.web.personal_data import personal_data_panel
from fazhi.web.registry import (
    ChoiceFilter,
    Column,
    DateRangeFilter,
    DetailPanel,
    ListSpec,
    OrgFilter,
    StatusFilter,
    register,
)

STAFF_ROLE_CODES = tuple(str(r) for r in (RoleCode.OFFICER, RoleCode.REVIEWER, RoleCode.LEADER))

# --- detail page panels ------------------------------------------------------------------------


def lawsuit_panel(request, record: Lawsuit) -> DetailPanel:
    """庭审、出庭和建议 on a lawsuit's detail page (the record was fetched through the user's scope)."""
    user = request.user
    hearings = list(selectors.hearing_list(user=user, lawsuit=record))
    return DetailPanel(
        title="庭审、出庭和司法建议",
        template="litigation/staff/_lawsuit_panel.html",
        key="litigation",
        context={
            "hearings": hearings,
            "head_appeared": any(a.counts_as_head for h in hearings for a in h.appearances.all()),
            "today": timezone.localdate(),
            "recommendations": list(selectors.recommendation_list(user=user, lawsuit=record)),
            "edit_url": LAWSUITS.edit_url_for(user, record),
            "new_recommendation": RECOMMENDATIONS.create_url_for(
                user, lawsuit=record.pk, organisation=record.organisation_id
            ),
            "may_edit": HEARING_PAGES.form.may_edit(user, record),  # 出庭人员, 整改回复: the same roles
            "head_rule": HEAD_RULE,
            "head_capacities": sorted(str(c.label) for c in HEAD_CAPACITIES),
        },
    )


def recommendation_panel(request, record: JudicialRecommendation) -> DetailPanel:
    return DetailPanel(
        title="整改回复",
        template="litigation/staff/_recommendation_panel.html",
        key="reply",
        context={"r": record},
    )


# --- 行政诉讼案件 ------------------------------------------------------------------------------

PLAINTIFFS = InlineSpec(
    "plaintiffs",
    Party,
    fk="lawsuit",
    fields=("kind", "name", "id_number", "phone", "address"),
    fixed={"role": PartyRole.PLAINTIFF},
    title="原告",
    row_label="原告",
    min=1,
    max=50,
    extra=2,
    unique=("id_number",),
    required=("id_number",),
    labels={"kind": "原告类型", "name": "原告姓名或名称"},
    help={"id_number": "自然人填18位公民身份号码；法人或其他组织填统一社会信用代码"},
    cleaners={"phone": forms.phone},
)

HEARINGS = InlineSpec(
    "hearings",
    Hearing,
    fk="lawsuit",
    fields=("hearing_on", "hearing_time", "court_room", "remind_on", "summoned_head"),
    row_label="开庭",
    max=20,
    help={"remind_on": "不填则为开庭前3日（出庭通知书应于开庭3日前送达）"},
    on_create_page=False,
)

LAWSUIT_FIELDS = (
    "court",
    "case_number",
    "instance",
    "act_type",
    "act_document_number",
    "act_date",
    "act_description",
    "reconsideration_case_number",
)

LAWSUITS = register(
    ListSpec(
        model=Lawsuit,
        slug="lawsuits",
        title="行政应诉",
        columns=(
            "case_number",
            "court",
            "instance",
            "plaintiff_summary",
            Column("organisation__name", "被告"),
            "act_type",
            "status",
            "complaint_received_on",
            "outcome",
        ),
        filters=(
            StatusFilter(),
            ChoiceFilter("instance"),
            ChoiceFilter("outcome"),
            OrgFilter(label="被告"),
            DateRangeFilter("complaint_received_on", "收到起诉状日期"),
        ),
        search_fields=("case_number", "court", "plaintiff_summary", "act_document_number"),
        ordering=("-complaint_received_on", "-pk"),
        attachment_kinds=("起诉状副本", "答辩状", "证据材料", "判决书", "裁定书", "调解书", "出庭通知书"),
        nav_order=220,
        nav_group="复议应诉",
        # 当事人 identifiers masked, 查看明文 with a reason for reviewers and leaders (docs/security.md 11).
        detail_panels=(lawsuit_panel, personal_data_panel("parties", title="原告和第三人个人信息")),
        form=FormSpec(
            fields=(FormSection("案件信息", LAWSUIT_FIELDS),),
            inlines=(PLAINTIFFS, HEARINGS),
            create_roles=STAFF_ROLE_CODES,
            # Case details may be corrected until the case is closed; the closed file stays as it was.
            editable={role: PROCEDURE.open_states for role in STAFF_ROLE_CODES},
            organisation_label="被告单位",
            help={
                "court": "如：示范区人民法院",
                "act_type": "如：行政处罚、行政许可、政府信息公开",
                "reconsideration_case_number": "经行政复议的案件，填写您有权查看的复议案件的案号"
                "（《行政诉讼法》第二十六条第二款）",
            },
            extra={
                "complaint_received_on": formspec.date_input(
                    "收到起诉状副本日期", help="填写后开始计算15日答辩及举证期限（《行政诉讼法》第六十七条）"
                )
            },
            cleaners={"case_number": forms.case_number},
            not_future=("act_date", "complaint_received_on"),
            dates=(not_after("act_date", "complaint_received_on"),),
            unique=((("court", "case_number"), "{court}的案件“{case_number}”已经登记，请勿重复登记。"),),
            # 经复议的案件 (《行政诉讼法》第二十六条第二款): a 复议案件 the user may see. A complaint copy
            # already received takes 收到起诉状, which starts the 15 日 answer clock (第六十七条).
            clean=forms.RECONSIDERED.clean,
            on_create=formspec.hooks(
                forms.RECONSIDERED.saved, formspec.take_step("receive", received_on="complaint_received_on")
            ),
            on_update=forms.RECONSIDERED.saved,
            create_title="登记行政诉讼案件",
            create_label="登记应诉案件",
            submit="登记案件",
            success=lambda case: f"已登记行政诉讼案件“{case.case_number}”。",
        ),
    )
)


# --- 庭审 and who appeared (reached from the lawsuit's page; data scope is the lawsuit's) ------

HEARING_PAGES = register(
    ListSpec(
        model=Hearing,
        slug="hearings",
        title="庭审",
        columns=(Column("lawsuit__case_number", "案号"), "hearing_on", "hearing_time", "court_room", "held"),
        ordering=("-hearing_on", "-pk"),
        queryset=lambda user: visible(user, Hearing),
        nav=False,
        form=FormSpec(
            fields=(
                FormSection(
                    "庭审", ("hearing_on", "hearing_time", "court_room", "remind_on", "summoned_head")
                ),
            ),
            inlines=(
                InlineSpec(
                    "appearances",
                    Appearance,
                    fk="hearing",
                    fields=("person_name", "position", "capacity", "spoke"),
                    max=20,
                    help={
                        "position": "如：局长、分管副局长、法制科科长",
                        "capacity": "正职、副职及分管被诉行为的副职负责人计入负责人出庭；内设机构负责人（如科长）、"
                        f"下级或受委托机关负责人、其他工作人员和律师不计入（{HEAD_RULE}）",
                        "spoke": "负责人就实质性解决行政争议发表意见（同规定第十一条）",
                    },
                ),
            ),
            editable={role: ANY_STATE for role in STAFF_ROLE_CODES},
        ),
    )
)


# --- 司法建议 and 检察建议 -----------------------------------------------------------------------

RECOMMENDATIONS = register(
    ListSpec(
        model=JudicialRecommendation,
        slug="judicial-recommendations",
        title="司法建议和检察建议",
        columns=(
            "kind",
            "document_number",
            "issuer",
            Column("organisation__name", "收件单位"),
            "received_on",
            "rectification_deadline",
            "status",
            "replied_on",
        ),
        filters=(
            StatusFilter(),
            ChoiceFilter("kind"),
            OrgFilter(),
            DateRangeFilter("received_on", "收到日期"),
        ),
        search_fields=("document_number", "issuer", "content"),
        ordering=("-received_on", "-pk"),
        attachment_kinds=("建议书", "整改回复"),
        nav_order=225,
        nav_group="复议应诉",
        detail_panels=(recommendation_panel,),
        form=FormSpec(
            fields=(
                "lawsuit",
                "kind",
                "issuer",
                "document_number",
                "received_on",
                "content",
                "rectification_deadline",
            ),
            create_roles=STAFF_ROLE_CODES,
            organisation_label="收件单位",
            required=("rectification_deadline",),
            not_future=("received_on",),
            help={"issuer": "如：示范区人民法院、示范区人民检察院"},
            clean=formspec.same_organisation(
                "lawsuit", "关联案件的被告是{organisation}，收件单位应与之一致。"
            ),
            # 收到建议 on the day it arrived starts the reply clock (workflow.REPLY).
            on_create=formspec.take_step("receive", received_on="received_on"),
            # Corrections of what was typed, until the reply is recorded (整改回复 is a procedure step).
            editable={role: ("registered", "received") for role in STAFF_ROLE_CODES},
            create_title="登记司法建议或检察建议",
            create_label="登记司法建议或检察建议",
            success=lambda r: (
                f"已登记{r.get_kind_display()}，整改回复期限为{r.rectification_deadline:%Y-%m-%d}。"
            ),
        ),
    )
)
