"""各部门被复议被诉情况: how each organisation's acts fared in the domains that count figures per the
organisation a record is brought against (:mod:`fazhi.indicators.by_organisation`).

- ``/staff/indicators/organisations/?period=&region=``: one row per organisation, the declared
  figures of each domain; a department's 分管领导 sees its own row only, whole-region staff every
  organisation of their region.
- ``/staff/indicators/organisations/<id>/<code>/records/?period=&part=``: the records behind one
  part of one organisation's figure, fetched through :mod:`fazhi.core.access`.

Anyone else gets a 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from fazhi.indicators import by_organisation, periods, selectors
from fazhi.web import registry as web_registry
from fazhi.web.registry import Section, register_section

PARTS = {"numerator": "分子", "denominator": "分母"}


class OrganisationsSection(Section):
    def allowed(self, user) -> bool:
        return by_organisation.may_view(user)


register_section(
    OrganisationsSection(
        key="indicators-organisations",
        title="各部门被复议被诉情况",
        url="web:indicators-organisations",
        order=705,
        group="统计分析",
    )
)


def _period(request):
    raw = (request.GET.get("period") or "").strip()
    if not raw:
        return periods.year(timezone.localdate().year), ""
    try:
        return periods.parse(raw), ""
    except periods.PeriodError as exc:
        return periods.year(timezone.localdate().year), exc.message


def _region(request, user):
    if not by_organisation.may_see_all(user):
        return None
    region = selectors.region_for(user, request.GET.get("region"))
    if region is None:
        raise Http404("没有这个区划或不在您的数据范围内。")
    return region


def records_url(organisation_id: int, code: str, period_key: str, part: str) -> str:
    query = urlencode({"period": period_key, "part": part})
    return f"{reverse('web:indicators-organisation-records', args=[organisation_id, code])}?{query}"


@login_required
@require_GET
def organisations_view(request):
    user = request.user
    if not by_organisation.may_view(user):
        raise Http404("页面不存在。")
    period, error = _period(request)
    region = _region(request, user)
    rows = by_organisation.rows_for(
        user, period.start, period.end, region_prefix=region.prefix if region is not None else None
    )
    blocks = by_organisation.declared()
    table = []
    for row in rows:
        cells = []
        for block in blocks:
            for indicator in block.indicators:
                result = row.figures[block.domain][indicator.code]
                cells.append(
                    {
                        "indicator": indicator,
                        "result": result,
                        "value": indicator.show(result.value(indicator.unit)),
                        "numerator_url": records_url(
                            row.organisation.pk, indicator.code, period.key, "numerator"
                        ),
                        "denominator_url": records_url(
                            row.organisation.pk, indicator.code, period.key, "denominator"
                        ),
                    }
                )
        table.append({"organisation": row.organisation, "cells": cells})
    return render(
        request,
        "indicators/organisations.html",
        {
            "blocks": blocks,
            "table": table,
            "period": period,
            "period_error": error,
            "region": region,
            "regions": selectors.visible_regions(user) if region is not None else [],
            "own_only": region is None,
        },
    )


@login_required
@require_GET
def organisation_records_view(request, organisation_id: int, code: str):
    user = request.user
    organisation = by_organisation.organisations_for(user).filter(pk=organisation_id).first()
    found = [
        (block, ind) for block in by_organisation.declared() for ind in block.indicators if ind.code == code
    ]
    if organisation is None or not found:
        raise Http404("页面不存在。")
    block, indicator = found[0]
    period, error = _period(request)
    part = request.GET.get("part", "numerator")
    if error or part not in PARTS or (part == "denominator" and indicator.denominator is None):
        raise Http404("统计期或口径有误。")
    rows = by_organisation.table(period.start, period.end, only=[organisation.pk], always=[organisation])
    result = rows[0].figures[block.domain][indicator.code]
    ids = result.numerator_ids if part == "numerator" else result.denominator_ids
    records = list(selectors.records(user, result.model, ids))
    from django.apps import apps

    from fazhi.web.generic import cell

    spec = web_registry.for_model(apps.get_model(result.model))
    columns = list(spec.column_list) if spec else []
    table = [
        {
            "obj": obj,
            "url": spec.detail_url(obj) if spec else "",
            "cells": [cell(spec, obj, c) for c in columns],
        }
        for obj in records
    ]
    definition = indicator.definition
    return render(
        request,
        "indicators/organisation_records.html",
        {
            "organisation": organisation,
            "indicator": indicator,
            "group": block,
            "result": result,
            "value": indicator.show(result.value(indicator.unit)),
            "period": period,
            "part": part,
            "part_label": PARTS[part],
            "part_definition": (definition.numerator if part == "numerator" else definition.denominator)
            or indicator.name,
            "columns": columns,
            "table": table,
            "hidden": len(ids) - len(records),
            "other_url": records_url(
                organisation.pk, code, period.key, "denominator" if part == "numerator" else "numerator"
            )
            if indicator.denominator is not None
            else "",
            "back_url": f"{reverse('web:indicators-organisations')}?{urlencode({'period': period.key})}",
        },
    )
