from django.db import models

from fazhi.core.models import ScopedModel
from fazhi.core.workflow.models import WorkflowModel


class SampleMatter(WorkflowModel):
    """A test-only matter: apply → 补正 → accept → (suspend/resume, extend) → decide."""

    procedure_name = "sample"

    title = models.CharField("事项名称", max_length=100)
    applicant = models.CharField("申请人", max_length=50, blank=True)
    outcome = models.CharField("结果", max_length=20, blank=True)
    simple = models.BooleanField("简易程序", default=False)

    class Meta:
        verbose_name = "示例事项"
        verbose_name_plural = "示例事项"

    def __str__(self) -> str:
        return self.title


class SamplePenaltyDecision(ScopedModel):
    """A test-only 行政处罚决定 (no procedure): what a penalty domain would publish within 7 个工作日."""

    document_number = models.CharField("决定书文号", max_length=60)
    party_name = models.CharField("当事人", max_length=50)
    party_is_person = models.BooleanField("当事人为自然人", default=True)
    facts = models.TextField("违法事实", blank=True)
    penalty = models.CharField("处罚内容", max_length=100)
    decided_on = models.DateField("决定日期")

    class Meta:
        verbose_name = "示例行政处罚决定"
        verbose_name_plural = "示例行政处罚决定"

    def __str__(self) -> str:
        return f"{self.document_number}行政处罚决定书"
