"""Staff pages of 行政处罚案件: list (filter, search, export), detail with the steps, clocks and the
当事人 masked, and 登记线索 with the parties inline — declared, served by the generic pages."""

from __future__ import annotations

from django.utils import timezone

from fazhi.core.dates import written_date
from fazhi.core.kit.parties import keep_names
from fazhi.core.validators import as_typed_identifier
from fazhi.enforcement.models_penalty import PenaltyCase, PenaltyParty, PenaltyPartyRole
from fazhi.web.formspec import FormSection, FormSpec, InlineSpec
from fazhi.web.personal_data import parties_column, personal_data_panel
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


def guidance_panel(request, case) -> DetailPanel | None:
    """裁量基准 and 免罚清单 matching the case's 案由 (fazhi.enforcement.models_lists.guidance_for),
    while the case is still being decided; none once decided or when nothing matches."""
    from fazhi.enforcement.models_lists import guidance_for

    if case.decided_on is not None or case.status in ("not_filed", "transferred", "not_penalised"):
        return None
    found = guidance_for(case.organisation, case.title)
    if not (found["standards"] or found["exemptions"]):
        return None
    return DetailPanel(
        title="裁量基准和免罚清单（参考）",
        template="enforcement/_guidance.html",
        key="guidance",
        context=found,
    )


HANDLERS = ("officer", "leader")

keep_names(PenaltyCase, "party_names", PenaltyPartyRole.PARTY)


def performance_note(case: PenaltyCase) -> str:
    """罚款的缴纳期限和到期不缴纳的加处罚款（《行政处罚法》第六十七条第三款、第七十二条第一款第一项）."""
    fine, due = case.fine_amount, case.payment_due
    if fine is None or due is None:
        return ""
    if case.paid_on:
        return f"已于{written_date(case.paid_on)}履行"
    today = timezone.localdate()
    surcharge = case.surcharge_on(today)
    text = f"罚款{fine}元，应于{written_date(due)}前缴纳"
    if surcharge:
        text += f"；逾期每日加处罚款数额的3%，截至今日加处罚款{surcharge}元（不超过罚款数额，第七十二条）"
    return text


def officers_note(case: PenaltyCase) -> str:
    names = [str(o) for o in (case.officer_a, case.officer_b) if o is not None]
    return "、".join(names)


PENALTIES = register(
    ListSpec(
        model=PenaltyCase,
        slug="enforcement-penalties",
        title="行政处罚案件",
        columns=(
            "number",
            "title",
            "party_names",
            "registered_on",
            "status",
            "penalty_kind",
            "amount",
            "decided_on",
            Column("organisation__name", "执法机关"),
        ),
        filters=(
            StatusFilter(),
            OrgFilter(),
            ChoiceFilter("penalty_kind"),
            ChoiceFilter("major_ground"),
            DateRangeFilter("registered_on", "线索登记日期"),
            DateRangeFilter("decided_on", "决定日期"),
        ),
        search_fields=("number", "title", "party_names"),
        ordering=("-registered_on", "-id"),
        select_related=("organisation", "officer_a", "officer_b"),
        detail_fields=(
            "number",
            "organisation",
            "title",
            "source",
            "registered_on",
            "summary",
            parties_column(),
            Column("officers", "承办执法人员", officers_note),
            "major_ground",
            "serious",
            "filed_on",
            "investigation_started_on",
            "legal_review_on",
            "notified_on",
            "hearing_on",
            "discussed_on",
            "penalty_kind",
            "second_kind",
            "amount",
            "no_penalty_ground",
            "decided_on",
            "served_on",
            Column("performance", "履行和加处罚款", performance_note),
            "paid_on",
            "transferred_to",
            "transferred_on",
            "revision",
            "revised_on",
        ),
        attachment_kinds=(
            "立案审批表",
            "证据材料",
            "鉴定意见",
            "行政处罚事先告知书",
            "听证笔录",
            "法制审核意见书",
            "集体讨论记录",
            "行政处罚决定书",
            "送达回证",
            "缴款凭证",
            "移送材料",
        ),
        detail_panels=(personal_data_panel("parties"), guidance_panel),
        nav_order=320,
        nav_group="行政执法",
        form=FormSpec(
            fields=(
                FormSection("线索", ("title", "source", "registered_on", "summary")),
                FormSection("承办", ("officer_a", "officer_b", "major_ground", "serious")),
            ),
            inlines=(
                InlineSpec(
                    "parties",
                    PenaltyParty,
                    fk="case",
                    fields=("kind", "name", "id_number", "phone", "address"),
                    fixed={"role": PenaltyPartyRole.PARTY},
                    title="当事人",
                    row_label="当事人",
                    min=1,
                    max=20,
                    unique=("id_number",),
                    cleaners=dict.fromkeys(("id_number", "phone"), as_typed_identifier),
                ),
            ),
            create_roles=HANDLERS,
            editable=dict.fromkeys(
                HANDLERS, ("clue", "filed", "investigating", "investigating_suspended", "proposed")
            ),
            organisation="own",
            not_future=("registered_on",),
            help={
                "officer_a": "调查取证时应有两名持有效行政执法证的执法人员（《行政处罚法》第四十二条、第五十五条）。",
                "major_ground": "涉及重大公共利益等情形的，决定前必须经法制审核（第五十八条）。",
            },
            create_title="登记案件线索",
            create_label="登记案件线索",
            intro="执法机关为您所在的单位；编号按本单位年度自动编号（“罚”字）。立案后自立案之日起九十日内作出决定（《行政处罚法》第六十条）。",
            success=lambda case: f"已登记案件线索，编号：{case.number}。",
        ),
    )
)
