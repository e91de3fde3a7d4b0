"""Registers the test-only SampleMatter and SampleOfficer with the staff shell, as a domain's
views.py would: list, detail, export and — declared in ``form`` — the create and edit pages."""

from fazhi.web import registry
from fazhi.web.formspec import ANY_STATE, FormSection, FormSpec, InlineSpec
from fazhi.web.registry import Column, DateRangeFilter, ListSpec, OrgFilter, StatusFilter
from tests.sampleapp.models import SampleActType, SampleMatter, SampleOfficer, SampleTraining


def _title_not_applicant(form, data) -> None:
    if data.get("title") and data.get("title") == data.get("applicant"):
        form.add_error("applicant", "申请人不能与事项名称相同。")


SPEC = ListSpec(
    model=SampleMatter,
    slug="sample-matters",
    title="示例事项",
    columns=("title", "applicant", "status", Column("organisation__name", "承办单位"), "created_at"),
    filters=(StatusFilter(), OrgFilter(), DateRangeFilter("created_at", "登记日期")),
    search_fields=("title", "applicant"),
    ordering=("-created_at",),
    attachment_kinds=("申请书", "证据材料"),
    form=FormSpec(
        fields=("title", "applicant", "simple"),
        create_roles=("officer",),
        # 承办人 edit while the matter is received or being completed; 法制审核人员 also once accepted.
        editable={"officer": ("received", "completing"), "reviewer": ("received", "completing", "accepted")},
        # Only 法制审核人员 decide whether the simple procedure applies.
        field_editable={"simple": {"reviewer": ANY_STATE}},
        clean=_title_not_applicant,
        create_label="登记示例事项",
    ),
)

OFFICERS = ListSpec(
    model=SampleOfficer,
    slug="sample-officers",
    title="示例执法人员",
    columns=("name", "certificate_number", "category", "certified_on", "active"),
    search_fields=("name", "certificate_number"),
    form=FormSpec(
        fields=(
            FormSection("基本信息", ("name", "id_number")),
            FormSection("执法证", ("certificate_number", "category", "certified_on", "active")),
        ),
        inlines=(
            InlineSpec("trainings", SampleTraining, fk="officer", fields=("course", "hours"), min=1, max=3),
        ),
        create_roles=("officer",),
        editable={"officer": ANY_STATE},
        cleaners={"id_number": lambda v: v.strip().upper()},
        not_future=("certified_on",),
    ),
)


ACT_TYPES = ListSpec(
    model=SampleActType,
    slug="sample-act-types",
    title="示例行为类型",
    columns=("code", "name"),
    # A reference table has no data scope: every signed-in user reads it; who may write is the roles.
    queryset=lambda user: (
        SampleActType.objects.all() if user.is_authenticated else SampleActType.objects.none()
    ),
    attachments=False,
    form=FormSpec(fields=("code", "name"), create_roles=("reviewer",), editable={"reviewer": ANY_STATE}),
)


def register() -> registry.ListSpec:
    for spec in (SPEC, OFFICERS, ACT_TYPES):
        if registry.get(spec.slug) is not spec:
            registry.register(spec, replace=True)
    return SPEC
