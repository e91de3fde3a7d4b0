"""Figures of the organisations records are brought against: 各部门被复议被诉情况.

A domain whose records name an organisation as the party whose act is challenged (a 行政复议 case's
被申请人, a lawsuit's defendant) declares which of its figures are counted per such organisation::

    register_by_organisation(
        "reconsideration", "行政复议（作为被申请人）", field="act_organisation",
        figures=(RECEIVED_COUNT, CONCLUDED_COUNT, CORRECTION_RATE),  # registered Indicators
    )

:func:`table` then counts every declared figure for every organisation at once, one query per
table (:func:`fazhi.indicators.tally.count_by_organisation`), with the ids behind each part so a
figure drills down to its cases, like every other figure (docs/indicators.md §设计要求 1–2).

Who sees which rows is :func:`rows_for`: staff whose data scope is the whole region (司法局,
依法治县办, the government) every organisation of their region; a department's 分管领导 or
依法治县办 contact only its own organisation's row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fazhi.core.models import DataScope, Organisation, subtree_q
from fazhi.core.registry import Registry
from fazhi.indicators import registry
from fazhi.indicators.registry import Indicator, Result

#: Who in a department sees the department's own figures (its leaders).
OWN_ROW_ROLES = ("leader", "supervisor")


@dataclass(frozen=True)
class ByOrganisation:
    domain: str  # the indicators' domain: "reconsideration"
    title: str  # the table's column group: 行政复议（作为被申请人）
    field: str  # the field of the domain's records naming the organisation: "act_organisation"
    indicators: tuple[Indicator, ...]  # the figures shown, in order
    order: float = 100

    @property
    def fields(self) -> dict[str, str]:
        return {ind.numerator.records.model: self.field for ind in self.indicators}


DECLARED: Registry[ByOrganisation] = Registry("分单位指标", key=lambda d: d.domain)


def register_by_organisation(
    domain: str, title: str, *, field: str, figures, order: float = 100
) -> ByOrganisation:
    for indicator in figures:
        if indicator.numerator is None:
            raise ValueError(
                f"{indicator.code}: only a figure counted from records is shown per organisation"
            )
    return DECLARED.register(ByOrganisation(domain, title, field, tuple(figures), order), replace=True)


def declared() -> list[ByOrganisation]:
    return sorted(DECLARED.values(), key=lambda d: (d.order, d.domain))


@dataclass(frozen=True)
class Row:
    organisation: Organisation
    figures: dict[str, dict[str, Result]]  # domain → code → result

    def result(self, code: str) -> Result:
        return self.figures[code.split(".", 1)[0]][code]


def may_see_all(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.is_admin_account
        and user.organisation_id
        and user.data_scope == DataScope.REGION
    )


def may_see_own(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.is_admin_account
        and user.organisation_id
        and user.has_role(*OWN_ROW_ROLES)
    )


def may_view(user) -> bool:
    return may_see_all(user) or may_see_own(user)


def organisations_for(user, region_prefix: str | None = None):
    """The organisations whose rows ``user`` sees: every one in ``region_prefix`` (default: the
    user's region) for whole-region staff, the user's own otherwise, none for anyone else."""
    if may_see_all(user):
        prefix = region_prefix or user.organisation.region.prefix
        return Organisation.objects.filter(subtree_q("region_id", prefix))
    if may_see_own(user):
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.none()


def table(start: dt.date, end: dt.date, *, within: str | None = None, only=None, always=()) -> list[Row]:
    """A row for every organisation (in region ``within`` or of ``only``) that any declared figure
    counts a record of in the period, and for each organisation of ``always`` even without one;
    ordered by the organisations' place in the tree."""
    found: dict[int, dict[str, dict[str, Result]]] = {}
    blocks = declared()
    for block in blocks:
        counted = registry.evaluate_by_organisation(
            block.indicators, block.fields, start, end, within=within, only=only
        )
        for org, results in counted.items():
            found.setdefault(org, {})[block.domain] = results
    wanted = set(found) | {o.pk for o in always}
    organisations = Organisation.objects.filter(pk__in=wanted).order_by("path", "name")
    rows = []
    for organisation in organisations:
        figures = found.get(organisation.pk, {})
        for block in blocks:
            if block.domain not in figures:
                figures[block.domain] = {ind.code: _empty(ind) for ind in block.indicators}
        rows.append(Row(organisation, figures))
    return rows


def _empty(indicator: Indicator) -> Result:
    return Result(0, None if indicator.denominator is None else 0, model=indicator.numerator.records.model)


def rows_for(user, start: dt.date, end: dt.date, *, region_prefix: str | None = None) -> list[Row]:
    """The rows ``user`` may see (:func:`organisations_for`): a department its own row (with zeros
    when nothing was brought against it), whole-region staff every organisation with a figure."""
    if may_see_all(user):
        return table(start, end, within=region_prefix or user.organisation.region.prefix)
    if may_see_own(user):
        return table(start, end, only=[user.organisation_id], always=[user.organisation])
    return []


#: The title of the table as a report prints it (fazhi.reports.document).
PRINTED_TITLE = "各部门被申请行政复议、被提起行政诉讼情况"


def printable(start: dt.date, end: dt.date, *, within: str) -> dict:
    """The table of region ``within`` as a report prints and keeps it (JSON, frozen at sign-off):
    ``{"blocks": [[title, [figure names…]]…], "rows": [[organisation, [shown values…]]…]}``; a rate
    prints with its parts — "9.09%（1/11）" — and "—" when nothing was concluded. No rows: none."""
    blocks = declared()
    rows = []
    for row in table(start, end, within=within):
        shown = []
        for block in blocks:
            for indicator in block.indicators:
                result = row.figures[block.domain][indicator.code]
                if indicator.denominator is None:  # a count: its unit is in the column's head
                    shown.append(str(result.numerator))
                    continue
                value = indicator.show(result.value(indicator.unit))
                if result.denominator:
                    value = f"{value}（{result.numerator}/{result.denominator}）"
                shown.append(value)
        rows.append([row.organisation.name, shown])
    return {
        "blocks": [
            [
                block.title,
                [ind.name if ind.denominator else f"{ind.name}（{ind.unit}）" for ind in block.indicators],
            ]
            for block in blocks
        ],
        "rows": rows,
    }
