"""Staff pages for 行政复议: declared as data; the generic shell renders list, detail, history,
clocks, attachments and the procedure's transitions as buttons."""

from __future__ import annotations

from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.reconsideration.models import ReconsiderationCase, ReconsiderationOpinion
from fazhi.web import registry
from fazhi.web.personal_data import personal_data_panel
from fazhi.web.registry import (
    ChoiceFilter,
    Column,
    DateRangeFilter,
    ListAction,
    ListSpec,
    OrgFilter,
    StatusFilter,
)


def _parties(case: ReconsiderationCase) -> str:
    # Staff see parties with identifiers masked on screen; the full values stay in the record.
    parts = []
    for p in case.parties.all():
        ident = mask_id_number(p.id_number, keep_head=6, keep_tail=2) if p.id_number else p.uscc
        phone = f"，{mask_phone(p.phone)}" if p.phone else ""
        parts.append(f"{p.get_role_display()}：{p.name}" + (f"（{ident}{phone}）" if ident or phone else ""))
    return "；".join(parts)


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
        "law_version",
        Column("parties", "当事人", value=_parties),
        "respondent_name",
        "act_type",
        "act_document_number",
        "act_date",
        "act_description",
        "requests",
        "simple_procedure",
        "accepted_on",
        "suspension_ground",
        "decision_type",
        "termination_ground",
        "decided_on",
        "served_on",
        "query_code",
    ),
    attachment_kinds=(
        "行政复议申请书",
        "申请笔录",
        "证据材料",
        "补正材料",
        "答复书",
        "行政复议决定书",
        "送达回证",
    ),
    # 当事人 identifiers masked, 查看明文 with a reason for reviewers and leaders (SECURITY.md 11).
    detail_panels=(personal_data_panel("parties"),),
    nav_order=200,
    nav_group="复议应诉",
    # The form's view checks the same roles (fazhi.reconsideration.staff_views).
    actions=(ListAction("登记新案件", "web:reconsideration-register", roles=("officer", "reviewer")),),
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
    )
)
