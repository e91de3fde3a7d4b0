"""Staff pages of 案卷评查 and 执法监督, declared and served by the generic pages of fazhi.web: 报送评查
案卷 (a department's own), 评分表 with its items as inline rows, 评查方案 with its 随机抽取案卷 button
and the results per department, 评查记录 with the points per item as inline rows (each at most its
分值; total and result computed when saved), and 整改通知 (the department's 待办 while open)."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.core import access, records
from fazhi.enforcement.models_review import (
    PASSING,
    CaseFile,
    FileReview,
    Rectification,
    ReviewPlan,
    ReviewScore,
    ScoringItem,
    ScoringSheet,
)
from fazhi.enforcement.views import KEEPERS
from fazhi.web.formspec import ANY_STATE, FormSection, FormSpec, InlineSpec
from fazhi.web.registry import (
    ChoiceFilter,
    Column,
    DateRangeFilter,
    DetailPanel,
    ListSpec,
    OrgFilter,
    register,
)


def _score(record, **_):
    record.score()


records.on_saved(FileReview, _score)


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return f"{(Decimal(part) * 100 / whole).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


def draw_panel(request, plan: ReviewPlan) -> DetailPanel | None:
    """The 随机抽取案卷 button (before the draw), or who drew with which seed and when."""
    may_draw = not plan.drawn and request.user.has_role(*KEEPERS)
    return DetailPanel(
        title="随机抽取案卷",
        template="enforcement/_review_draw.html",
        key="draw",
        context={
            "plan": plan,
            "may_draw": may_draw,
            "url": reverse("web:enforcement-review-draw", args=[plan.pk]),
        },
    )


def results_panel(request, plan: ReviewPlan) -> DetailPanel | None:
    """Each department's drawn and reviewed files, average score and 合格率."""
    if not plan.drawn:
        return None
    files = access.visible(request.user, CaseFile).filter(drawn_in=plan).select_related("organisation")
    reviews = access.visible(request.user, FileReview).filter(case_file__drawn_in=plan)
    by_file: dict[int, list] = defaultdict(list)
    for r in reviews.values("case_file_id", "total", "result"):
        by_file[r["case_file_id"]].append(r)
    rows: dict[int, dict] = {}
    for f in files.order_by("organisation__path", "case_number"):
        row = rows.setdefault(
            f.organisation_id,
            {"name": f.organisation.name, "drawn": 0, "reviewed": 0, "passed": 0, "totals": []},
        )
        row["drawn"] += 1
        if done := by_file.get(f.pk):
            row["reviewed"] += 1
            row["passed"] += all(r["result"] in PASSING for r in done)
            row["totals"] += [r["total"] for r in done if r["total"] is not None]
    out = []
    for row in rows.values():
        totals = row.pop("totals")
        average = (sum(totals) / len(totals)).quantize(Decimal("0.1"), ROUND_HALF_UP) if totals else None
        out.append({**row, "average": average, "rate": _percent(row["passed"], row["reviewed"])})
    return DetailPanel(
        title="各单位评查结果",
        template="enforcement/_review_results.html",
        key="results",
        context={"rows": out},
    )


@login_required
@require_POST
def draw_view(request, pk: int):
    from fazhi.enforcement.services_review import DrawRefused, draw

    if not request.user.has_role(*KEEPERS):
        raise Http404("页面不存在。")
    plan = access.get_visible_or_404(request.user, ReviewPlan, pk=pk)
    try:
        chosen = draw(plan, request.user)
    except DrawRefused as exc:
        messages.error(request, exc.message)
    else:
        n = sum(len(v) for v in chosen.values())
        messages.success(request, f"已从{len(chosen)}个单位随机抽取案卷{n}件。")
    return redirect(reverse("web:detail", args=["enforcement-review-plans", plan.pk]))


CASE_FILES = register(
    ListSpec(
        model=CaseFile,
        slug="enforcement-case-files",
        title="报送评查案卷",
        columns=(
            "case_number",
            "title",
            Column("organisation__name", "报送单位"),
            "act_kind",
            "closed_on",
            "submitted_on",
            Column("drawn_in__title", "抽取评查方案"),
        ),
        filters=(
            ChoiceFilter("act_kind"),
            OrgFilter("organisation", "报送单位"),
            DateRangeFilter("submitted_on", "报送日期"),
        ),
        search_fields=("case_number", "title"),
        ordering=("region_code", "organisation_id", "-submitted_on", "case_number"),
        select_related=("organisation", "drawn_in"),
        attachments=False,
        nav_order=350,
        nav_group="行政执法",
        form=FormSpec(
            fields=(
                FormSection("案卷", ("case_number", "title", "act_kind", "closed_on", "submitted_on")),
                FormSection("其他", ("handlers", "matter_number")),
            ),
            create_roles=KEEPERS,
            editable=dict.fromkeys(KEEPERS, ANY_STATE),
            organisation_label="报送单位",
            create_label="报送案卷",
            not_future=("closed_on", "submitted_on"),
            unique=((("organisation", "case_number"), "案号“{case_number}”已经报送。"),),
            success=lambda f: f"已报送案卷“{f.case_number}”。",
        ),
    )
)

SHEETS = register(
    ListSpec(
        model=ScoringSheet,
        slug="enforcement-scoring-sheets",
        title="案卷评查评分表",
        columns=("title", Column("organisation__name", "制定单位"), "pass_mark", "excellent_mark"),
        search_fields=("title",),
        ordering=("region_code", "-pk"),
        select_related=("organisation",),
        attachments=False,
        nav_order=360,
        nav_group="行政执法",
        form=FormSpec(
            fields=(FormSection("评分表", ("title", "pass_mark", "excellent_mark", "note")),),
            inlines=(
                InlineSpec(
                    "items",
                    ScoringItem,
                    fk="sheet",
                    fields=("name", "points", "veto"),
                    title="评查项目",
                    min=1,
                    max=60,
                    extra=3,
                    unique=("name",),
                ),
            ),
            create_roles=KEEPERS,
            editable=dict.fromkeys(KEEPERS, ANY_STATE),
            organisation_label="制定单位（司法局）",
            create_label="新建评分表",
            success=lambda s: f"已保存评分表“{s.title}”。",
        ),
    )
)

PLANS = register(
    ListSpec(
        model=ReviewPlan,
        slug="enforcement-review-plans",
        title="案卷评查方案",
        columns=(
            "title",
            "year",
            Column("organisation__name", "组织单位"),
            "closed_from",
            "closed_to",
            Column("sample", "抽取数量", value=lambda p: p.sample_label),
            "drawn_at",
        ),
        search_fields=("title",),
        ordering=("region_code", "-year", "-pk"),
        select_related=("organisation",),
        detail_fields=(
            "title",
            "year",
            "organisation",
            "closed_from",
            "closed_to",
            "sample_count",
            "sample_percent",
            "sheet",
            "drawn_at",
            "drawn_by",
            "draw_seed",
        ),  # fmt: skip
        attachment_kinds=("评查方案", "评查通报"),
        detail_panels=(draw_panel, results_panel),
        nav_order=370,
        nav_group="行政执法",
        form=FormSpec(
            fields=(
                FormSection("方案", ("year", "title", "sheet")),
                FormSection("抽取范围", ("closed_from", "closed_to", "sample_count", "sample_percent")),
            ),
            create_roles=KEEPERS,
            editable=dict.fromkeys(KEEPERS, ANY_STATE),
            organisation_label="组织单位（司法局）",
            create_label="新建评查方案",
            help={
                "sample_percent": "按各单位报送案卷数的比例抽取（向上取整，至少1件）；与抽取件数二者填一项。"
            },
            success=lambda p: f"已保存评查方案“{p.title}”。",
        ),
    )
)

REVIEWS = register(
    ListSpec(
        model=FileReview,
        slug="enforcement-file-reviews",
        title="案卷评查记录",
        columns=(
            Column("case_file__case_number", "案号"),
            Column("case_file__organisation__name", "报送单位"),
            "reviewer",
            "reviewed_on",
            "total",
            "result",
        ),
        filters=(ChoiceFilter("result"), DateRangeFilter("reviewed_on", "评查日期")),
        search_fields=("case_file__case_number", "case_file__title", "reviewer"),
        ordering=("region_code", "-reviewed_on", "-pk"),
        select_related=("case_file", "case_file__organisation"),
        attachments=False,
        nav_order=380,
        nav_group="行政执法",
        form=FormSpec(
            fields=(FormSection("评查", ("case_file", "reviewer", "reviewed_on", "problems")),),
            inlines=(
                InlineSpec(
                    "scores",
                    ReviewScore,
                    fk="review",
                    fields=("item", "points", "veto_failed"),
                    title="各项得分",
                    min=1,
                    max=60,
                    extra=3,
                    unique=("item",),
                ),
            ),
            create_roles=KEEPERS,
            editable=dict.fromkeys(KEEPERS, ANY_STATE),
            organisation_label="评查单位（司法局）",
            create_label="录入评查结果",
            not_future=("reviewed_on",),
            help={"case_file": "随机抽取的案卷。"},
            success=lambda r: f"已保存评查记录：总分{r.total}，{r.get_result_display()}。",
        ),
    )
)

RECTIFICATIONS = register(
    ListSpec(
        model=Rectification,
        slug="enforcement-rectifications",
        title="整改通知",
        columns=(
            Column("organisation__name", "整改单位"),
            "notice_on",
            "deadline",
            "completed_on",
            Column(
                "state",
                "整改状态",
                value=lambda r: "已完成" if not r.open else ("已逾期" if r.overdue() else "整改中"),
            ),
        ),
        filters=(OrgFilter("organisation", "整改单位"), DateRangeFilter("notice_on", "通知日期")),
        search_fields=("content", "progress"),
        ordering=("region_code", "-notice_on", "-pk"),
        select_related=("organisation",),
        attachment_kinds=("整改通知书", "整改材料"),
        nav_order=390,
        nav_group="行政执法",
        form=FormSpec(
            fields=(
                FormSection("通知", ("review", "plan", "notice_on", "deadline", "content")),
                FormSection("整改落实", ("progress", "completed_on")),
            ),
            create_roles=KEEPERS,
            editable=dict.fromkeys(KEEPERS, ANY_STATE),
            organisation_label="整改单位",
            create_label="下发整改通知",
            not_future=("notice_on", "completed_on"),
            help={"progress": "整改单位落实情况；整改材料作为附件上传。"},
            success=lambda r: f"已保存{r}。",
        ),
    )
)
