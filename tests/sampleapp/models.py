from django.db import models

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
