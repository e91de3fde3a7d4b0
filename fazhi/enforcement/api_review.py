"""API resources of 案卷评查 and 执法监督 (under /api/v1/, the caller's data scope; no personal data:
承办人员 and 评查人员 names are left out)."""

from fazhi.api import resources
from fazhi.api.schemas import ScopedOut, model_schema
from fazhi.enforcement.models_review import CaseFile, FileReview, Rectification, ReviewPlan, ScoringSheet

resources.register(
    "enforcement-case-files",
    CaseFile,
    list_schema=model_schema(
        CaseFile,
        ("case_number", "title", "act_kind", "closed_on", "submitted_on", "matter_number"),
        base=ScopedOut,
    ),
    label="报送评查案卷",
)
resources.register(
    "enforcement-scoring-sheets",
    ScoringSheet,
    list_schema=model_schema(ScoringSheet, ("title", "pass_mark", "excellent_mark", "note"), base=ScopedOut),
    label="案卷评查评分表",
)
resources.register(
    "enforcement-review-plans",
    ReviewPlan,
    list_schema=model_schema(
        ReviewPlan,
        (
            "year",
            "title",
            "closed_from",
            "closed_to",
            "sample_count",
            "sample_percent",
            "drawn_at",
            "draw_seed",
        ),
        base=ScopedOut,
    ),
    label="案卷评查方案",
)
resources.register(
    "enforcement-file-reviews",
    FileReview,
    list_schema=model_schema(FileReview, ("reviewed_on", "total", "result"), base=ScopedOut),
    label="案卷评查记录",
)
resources.register(
    "enforcement-rectifications",
    Rectification,
    list_schema=model_schema(Rectification, ("notice_on", "deadline", "completed_on"), base=ScopedOut),
    label="整改通知",
)
