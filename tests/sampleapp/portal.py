"""The test-only matter's public pages, declared on the portal kit as a domain would (ADR 0015): an
application form, what an applicant sees of the progress, and the published 行政处罚决定."""

from __future__ import annotations

from django import forms

from fazhi.core import records
from fazhi.core.models import Organisation
from fazhi.portal.kit import (
    Application,
    DomainPortal,
    FormSection,
    Lookup,
    Progress,
    Published,
    Register,
    one_line,
    text_field,
)
from tests.sampleapp.models import SampleMatter, SampleOfficer
from tests.sampleapp.publication import KIND


class SampleApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(label="受理机关", queryset=Organisation.objects.all())
    applicant = text_field("申请人姓名或名称", 50)
    title = text_field("申请事项", 100, rows=2)

    def clean_applicant(self):
        return one_line(self.cleaned_data.get("applicant"))

    def register(self, *, actor, received_on) -> SampleMatter:
        d = self.cleaned_data
        return records.record_create(
            SampleMatter,
            actor=actor,  # an officer registering it from 网上收件
            organisation=d["organisation"],
            data={"applicant": d["applicant"], "title": d["title"]},
        )


def progress(matter: SampleMatter) -> Progress:
    return Progress(
        heading=matter.title,
        status=matter.state.label,
        colour=matter.state.colour,
        help="示例事项的办理说明。",
        rows=(("受理机关", matter.organisation.name), ("结果", matter.outcome)),
    )


PORTAL = DomainPortal(
    namespace="sampleapp_portal",
    title="示例事项",
    scope="sampleapp",
    office="受理机关",
    application=Application(
        form=SampleApplicationForm,
        title="网上申请示例事项",
        sections=(FormSection("受理机关", ("organisation",)), FormSection("申请", ("applicant", "title"))),
        applicant_key=lambda d: d.get("applicant", ""),
        notes=("示例：自收到申请之日起五个工作日内审查。",),
    ),
    lookup=Lookup(
        model=SampleMatter,
        applicant_names=lambda m: [m.applicant],
        progress=progress,
        select_related=("organisation",),
    ),
    published=Published(kind=KIND, title="行政处罚决定公开", noun="决定书", columns=(("当事人", "party"),)),
    registers=(
        Register(
            model=SampleOfficer,
            title="执法人员公示",
            columns=(
                ("姓名", "name"),
                ("执法证号", "certificate_number"),
                ("执法类别", "category"),
                ("所在单位", "organisation__name"),
            ),  # fmt: skip
            queryset=lambda: SampleOfficer.objects.filter(active=True).select_related("organisation"),
            search_fields=("name", "certificate_number"),
            path="officers",
            basis="示例：事前公开执法人员信息。",
            noun="执法人员",
        ),
    ),
)
