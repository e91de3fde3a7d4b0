"""Staff pages of 行政执法's registers — 执法主体 and 执法人员: list (filter, search, Excel export),
detail, create and edit, all declared and served by the generic pages of fazhi.web. An enforcement
department keeps its own; the 司法局 (whole-region data scope) sees and keeps the county's."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from fazhi.core.models import RoleCode
from fazhi.enforcement.models import EnforcementBody, EnforcementOfficer
from fazhi.web.formspec import ANY_STATE, FormSection, FormSpec
from fazhi.web.registry import ChoiceFilter, Column, Filter, ListSpec, OrgFilter, register

KEEPERS = (RoleCode.OFFICER.value, RoleCode.SUPERVISOR.value)
#: How far ahead an expiring certificate is flagged (证件状态, 待办).
EXPIRY_NOTICE = dt.timedelta(days=90)


def in_post(today: dt.date) -> Q:
    return Q(left_on__isnull=True) | Q(left_on__gt=today)


def expiring(today: dt.date) -> Q:
    """In post, certificate valid today and ending within ``EXPIRY_NOTICE``."""
    return in_post(today) & Q(valid_until__gte=today, valid_until__lte=today + EXPIRY_NOTICE)


def expired(today: dt.date) -> Q:
    """In post with a certificate that has ended: may not enforce (《行政处罚法》第四十二条)."""
    return in_post(today) & ~Q(certificate_number="") & Q(valid_until__lt=today)


@dataclass(frozen=True)
class CertificateFilter(Filter):
    """证件状态 on the day the list is shown (not a stored field)."""

    field: str = "valid_until"
    label: str = "证件状态"
    param: str = "certificate"

    CHOICES = (("expiring", "90日内到期"), ("expired", "已过期仍在岗"), ("none", "未持证"))

    def options(self, spec, user):
        return list(self.CHOICES)

    def q_for(self, spec, value):
        today = timezone.localdate()
        if value == "expiring":
            return expiring(today)
        if value == "expired":
            return expired(today)
        return in_post(today) & Q(certificate_number="")


def _certificate_state(officer: EnforcementOfficer) -> str:
    """有效 / 已过期 / 30日内到期 … as the list reads it on the day it is shown."""
    today = timezone.localdate()
    if officer.left_on and officer.left_on <= today:
        return "已调离或注销"
    if not officer.certificate_number:
        return "未持证"
    if officer.valid_until < today:
        return "已过期"
    days = (officer.valid_until - today).days
    return f"{days}日后到期" if days <= 90 else "有效"


BODIES = register(
    ListSpec(
        model=EnforcementBody,
        slug="enforcement-bodies",
        title="行政执法主体",
        columns=(
            Column("organisation__name", "执法主体"),
            "basis_kind",
            Column("entrusted_by__name", "委托机关"),
            "confirmed_on",
            "cancelled_on",
        ),
        filters=(ChoiceFilter("basis_kind"), OrgFilter("organisation", "执法主体")),
        search_fields=("organisation__name", "scope", "legal_basis"),
        ordering=("region_code", "organisation_id"),
        select_related=("organisation", "entrusted_by"),
        attachment_kinds=("主体资格确认文件", "委托书"),
        nav_order=300,
        nav_group="行政执法",
        form=FormSpec(
            fields=(
                FormSection(
                    "执法主体", ("basis_kind", "scope", "legal_basis", "confirmed_on", "cancelled_on")
                ),
                FormSection(
                    "委托（受委托的组织填写）", ("entrusted_by", "entrustment_number", "entrusted_until")
                ),
                "note",
            ),
            create_roles=KEEPERS,
            editable=dict.fromkeys(KEEPERS, ANY_STATE),
            organisation_label="执法主体（单位）",
            create_label="登记执法主体",
            success=lambda body: f"已登记行政执法主体“{body}”。",
        ),
    )
)

OFFICERS = register(
    ListSpec(
        model=EnforcementOfficer,
        slug="enforcement-officers",
        title="行政执法人员",
        columns=(
            "full_name",
            Column("organisation__name", "所在执法主体"),
            "certificate_kind",
            "certificate_number",
            "category",
            "valid_until",
            Column("certificate_state", "证件状态", value=_certificate_state),
            "training_hours",
        ),
        filters=(
            CertificateFilter(),
            ChoiceFilter("certificate_kind"),
            ChoiceFilter("exam_result"),
            OrgFilter("organisation", "执法主体"),
        ),
        search_fields=("full_name", "certificate_number", "category"),
        ordering=("region_code", "organisation_id", "full_name"),
        select_related=("organisation",),
        attachments=False,
        nav_order=310,
        nav_group="行政执法",
        form=FormSpec(
            fields=(
                FormSection("人员", ("full_name", "category", "left_on")),
                FormSection("证件", ("certificate_kind", "certificate_number", "issued_on", "valid_until")),
                FormSection("培训和考试", ("training_year", "training_hours", "exam_on", "exam_result")),
            ),
            create_roles=KEEPERS,
            editable=dict.fromkeys(KEEPERS, ANY_STATE),
            organisation_label="所在执法主体（单位）",
            create_label="登记执法人员",
            help={
                "certificate_number": "行政执法证或者行政执法监督证上的编号；尚未取得证件的不填。",
                "left_on": "调离执法岗位、退休或者证件被注销的日期；在岗的不填。",
                "training_hours": "该年度参加行政执法培训的学时数（一般每年不少于40学时）。",
            },
            success=lambda officer: f"已登记行政执法人员“{officer.full_name}”。",
        ),
    )
)
from fazhi.enforcement import views_lists  # noqa: E402,F401  (权责清单, 裁量基准, 免罚清单)
from fazhi.enforcement import views_penalty as _penalty  # noqa: E402,F401  (行政处罚)
from fazhi.enforcement import views_review as _review  # noqa: E402,F401  (案卷评查, 执法监督)
