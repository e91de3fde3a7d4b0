from django.db import models

from fazhi.core.crypto.fields import BlindIndexField, EncryptedCharField, IdentifierQuerySet
from fazhi.core.kit.querycode import new_query_code
from fazhi.core.models import ScopedModel
from fazhi.core.validators import validate_id_number
from fazhi.core.workflow.models import WorkflowModel


class SampleMatter(WorkflowModel):
    """A test-only matter: apply → 补正 → accept → (suspend/resume, extend) → decide."""

    procedure_name = "sampleapp"

    title = models.CharField("事项名称", max_length=100)
    applicant = models.CharField("申请人", max_length=50, blank=True)
    outcome = models.CharField("结果", max_length=20, blank=True)
    simple = models.BooleanField("简易程序", default=False)
    query_code = models.CharField(
        "查询码", max_length=16, default=new_query_code, editable=False
    )  # portal kit

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


class SampleOfficer(ScopedModel):
    """A test-only plain record (执法人员, no procedure) with child rows: the generic create/edit pages."""

    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedCharField("公民身份号码", max_length=18, blank=True, validators=[validate_id_number])
    id_number_index = BlindIndexField(source="id_number")
    certificate_number = models.CharField("执法证号", max_length=30, unique=True)
    category = models.CharField(
        "执法类别", max_length=20, choices=(("market", "市场监管"), ("transport", "交通运输"))
    )
    certified_on = models.DateField("发证日期")
    active = models.BooleanField("在岗", default=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    objects = IdentifierQuerySet.as_manager()

    class Meta:
        verbose_name = "示例执法人员"
        verbose_name_plural = "示例执法人员"

    def __str__(self) -> str:
        return self.name


class SampleTraining(models.Model):
    officer = models.ForeignKey(
        SampleOfficer, verbose_name="执法人员", on_delete=models.CASCADE, related_name="trainings"
    )
    course = models.CharField("培训课程", max_length=100)
    hours = models.PositiveIntegerField("学时")

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["id"]


class SampleActType(models.Model):
    """A test-only reference table (no organisation, no data scope): 行为类型 codes."""

    code = models.CharField("代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=50)
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        verbose_name = "示例行为类型"
        verbose_name_plural = "示例行为类型"

    def __str__(self) -> str:
        return self.name
