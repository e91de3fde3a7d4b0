"""行政执法案卷评查 and 执法监督: the case files departments submit (``CaseFile``), the 司法局's yearly
评查方案 (``ReviewPlan``) with the scoring sheet it uses (``ScoringSheet`` and its ``ScoringItem`` rows
— the county's data, not code), the random draw of the files to review (services_review.draw), each
reviewer's scoring of a drawn file (``FileReview`` with its ``ReviewScore`` rows) and the 整改通知
that follows a 不合格 file (``Rectification``).

案卷评查 rests on local rules (国办发〔2018〕118号 asks for 案卷评查 as part of 执法监督; the province
or county sets the sheet and the marks): a file is 优秀 at or above the sheet's excellent mark, 合格 at
or above its pass mark, else 不合格 — and 不合格 whatever its total when a 否决项 is failed.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fazhi.core.models import OrgFunction, ScopedModel


class ActKind(models.TextChoices):
    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LEVY = "levy", "行政征收"
    INSPECTION = "inspection", "行政检查"
    OTHER = "other", "其他"


class CaseFile(ScopedModel):
    """报送评查的执法案卷: a closed file a department submits for the year's 案卷评查. ``drawn_in``:
    the plan whose random draw picked it (written by the draw only)."""

    case_number = models.CharField("案号", max_length=80)
    title = models.CharField("案件名称", max_length=200)
    act_kind = models.CharField("执法行为种类", max_length=20, choices=ActKind.choices)
    closed_on = models.DateField("结案日期")
    submitted_on = models.DateField("报送日期")
    handlers = models.CharField("承办人员", max_length=200, blank=True, help_text="多人以顿号分隔。")
    matter_number = models.CharField(
        "关联案件编号", max_length=80, blank=True, help_text="系统内办理的执法案件的编号（如有）。"
    )
    drawn_in = models.ForeignKey(
        "enforcement.ReviewPlan",
        verbose_name="抽取评查方案",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="drawn_files",
    )

    class Meta:
        verbose_name = "报送评查案卷"
        verbose_name_plural = "报送评查案卷"
        ordering = ["region_code", "organisation_id", "-submitted_on", "case_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "case_number"], name="enforcement_casefile_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"

    def clean(self) -> None:
        super().clean()
        if self.closed_on and self.submitted_on and self.submitted_on < self.closed_on:
            raise ValidationError({"submitted_on": "报送日期不能早于结案日期。"})


class ScoringSheet(ScopedModel):
    """评查评分表: the county's items and marks (data the 司法局 enters, never code)."""

    organisation_function = OrgFunction.JUSTICE_ADMINISTRATION

    title = models.CharField("评分表名称", max_length=200)
    pass_mark = models.DecimalField("合格分数线", max_digits=5, decimal_places=1, default=Decimal(80))
    excellent_mark = models.DecimalField("优秀分数线", max_digits=5, decimal_places=1, default=Decimal(90))
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "案卷评查评分表"
        verbose_name_plural = "案卷评查评分表"
        ordering = ["region_code", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if (
            self.pass_mark is not None
            and self.excellent_mark is not None
            and self.excellent_mark < self.pass_mark
        ):
            raise ValidationError({"excellent_mark": "优秀分数线不能低于合格分数线。"})

    def grade(self, total: Decimal, veto_failed: bool) -> str:
        if veto_failed or total < self.pass_mark:
            return ReviewResult.FAILED
        return ReviewResult.EXCELLENT if total >= self.excellent_mark else ReviewResult.PASSED


class ScoringItem(models.Model):
    """评分表的一项: what is reviewed, its 分值, and whether failing it fails the file (否决项)."""

    sheet = models.ForeignKey(
        ScoringSheet, verbose_name="评分表", on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField("评查项目", max_length=300)
    points = models.DecimalField("分值", max_digits=5, decimal_places=1)
    veto = models.BooleanField("是否否决项", default=False)

    class Meta:
        verbose_name = "评查项目"
        verbose_name_plural = "评查项目"
        ordering = ["sheet_id", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.points.normalize():f}分{'，否决项' if self.veto else ''}）"

    def clean(self) -> None:
        super().clean()
        if self.points is not None and self.points < 0:
            raise ValidationError({"points": "分值不能为负数。"})


class ReviewPlan(ScopedModel):
    """评查方案: the 司法局's plan for a year — which files (结案日期 from–to), how many per department
    (a count or a percentage), which scoring sheet. The draw writes ``drawn_at``, ``drawn_by`` and
    ``draw_seed`` once; the same seed over the same submitted files draws the same files."""

    organisation_function = OrgFunction.JUSTICE_ADMINISTRATION

    year = models.PositiveSmallIntegerField("评查年度")
    title = models.CharField("方案名称", max_length=200)
    closed_from = models.DateField("结案日期自")
    closed_to = models.DateField("结案日期至")
    sample_count = models.PositiveSmallIntegerField("每单位抽取件数", null=True, blank=True)
    sample_percent = models.PositiveSmallIntegerField("每单位抽取比例（%）", null=True, blank=True)
    sheet = models.ForeignKey(
        ScoringSheet, verbose_name="评分表", on_delete=models.PROTECT, related_name="plans"
    )
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True, editable=False)
    drawn_by = models.ForeignKey(
        "core.User", verbose_name="抽取人", null=True, blank=True, editable=False, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    draw_seed = models.BigIntegerField("随机种子", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "案卷评查方案"
        verbose_name_plural = "案卷评查方案"
        ordering = ["region_code", "-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = {}
        if (self.sample_count is None) == (self.sample_percent is None):
            errors["sample_count"] = "请填写每单位抽取件数或者抽取比例（二者填一项）。"
        if self.sample_count == 0:
            errors["sample_count"] = "每单位抽取件数应大于0。"
        if self.sample_percent is not None and not 0 < self.sample_percent <= 100:
            errors["sample_percent"] = "抽取比例应在1%至100%之间。"
        if self.closed_from and self.closed_to and self.closed_to < self.closed_from:
            errors["closed_to"] = "结案日期止不能早于结案日期自。"
        if self.sheet_id and self.region_code and self.sheet.region_code != self.organisation.region_id:
            errors["sheet"] = "请选用本地区的评分表。"
        if errors:
            raise ValidationError(errors)

    @property
    def drawn(self) -> bool:
        return self.drawn_at is not None

    @property
    def sample_label(self) -> str:
        if self.sample_count is not None:
            return f"每单位{self.sample_count}件"
        return f"每单位{self.sample_percent}%" if self.sample_percent is not None else ""


class ReviewResult(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"


PASSING = (ReviewResult.EXCELLENT, ReviewResult.PASSED)


class FileReview(ScopedModel):
    """One reviewer's scoring of one drawn file: points per item of the plan's sheet (each at most its
    分值), the total and the result computed when saved (a failed 否决项 → 不合格)."""

    organisation_function = OrgFunction.JUSTICE_ADMINISTRATION

    case_file = models.ForeignKey(
        CaseFile, verbose_name="评查案卷", on_delete=models.PROTECT, related_name="reviews"
    )
    reviewer = models.CharField("评查人员", max_length=100)
    reviewed_on = models.DateField("评查日期")
    problems = models.TextField("发现的问题", max_length=3000, blank=True)
    total = models.DecimalField("总分", max_digits=6, decimal_places=1, null=True, blank=True, editable=False)
    result = models.CharField(
        "评查结果", max_length=10, choices=ReviewResult.choices, blank=True, editable=False
    )

    class Meta:
        verbose_name = "案卷评查记录"
        verbose_name_plural = "案卷评查记录"
        ordering = ["region_code", "-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_file.case_number}（{self.reviewer}）" if self.case_file_id else "案卷评查记录"

    def clean(self) -> None:
        super().clean()
        if self.case_file_id and self.case_file.drawn_in_id is None:
            raise ValidationError({"case_file": "只能评查已随机抽取的案卷。"})

    def score(self) -> None:
        """Total and result from the score rows; refuses rows of another sheet or over their 分值."""
        plan = self.case_file.drawn_in
        errors = []
        total, veto_failed = Decimal(0), False
        for row in self.scores.select_related("item"):
            if row.item.sheet_id != plan.sheet_id:
                errors.append(f"“{row.item.name}”不是本方案评分表的评查项目。")
            total += row.points
            veto_failed |= row.item.veto and row.veto_failed
        if errors:
            raise ValidationError(errors)
        self.total = total
        self.result = plan.sheet.grade(total, veto_failed)
        type(self).objects.filter(pk=self.pk).update(total=self.total, result=self.result)


class ReviewScore(models.Model):
    """The points one review gives one item; ``veto_failed`` marks a 否决项 not met."""

    review = models.ForeignKey(
        FileReview, verbose_name="评查记录", on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(ScoringItem, verbose_name="评查项目", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("得分", max_digits=5, decimal_places=1)
    veto_failed = models.BooleanField("否决项不符合", default=False)

    class Meta:
        verbose_name = "评查得分"
        verbose_name_plural = "评查得分"
        ordering = ["review_id", "item_id"]

    def __str__(self) -> str:
        return f"{self.item.name}：{self.points}" if self.item_id else "评查得分"

    def clean(self) -> None:
        super().clean()
        if not self.item_id or self.points is None:
            return
        if self.points < 0:
            raise ValidationError({"points": "得分不能为负数。"})
        if self.points > self.item.points:
            raise ValidationError(
                {"points": f"“{self.item.name}”的得分不能超过分值{self.item.points.normalize():f}分。"}
            )
        if self.veto_failed and not self.item.veto:
            raise ValidationError({"veto_failed": f"“{self.item.name}”不是否决项。"})


class Rectification(ScopedModel):
    """整改通知: to a department (the record's organisation) for a 不合格 file or its files in general;
    open until ``completed_on``, overdue on the 待办 after ``deadline``."""

    review = models.ForeignKey(
        FileReview, verbose_name="不合格案卷评查记录", null=True, blank=True, on_delete=models.PROTECT,
        related_name="rectifications",
    )  # fmt: skip
    plan = models.ForeignKey(
        ReviewPlan,
        verbose_name="评查方案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    notice_on = models.DateField("通知日期")
    deadline = models.DateField("整改期限")
    content = models.TextField("整改要求", max_length=3000)
    progress = models.TextField("整改情况", max_length=3000, blank=True)
    completed_on = models.DateField("整改完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "整改通知"
        verbose_name_plural = "整改通知"
        ordering = ["region_code", "-notice_on", "-pk"]

    def __str__(self) -> str:
        return (
            f"整改通知（{self.organisation.name}，{self.notice_on}）" if self.organisation_id else "整改通知"
        )

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.notice_on and self.deadline and self.deadline < self.notice_on:
            errors["deadline"] = "整改期限不能早于通知日期。"
        if self.completed_on and self.notice_on and self.completed_on < self.notice_on:
            errors["completed_on"] = "整改完成日期不能早于通知日期。"
        if self.completed_on and not self.progress:
            errors["progress"] = "填写整改完成日期的，请填写整改情况。"
        if self.review_id:
            if self.review.result != ReviewResult.FAILED:
                errors["review"] = "只有评查不合格的案卷才下发整改通知。"
            elif self.organisation_id and self.review.case_file.organisation_id != self.organisation_id:
                errors["organisation"] = "整改单位应当是该案卷的报送单位。"
        if errors:
            raise ValidationError(errors)

    @property
    def open(self) -> bool:
        return self.completed_on is None

    def overdue(self, today=None) -> bool:
        return self.open and self.deadline < (today or timezone.localdate())
