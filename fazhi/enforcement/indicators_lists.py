"""Figures of 行政执法's published lists, under the catalogue's codes: the units (执法单位) that had a
免罚清单 or a 裁量基准 in force on the last day of the period — stocks, read from each item's
``effective_on`` / ``expires_on``, counting each organisation once however many items it has: the
records counted are each unit's first item in force that day (the drill-down lists one item per unit).
Counted on the items' own tables, so a county that has not entered its lists yet keeps its 上报 figure."""

from django.db.models import Min, Q

from fazhi.enforcement.models_lists import DiscretionStandard, ExemptionListItem, lists_in_force
from fazhi.indicators.registry import Definition, Indicator, Records, register

AT_END = "统计期末：有施行日期不晚于期末且未废止的事项"


def _one_per_unit(model):
    def members(start, end):
        first = (
            model.objects.filter(lists_in_force(end))
            .values("organisation_id")
            .annotate(first=Min("pk"))
            .values("first")
        )
        return Q(pk__in=first)

    return members


EXEMPT_UNITS = Records("enforcement.exemptionlistitem", "units_in_force", _one_per_unit(ExemptionListItem))
DISCRETION_UNITS = Records(
    "enforcement.discretionstandard", "units_in_force", _one_per_unit(DiscretionStandard)
)

register(
    Indicator(
        code="enforcement.exempt_list_units",
        name="制定免罚清单的执法单位数",
        unit="个",
        order=60,
        numerator=EXEMPT_UNITS.all,
        definition=Definition(
            numerator="统计期末有施行中的免罚清单（不予处罚、首违不罚、从轻、减轻处罚）事项的执法单位数",
            period_basis=AT_END,
            source="《行政处罚法》第三十二条、第三十三条",
        ),
    )
)
register(
    Indicator(
        code="enforcement.discretion_units",
        name="公示裁量基准的执法单位数",
        unit="个",
        order=70,
        numerator=DISCRETION_UNITS.all,
        definition=Definition(
            numerator="统计期末有施行中的行政处罚裁量基准的执法单位数",
            period_basis=AT_END,
            source="《行政处罚法》第三十四条；国务院办公厅关于进一步规范行政裁量权基准制定和管理工作的意见（国办发〔2022〕27号）",
        ),
    )
)
