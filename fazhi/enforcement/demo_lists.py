"""Demo 权责清单, 裁量基准 and 免罚清单: each county enforcement department has a published list of its
powers (a few adjusted since, one cancelled), the 裁量基准 of its common violations in four 情节, and
most departments a 免罚清单. Deterministic: all randomness comes from ``rng``; dates count from today."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from fazhi.demo.registry import register
from fazhi.enforcement.models_lists import (
    AdjustmentKind,
    Circumstance,
    DiscretionStandard,
    ExemptionKind,
    ExemptionListItem,
    ListStatus,
    PenaltyKind,
    PowerItem,
    PowerItemAdjustment,
    PowerLevel,
    PowerType,
)

POWERS = (
    (
        PowerType.PENALTY,
        "对{field}领域违法行为的行政处罚",
        "《中华人民共和国行政处罚法》第十八条及{field}领域相关法律",
    ),
    (PowerType.INSPECTION, "{field}领域行政检查", "相关法律、法规规定的监督检查职责"),
    (PowerType.COERCION, "{field}领域查封、扣押", "《中华人民共和国行政强制法》第九条"),
    (PowerType.LICENSING, "{field}领域行政许可", "《中华人民共和国行政许可法》第十二条"),
    (PowerType.CONFIRMATION, "{field}领域行政确认", "相关法律、法规"),
)
VIOLATIONS = ("未按规定公示许可证件", "未按规定建立台账", "超范围经营", "未经许可擅自经营")
BANDS = {
    Circumstance.MINOR: (PenaltyKind.WARNING, None, None),
    Circumstance.ORDINARY: (PenaltyKind.FINE, 1000, 5000),
    Circumstance.SERIOUS: (PenaltyKind.FINE, 5000, 20000),
    Circumstance.GRAVE: (PenaltyKind.FINE, 20000, 50000),
}


def _field(name: str) -> str:
    return name.rsplit("区", 1)[-1].rsplit("县", 1)[-1].removesuffix("局") or "行政执法"


@register
def enforcement_lists(rng, scale, orgs, users):
    today = timezone.localdate()
    published = today - dt.timedelta(days=rng.randint(300, 700))
    powers, standards, exemptions = [], [], []
    for n_org, org in enumerate((o for o in orgs if o.is_enforcement_body), start=1):
        field = _field(org.name)
        common = {"organisation": org, "region_code": org.region_id}
        for i, (kind, name, basis) in enumerate(POWERS[: rng.randint(3, len(POWERS))], start=1):
            powers.append(PowerItem(**common, power_type=kind, code=f"{org.region_id}-{n_org:03d}-{i:02d}",
                                    name=name.format(field=field), legal_basis=basis.format(field=field),
                                    level=PowerLevel.COUNTY, duties="受理、审查、决定、送达、事后监管等环节的责任。",
                                    published_on=published))  # fmt: skip
        for violation in VIOLATIONS[: rng.randint(2, len(VIOLATIONS))]:
            for circumstance, (kind, low, high) in BANDS.items():
                standards.append(DiscretionStandard(**common, violation=violation, circumstance=circumstance,
                                 violated_provision=f"{field}领域相关法律第十条", penalty_kind=kind,
                                 penalty_provision=f"{field}领域相关法律第三十条",
                                 min_amount=Decimal(low) if low else None, max_amount=Decimal(high) if high else None,
                                 effective_on=published))  # fmt: skip
        if rng.random() < 0.8:
            for kind in (ExemptionKind.FIRST_OFFENCE, ExemptionKind.NO_PENALTY, ExemptionKind.LIGHTER):
                exemptions.append(ExemptionListItem(**common, kind=kind, violation=VIOLATIONS[0],
                                  legal_basis="《中华人民共和国行政处罚法》第三十二条、第三十三条",
                                  conditions="初次违法、危害后果轻微并及时改正。", effective_on=published))  # fmt: skip
    PowerItem.objects.bulk_create(powers)
    DiscretionStandard.objects.bulk_create(standards)
    ExemptionListItem.objects.bulk_create(exemptions)
    adjusted = [p for p in powers if rng.random() < 0.15]
    rows = []
    for n, item in enumerate(adjusted):
        reviewed = published + dt.timedelta(days=rng.randint(30, 250))
        if n == 0:
            item.validity, item.cancelled_on = ListStatus.CANCELLED, reviewed + dt.timedelta(days=3)
            item.save(update_fields=["validity", "cancelled_on"])
        kind = AdjustmentKind.CANCELLED if n == 0 else AdjustmentKind.CHANGED
        rows.append(PowerItemAdjustment(item=item, kind=kind, reason="上位法修改", reviewed_on=reviewed,
                                        review_opinion="经合法性审查，同意调整。",
                                        changes=[{"field": "legal_basis", "label": "设定依据",
                                                  "before": item.legal_basis, "after": item.legal_basis}]))  # fmt: skip
    PowerItemAdjustment.objects.bulk_create(rows)
