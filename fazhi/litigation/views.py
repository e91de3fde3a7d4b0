"""Staff pages of 行政应诉: declared here, served by the generic list/detail views of fazhi.web."""

from fazhi.litigation import staff_views
from fazhi.litigation.models import JudicialRecommendation, Lawsuit
from fazhi.web.personal_data import personal_data_panel
from fazhi.web.registry import (
    ChoiceFilter,
    Column,
    DateRangeFilter,
    ListAction,
    ListSpec,
    OrgFilter,
    StatusFilter,
    register,
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
        # 当事人 identifiers masked, 查看明文 with a reason for reviewers and leaders (SECURITY.md 11).
        detail_panels=(
            staff_views.lawsuit_panel,
            personal_data_panel("parties", title="原告和第三人个人信息"),
        ),
        actions=(ListAction("登记应诉案件", "web:lawsuit-register", roles=staff_views.STAFF_ROLE_CODES),),
    )
)

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
            "replied_on",
        ),
        filters=(ChoiceFilter("kind"), OrgFilter(), DateRangeFilter("received_on", "收到日期")),
        search_fields=("document_number", "issuer", "content"),
        ordering=("-received_on", "-pk"),
        attachment_kinds=("建议书", "整改回复"),
        nav_order=225,
        detail_panels=(staff_views.recommendation_panel,),
        actions=(
            ListAction(
                "登记司法建议或检察建议", "web:recommendation-add", roles=staff_views.STAFF_ROLE_CODES
            ),
        ),
    )
)
