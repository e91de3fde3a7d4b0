"""Staff pages for 行政复议: declared as data; the generic shell renders list, detail, history,
clocks, attachments and the procedure's transitions as buttons."""

from __future__ import annotations

from fazhi.core.dates import not_after
from fazhi.core.validators import as_typed_identifier
from fazhi.reconsideration import forms, workflow
from fazhi.reconsideration.models import (
    Channel,
    EvidenceItem,
    IncidentalReview,
    Party,
    PartyRole,
    ReconsiderationCase,
    ReconsiderationOpinion,
)
from fazhi.web import registry
from fazhi.web.children import children_panel
from fazhi.web.formspec import FormSection, FormSpec, InlineSpec
from fazhi.web.personal_data import parties_column, personal_data_panel
from fazhi.web.registry import (
    ChoiceFilter,
    Column,
    DateRangeFilter,
    ListSpec,
    OrgFilter,
    StatusFilter,
)

# 登记收件 of an application received in person, by post or orally (2023 《行政复议法》第二十二条);
# online applications arrive through the portal. Registration numbers the case in the user's own
# organisation and starts the 5 个工作日 acceptance review (第三十条).
REGISTRATION = FormSpec(
    fields=(
        FormSection(
            "被申请人和行政行为",
            (
                "respondent_name",
                "act_organisation",
                "act_type",
                "act_document_number",
                "act_date",
                "act_description",
                "requests",
            ),
        ),
        FormSection(
            "收件",
            (
                "channel",
                "received_on",
                "forwarded_from_on",
                "simple_procedure",
                "simple_procedure_ground",
                "special_decision_days",
                "special_decision_basis",
            ),
        ),
    ),
    inlines=(
        InlineSpec(
            "applicants",
            Party,
            fk="case",
            fields=("kind", "name", "id_number", "uscc", "phone", "address", "is_representative"),
            fixed={"role": PartyRole.APPLICANT},
            title="申请人",
            row_label="申请人",
            min=1,
            max=60,
            rules=(forms.representatives_fit,),
            unique=("id_number", "uscc"),
            labels={"kind": "申请人类型", "name": "申请人姓名或名称"},
            help={
                "id_number": "自然人填写18位公民身份号码。",
                "uscc": "法人或者其他组织填写18位统一社会信用代码。",
                "phone": "手机号码或带区号的固定电话。",
                "is_representative": "申请人超过5人的，可以推选1至5名代表人参加行政复议（第十五条）。",
            },
            cleaners=dict.fromkeys(("id_number", "uscc", "phone"), as_typed_identifier),
        ),
    ),
    create_roles=("officer", "reviewer"),
    # Corrections of what was typed at registration, before the case is decided.
    editable=dict.fromkeys(
        ("officer", "reviewer"), ("received", "review", "completing", "accepted", "answering", "reviewing")
    ),
    edit_fields=(
        "respondent_name",
        "act_organisation",
        "act_type",
        "act_document_number",
        "act_date",
        "act_description",
        "requests",
        "channel",
        "simple_procedure",
        "simple_procedure_ground",
    ),
    organisation="own",
    choices={"channel": [c for c in Channel.choices if c[0] != Channel.ONLINE]},
    labels={"act_organisation": "被申请人在本系统中的单位"},
    help={
        "simple_procedure": "2023年《行政复议法》第五十三条；2024年1月1日前收到的申请没有简易程序。",
        "simple_procedure_ground": "适用简易程序的必填（第五十三条第一款四项情形，或者第二款当事人各方同意）。",
        "special_decision_days": "法律规定的行政复议期限少于六十日的填写（第六十二条第一款）；受理时也可填写。",
        "special_decision_basis": "如“《××法》第××条”。",
        "act_organisation": "不选时按被申请人名称自动匹配本县（区）同名单位；该单位可查看本案并在线提交答复。",
    },
    not_future=("received_on",),
    on_create=forms.registered,
    create_title="登记行政复议申请",
    create_label="登记新案件",
    submit="登记收件",
    intro="复议机构为您所在的单位。登记后自收到申请之日起计算五个工作日的受理审查期限（《行政复议法》第三十条）；"
    "案号按本单位年度自动编号。网上申请由申请人在门户网站提交，无需在此登记。",
    success=lambda case: f"已登记行政复议申请，案号：{case.case_number}。",
)


SPEC = ListSpec(
    model=ReconsiderationCase,
    slug="reconsideration",
    title="行政复议",
    columns=(
        "case_number",
        "applicant_names",
        "respondent_name",
        "act_type",
        "received_on",
        "status",
        "decision_type",
        Column("organisation__name", "复议机构"),
    ),
    filters=(
        StatusFilter(),
        OrgFilter(),
        ChoiceFilter("law_version"),
        ChoiceFilter("decision_type"),
        ChoiceFilter("channel"),
        ChoiceFilter("simple_procedure"),
        DateRangeFilter("received_on", "收到申请日期"),
        DateRangeFilter("decided_on", "结案日期"),
    ),
    search_fields=("case_number", "applicant_names", "respondent_name", "act_document_number"),
    ordering=("-received_on", "-id"),
    detail_fields=(
        "case_number",
        "organisation",
        "channel",
        "received_on",
        Column("forwarded_from_on", "作出处罚决定的机关收到申请日期", workflow.forwarding_note),
        "law_version",
        parties_column(),  # identifiers masked on screen; the full values stay in the record
        "respondent_name",
        "act_type",
        "act_document_number",
        "act_date",
        "act_description",
        "requests",
        "simple_procedure",
        "committee_ground",  # 重大疑难复杂等情形: 听证 and 咨询意见 before the decision (workflow.py)
        "simple_procedure_ground",
        "special_decision_days",
        "special_decision_basis",
        # the legal acceptance date, and why (workflow.acceptance_note: 第三十条第三款 / 2017 第十七条第二款)
        Column("accepted_on", "受理日期", workflow.acceptance_note),
        "suspension_ground",
        "decision_type",
        "termination_ground",
        "decided_on",
        "service_sent_on",
        "served_on",
        "query_code",
    ),
    holder_only_fields=("query_code",),
    attachment_kinds=(
        "行政复议申请书",
        "申请笔录",
        "证据材料",
        "补正材料",
        "答复书",
        "行政复议决定书",
        "送达回证",
    ),
    # 当事人 identifiers masked, 查看明文 with a reason for reviewers and leaders (docs/security.md 11).
    detail_panels=(
        personal_data_panel("parties"),
        children_panel("reconsideration-opinions", "case", title="行政复议意见书/建议书"),
        children_panel("reconsideration-incidental", "case", title="规范性文件附带审查"),
        children_panel("reconsideration-evidence", "case", title="证据目录", may_add=EvidenceItem.may_add),
    ),
    nav_order=200,
    nav_group="复议应诉",
    form=REGISTRATION,
)

if registry.get(SPEC.slug) is None:
    registry.register(SPEC)


# 行政复议意见书 / 建议书 (2023 法第七十六条; 2017 实施条例第五十七条): their own list, detail with the
# 60 日 follow-up clock, and the procedure's steps (制发, 报送纠正情况) as buttons.
OPINIONS = registry.register(
    ListSpec(
        model=ReconsiderationOpinion,
        slug="reconsideration-opinions",
        title="复议意见书/建议书",
        columns=(
            Column("case__case_number", "行政复议案件"),
            "kind",
            "recipient",
            "status",
            "received_on",
            "replied_on",
            Column("organisation__name", "复议机构"),
        ),
        filters=(
            StatusFilter(),
            OrgFilter(),
            ChoiceFilter("kind"),
            DateRangeFilter("received_on", "收到日期"),
        ),
        search_fields=("case__case_number", "recipient"),
        ordering=("-id",),
        select_related=("case",),
        detail_fields=(
            Column("case__case_number", "行政复议案件"),
            "organisation",
            "kind",
            "recipient",
            "content",
            "received_on",
            "replied_on",
            "reply_summary",
        ),
        attachment_kinds=("行政复议意见书", "行政复议建议书", "纠正情况报告"),
        nav_order=205,
        nav_group="复议应诉",
        # 起草 by the 复议机构 on a case it handles; 制发 (with the recipient's receipt date, which
        # starts the 60 日 follow-up) and 报送纠正情况 are the procedure's steps on the detail page.
        form=FormSpec(
            fields=("case", "kind", "recipient", "content"),
            create_roles=("reviewer",),
            organisation="own",
            editable={"reviewer": ("drafted",)},
            help={"recipient": "被申请人或者其他下级行政机关，如：桂玉县市场监督管理局"},
            clean=forms.opinion_clean,
            create_title="起草行政复议意见书/建议书",
            create_label="起草意见书/建议书",
            success=lambda o: f"已起草{o.get_kind_display()}，制发后开始计算60日纠正期限。",
        ),
    )
)


# 规范性文件附带审查 (2023 法第五十六条至第六十条): registered on an accepted case; 本机关处理 (30 日,
# 通知制定机关 3 个工作日, 答复 10 个工作日) or 转送 (7 个工作日; the receiving organ replies in 60 日) are
# the procedure's steps on the detail page.
INCIDENTAL = registry.register(
    ListSpec(
        model=IncidentalReview,
        slug="reconsideration-incidental",
        title="规范性文件附带审查",
        columns=(
            Column("case__case_number", "行政复议案件"),
            "document_title",
            "maker",
            "origin",
            "status",
            "started_on",
            "closed_on",
        ),
        filters=(StatusFilter(), ChoiceFilter("origin"), DateRangeFilter("started_on", "起算日期")),
        search_fields=("case__case_number", "document_title", "maker"),
        ordering=("-id",),
        select_related=("case",),
        detail_fields=(
            Column("case__case_number", "行政复议案件"),
            "organisation",
            "origin",
            "document_title",
            "provisions",
            "maker",
            "competent",
            "started_on",
            "maker_received_on",
            "outcome",
            "transferred_to",
            "transfer_received_on",
            "closed_on",
        ),
        attachment_kinds=("附带审查申请", "书面通知", "制定机关答复", "转送函", "处理意见"),
        nav_order=207,
        nav_group="复议应诉",
        form=FormSpec(
            fields=("case", "origin", "document_title", "provisions", "maker", "competent", "started_on"),
            create_roles=("officer", "reviewer"),
            organisation="own",
            editable={role: ("registered",) for role in ("officer", "reviewer")},
            not_future=("started_on",),
            help={
                "document_title": "如：《桂玉县农村集体土地征收补偿安置办法》",
                "maker": "如：桂玉县人民政府",
            },
            clean=forms.incidental_clean,
            create_title="登记规范性文件附带审查",
            create_label="登记附带审查",
            success=lambda r: (
                "已登记附带审查。审查期间行政复议案件应当中止（《行政复议法》第三十九条第一款第九项），"
                "请在案件页办理“中止审理”。"
            ),
        ),
    )
)


# 证据目录 (2023 法第四十三条至第四十八条): each item a record of its own, listed on the case page and
# exported from the list (search by 案号 for one case's catalogue). The 复议机构 registers what the
# parties submit and what it collects (第四十五条); the 被申请人 registers its own evidence while its
# 答复 is awaited or the case is heard (第四十八条; EvidenceItem.clean). 第四十六条 is a computed
# column (EvidenceItem.late_collection_warning), never typed.
EVIDENCE = registry.register(
    ListSpec(
        model=EvidenceItem,
        slug="reconsideration-evidence",
        title="行政复议证据目录",
        columns=(
            Column("case__case_number", "行政复议案件"),
            "submitted_by",
            "kind",
            "name",
            "source",
            "collected_on",
            "proves",
            "pages",
            "submitted_on",
            Column("late_collection_warning", "证据提示（第四十六条）"),
        ),
        filters=(
            ChoiceFilter("submitted_by"),
            ChoiceFilter("kind"),
            DateRangeFilter("submitted_on", "提交日期"),
        ),
        search_fields=("case__case_number", "name", "source"),
        ordering=("case_id", "submitted_on", "id"),
        select_related=("case",),
        detail_fields=(
            Column("case__case_number", "行政复议案件"),
            "organisation",
            "submitted_by",
            "kind",
            "name",
            "source",
            "collected_on",
            "proves",
            "pages",
            "submitted_on",
            "note",
            Column("late_collection_warning", "证据提示（第四十六条）"),
        ),
        attachments=False,  # the files themselves are the case's 证据材料 attachments
        nav_order=206,
        nav_group="复议应诉",
        form=FormSpec(
            fields=(
                "case",
                "submitted_by",
                "kind",
                "name",
                "source",
                "collected_on",
                "proves",
                "pages",
                "submitted_on",
                "note",
            ),
            create_roles=("officer", "reviewer"),
            organisation="own",
            editable=dict.fromkeys(("officer", "reviewer"), ("*",)),
            edit_fields=(
                "submitted_by",
                "kind",
                "name",
                "source",
                "collected_on",
                "proves",
                "pages",
                "submitted_on",
                "note",
            ),
            not_future=("collected_on", "submitted_on"),
            dates=(not_after("collected_on", "submitted_on"),),
            help={
                "submitted_by": "被申请人在本系统登记的，只能登记本单位提交的证据。",
                "kind": "《行政复议法》第四十三条规定的证据种类。",
                "collected_on": "被申请人的证据请填写：作出行政行为后或者行政复议期间自行收集的证据，"
                "不能作为认定该行政行为合法性、适当性的依据（第四十六条）。",
                "name": "如：现场检查笔录、询问笔录、行政处罚决定书送达回证",
            },
            create_title="登记证据",
            create_label="登记证据",
            intro="被申请人应当自收到申请书副本之日起十日内提出书面答复，并提交当初作出行政行为的证据、"
            "依据和其他有关材料（《行政复议法》第四十八条）。证据文件请在案件页“附件”中以“证据材料”上传。",
            success=lambda item: f"已登记证据“{item.name}”。",
        ),
    )
)
