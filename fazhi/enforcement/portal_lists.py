"""行政执法事前公开 on the portal (国办发〔2018〕118号: 行政执法主体、人员、职责、权限、依据、程序、
监督方式和救济渠道等信息在执法前公开): the 执法主体 (with the 委托书 of an entrusted body), the 执法人员
in post with a valid certificate (name, certificate number, category — nothing personal), the 权责清单
in force, the 裁量基准 (《行政处罚法》第三十四条: 应当向社会公布) and the 免罚清单 — each a public
register of the portal kit, searchable and paged, with no login. Rows are chosen on each request, so
what is shown is what is in force that day."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from fazhi.enforcement.models import EnforcementBody, EnforcementOfficer, bodies_in_force
from fazhi.enforcement.models_lists import (
    Circumstance,
    DiscretionStandard,
    ExemptionListItem,
    ListStatus,
    PowerItem,
    lists_in_force,
)
from fazhi.portal.kit import Register

SOURCE = "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）"


def _today():
    return timezone.localdate()


def public_bodies():
    return EnforcementBody.objects.filter(bodies_in_force(_today())).select_related(
        "organisation", "entrusted_by"
    )


def public_officers():
    today = _today()
    return (
        EnforcementOfficer.objects.exclude(certificate_number="")
        .filter(issued_on__lte=today, valid_until__gte=today)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
        .select_related("organisation")
    )


def public_powers():
    return PowerItem.objects.filter(
        validity=ListStatus.IN_FORCE, published_on__isnull=False, published_on__lte=_today()
    ).select_related("organisation")


#: 情节 from the lightest to the gravest, as a standard is read (not the codes' alphabetical order).
SEVERITY = Case(
    *(When(circumstance=c, then=Value(i)) for i, c in enumerate(Circumstance.values)),
    output_field=IntegerField(),
)


def public_standards():
    return (
        DiscretionStandard.objects.filter(lists_in_force(_today()))
        .select_related("organisation")
        .order_by("region_code", "organisation_id", "violation", SEVERITY)
    )


def public_exemptions():
    return ExemptionListItem.objects.filter(lists_in_force(_today())).select_related("organisation")


def _entrustment(body: EnforcementBody) -> str:
    if not body.entrustment_number:
        return ""
    until = f"，委托期限至{body.entrusted_until:%Y-%m-%d}" if body.entrusted_until else ""
    return f"{body.entrusted_by.name if body.entrusted_by_id else ''}{body.entrustment_number}{until}"


REGISTERS = (
    Register(
        model=EnforcementBody,
        title="行政执法主体公示",
        path="bodies",
        columns=(
            ("执法主体", "organisation__name"),
            ("主体类别", "basis_kind"),
            ("职权范围", "scope"),
            ("设定依据", "legal_basis"),
            ("委托书", _entrustment),
        ),
        queryset=public_bodies,
        search_fields=("organisation__name", "scope", "legal_basis"),
        basis=f"{SOURCE}；《中华人民共和国行政处罚法》第十七条至第二十条。",
        link_help="经确认的行政执法主体及其职权范围、设定依据；受委托的组织公开委托书。",
        noun="执法主体",
    ),
    Register(
        model=EnforcementOfficer,
        title="行政执法人员公示",
        path="officers",
        columns=(
            ("姓名", "full_name"),
            ("证件编号", "certificate_number"),
            ("证件种类", "certificate_kind"),
            ("执法类别", "category"),
            ("所在执法主体", "organisation__name"),
        ),
        queryset=public_officers,
        search_fields=("full_name", "certificate_number", "organisation__name"),
        basis=f"{SOURCE}；《中华人民共和国行政处罚法》第四十二条。",
        link_help="在岗并持有效行政执法证件的人员，可按姓名或者证件编号查验。",
        noun="执法人员",
    ),
    Register(
        model=PowerItem,
        title="权责清单",
        path="powers",
        columns=(
            ("事项名称", "name"),
            ("权力类型", "power_type"),
            ("事项编码", "code"),
            ("实施主体", "organisation__name"),
            ("行使层级", "level"),
            ("设定依据", "legal_basis"),
            ("责任事项", "duties"),
        ),
        queryset=public_powers,
        search_fields=("name", "code", "legal_basis", "organisation__name"),
        basis=SOURCE,
        link_help="各执法主体行使的行政权力事项、设定依据和责任事项（现行有效）。",
        noun="权责事项",
    ),
    Register(
        model=DiscretionStandard,
        title="行政处罚裁量基准",
        path="discretion",
        columns=(
            ("违法行为", "violation"),
            ("违法条款", "violated_provision"),
            ("处罚依据", "penalty_provision"),
            ("情节", "circumstance"),
            ("处罚种类", "penalty_kind"),
            ("罚款幅度", lambda s: s.amount_range),
            ("裁量幅度", "measure"),
            ("制定单位", "organisation__name"),
        ),
        queryset=public_standards,
        search_fields=("violation", "violated_provision", "penalty_provision", "organisation__name"),
        basis="《中华人民共和国行政处罚法》第三十四条；《国务院办公厅关于进一步规范行政裁量权基准制定和管理工作的意见》（国办发〔2022〕27号）。",
        link_help="现行有效的行政处罚裁量基准：违法行为、情节和处罚幅度。",
        noun="裁量基准",
    ),
    Register(
        model=ExemptionListItem,
        title="免罚清单",
        path="exemptions",
        columns=(
            ("清单类型", "kind"),
            ("违法行为", "violation"),
            ("依据", "legal_basis"),
            ("适用条件", "conditions"),
            ("制定单位", "organisation__name"),
        ),
        queryset=public_exemptions,
        search_fields=("violation", "legal_basis", "conditions", "organisation__name"),
        basis="《中华人民共和国行政处罚法》第三十二条、第三十三条。",
        link_help="不予处罚、首违不罚、从轻处罚、减轻处罚事项清单。",
        noun="清单事项",
    ),
)
