"""Counting records for many indicators and many regions in one pass per table.

Most figures of the annual report are counts of records of one model: "审结 in the period", "审结 in
the period and 纠错", "lawsuits heard in the period with a 负责人 in court". A domain declares each as a
:class:`Tally` — a :class:`Records` set (the records a period selects, e.g. 审结) optionally narrowed
by a named condition — and an indicator as a numerator tally over a denominator tally
(:class:`fazhi.indicators.registry.Indicator`)::

    CONCLUDED = Records("reconsideration.reconsiderationcase", "concluded", concluded_q)
    CORRECTED = CONCLUDED.where("corrective", lambda start, end: Q(decision_type__in=CORRECTIVE))

:func:`evaluate` then computes every tally of every indicator asked for, for every region asked for
(a city and each of its counties), with **one SQL query per model**: the rows of the covering region
range that belong to any of the record sets, grouped by region code, with one id-list aggregate per
tally (``GROUP_CONCAT`` on SQLite, ``STRING_AGG`` on PostgreSQL, each with ``FILTER (WHERE …)``). A
region's figure is the union of the groups inside its code range; a count is the length of its id
list, so the count and the records behind it (the drill-down) cannot disagree. This is the shape of
a hand-written single-pass aggregate (benchmarks/indicators.py measures the two against each other).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

from django.apps import apps
from django.db import connections, router
from django.db.models import Aggregate, Q, TextField

from fazhi.core.models import subtree_bounds, subtree_q

Condition = Callable[[dt.date, dt.date], Q]


@dataclass(frozen=True)
class Records:
    """The records of ``model`` that the period ``start``–``end`` selects (``members``), located by
    their ``region_field`` (a GB/T 2260 code)."""

    model: str  # "app_label.modelname"
    name: str  # unique per model: "received", "concluded" …
    members: Condition
    region_field: str = "region_code"

    def where(self, name: str, condition: Condition) -> Tally:
        """The records of this set for which ``condition`` also holds."""
        return Tally(self, name, condition)

    @property
    def all(self) -> Tally:
        return Tally(self)


@dataclass(frozen=True)
class Refined:
    """Records that a test in Python keeps among the candidates a condition selects — for a figure
    SQL cannot decide alone (a period computed with the working-day calendar from a record's legal
    dates, :mod:`fazhi.indicators.timeliness`). ``keep(ids)`` gets every candidate of every region at
    once and returns the ids it keeps; it should read only what it needs (candidates are few)."""

    candidates: Condition
    keep: Callable[[list[int]], Iterable[int]]


@dataclass(frozen=True)
class Tally:
    records: Records
    name: str = ""  # "" = every record of the set
    condition: Condition | None = None
    # Also counted: those of ``refined.candidates`` (within the set) that ``refined.keep`` keeps.
    refined: Refined | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.records.model, self.records.name, self.name)

    def q(self, start: dt.date, end: dt.date) -> Q:
        q = self.records.members(start, end)
        return q & self.condition(start, end) if self.condition is not None else q

    def candidates_q(self, start: dt.date, end: dt.date) -> Q:
        return self.records.members(start, end) & self.refined.candidates(start, end)


class IdList(Aggregate):
    """The ids of a group as one comma-separated text (order unspecified; sorted by the caller)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        clone = self.copy()
        clone.function = "STRING_AGG"
        clone.template = "%(function)s((%(expressions)s)::text, ',')"
        return clone.as_sql(compiler, connection, **extra_context)


def maximal_prefixes(prefixes: Iterable[str]) -> list[str]:
    """The prefixes not inside another one's range (a city covers its counties)."""
    out: list[str] = []
    for prefix in sorted(set(prefixes), key=len):
        lo, hi = subtree_bounds(prefix)
        if not any(subtree_bounds(p)[0] <= lo and hi <= subtree_bounds(p)[1] for p in out):
            out.append(prefix)
    return out


def _parse(text: str | None) -> list[int]:
    return list(map(int, text.split(","))) if text else []


def _check_unique(tallies: Iterable[Tally]) -> dict[tuple, Tally]:
    by_key: dict[tuple, Tally] = {}
    for tally in tallies:
        seen = by_key.setdefault(tally.key, tally)
        if seen != tally:
            raise ValueError(f"two different tallies are named {tally.key!r}")
    return by_key


def _grouped(model, group: list[Tally], cover: Q, key: str, start: dt.date, end: dt.date) -> list:
    """``[(key value, [ids of each tally of group])]``: the rows of ``model`` within ``cover`` that
    belong to any of the record sets, grouped by ``key``, in one query (the refined tallies' tests
    run once over every group's candidates)."""
    any_set = Q()
    for records in {t.records for t in group}:
        any_set |= records.members(start, end)
    columns = {f"t{i}": IdList("pk", filter=t.q(start, end)) for i, t in enumerate(group)}
    refined = [i for i, t in enumerate(group) if t.refined is not None]
    columns |= {f"r{i}": IdList("pk", filter=group[i].candidates_q(start, end)) for i in refined}
    qs = (
        model._default_manager.using(router.db_for_read(model))
        .filter(cover)
        .filter(any_set)
        .order_by()
        .values(key)
        .annotate(**columns)
        .values_list(key, *columns)
    )
    rows = []
    for row in qs:
        lists = [_parse(text) for text in row[1:]]
        for ids in lists:
            ids.sort()
        rows.append((row[0], lists))
    for n, i in enumerate(refined, start=len(group)):
        candidates = sorted({pk for _, lists in rows for pk in lists[n]})
        kept = set(group[i].refined.keep(candidates)) if candidates else set()
        for _, lists in rows:
            lists[i] = sorted(set(lists[i]) | (kept & set(lists[n])))
    return rows


def count_by_region(
    tallies: Sequence[Tally], prefixes: Sequence[str], start: dt.date, end: dt.date
) -> dict[str, dict[tuple, list[int]]]:
    """For every prefix, every tally's record ids (ascending): ``{prefix: {tally.key: [ids]}}``.

    One query per model (see the module doc)."""
    by_key = _check_unique(tallies)
    by_model: dict[tuple[str, str], list[Tally]] = {}
    for tally in by_key.values():
        by_model.setdefault((tally.records.model, tally.records.region_field), []).append(tally)
    covering = maximal_prefixes(prefixes)
    bounds = {prefix: subtree_bounds(prefix) for prefix in prefixes}
    out: dict[str, dict[tuple, list[int]]] = {prefix: {} for prefix in prefixes}
    for (label, region_field), group in by_model.items():
        cover = Q()
        for prefix in covering:
            cover |= subtree_q(region_field, prefix)
        rows = _grouped(apps.get_model(label), group, cover, region_field, start, end)
        for prefix, (lo, hi) in bounds.items():
            inside = [lists for code, lists in rows if lo <= code < hi]
            for i, tally in enumerate(group):
                if len(inside) == 1:
                    ids = inside[0][i]
                else:  # a run of sorted lists: timsort merges them in linear time
                    ids = sorted(chain.from_iterable(lists[i] for lists in inside))
                out[prefix][tally.key] = ids
    return out


def count_by_organisation(
    tallies: Sequence[Tally],
    fields: Mapping[str, str],
    start: dt.date,
    end: dt.date,
    *,
    within: str | None = None,
    only: Iterable[int] | None = None,
) -> dict[int, dict[tuple, list[int]]]:
    """Every tally's record ids by the organisation a record names in its field ``fields[model]``
    (the 被申请人 of a 行政复议 case, the defendant of a lawsuit): ``{organisation id: {tally.key:
    [ids]}}``, for organisations in the region ``within`` (a GB/T 2260 prefix; None: anywhere) or
    only those of ``only``. Records naming no organisation are left out; an organisation none of
    whose records is in any set is absent. One query per model, as :func:`count_by_region`."""
    by_key = _check_unique(tallies)
    by_model: dict[str, list[Tally]] = {}
    for tally in by_key.values():
        if tally.records.model not in fields:
            raise ValueError(f"no organisation field is given for {tally.records.model}")
        by_model.setdefault(tally.records.model, []).append(tally)
    wanted = None if only is None else list(only)
    out: dict[int, dict[tuple, list[int]]] = {}
    for label, group in by_model.items():
        field = fields[label]
        cover = Q(**{f"{field}__isnull": False})
        if within is not None:
            cover &= subtree_q(f"{field}__region_id", within)
        if wanted is not None:
            cover &= Q(**{f"{field}__in": wanted})
        for organisation, lists in _grouped(apps.get_model(label), group, cover, field, start, end):
            counted = out.setdefault(organisation, {})
            for i, tally in enumerate(group):
                counted[tally.key] = lists[i]
    empty = {key: [] for key in by_key}
    return {organisation: {**empty, **counted} for organisation, counted in out.items()}


def supported(alias: str = "default") -> bool:
    """Whether the database can run :func:`count_by_region` (aggregate ``FILTER`` clauses)."""
    return connections[alias].features.supports_aggregate_filter_clause
