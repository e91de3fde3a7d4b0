"""Computing runs, entering reported figures, and the figures shown for a region and a period.

**Runs and idempotency.** :func:`compute_run` computes every registered indicator for a region
subtree and a period and writes one :class:`IndicatorRun` with one :class:`Snapshot` per indicator
(reported-only indicators get a snapshot when an active reported figure exists). The latest run of a
region + period is its *current* run. Re-running is idempotent: the results (each figure's parts,
value, record ids, definition version, source and reported figure) are fingerprinted, and if the
fingerprint equals that of the current run nothing new is written: the current run is returned and
its ``confirmed_at`` updated. Only a run whose results differ from the current one (records or
definitions changed since) creates a new run — with exactly one audit row ("indicators.run").

**Computed vs reported.** :func:`figures` returns one :class:`FigureRow` per indicator: where a
computed figure exists it is used and a reported figure for the same region + period is shown
beside it with the difference; otherwise the reported figure is used, labelled 上报.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit.services import record
from fazhi.core.models import Region
from fazhi.indicators import formatting, registry
from fazhi.indicators.models import IndicatorRun, ReportedFigure, ReportedStatus, Snapshot, Source
from fazhi.indicators.periods import Period
from fazhi.indicators.registry import Indicator


class RegionError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def get_region(code: str) -> Region:
    try:
        return Region.objects.get(code=(code or "").strip())
    except Region.DoesNotExist:
        raise RegionError(f"没有区划代码为“{code}”的行政区划。") from None


# --- reported figures ------------------------------------------------------------------------------


def active_reported(region_code: str, period: Period) -> dict[str, ReportedFigure]:
    qs = ReportedFigure.objects.filter(
        region_code=region_code, period_key=period.key, status=ReportedStatus.ACTIVE
    ).select_related("entered_by")
    return {f.code: f for f in qs}


@transaction.atomic
def enter_reported_figure(
    *,
    actor,
    region_code: str,
    period: Period,
    code: str,
    numerator: int,
    denominator: int | None = None,
    value: Decimal | None = None,
    source_document: str,
    attachment=None,
) -> ReportedFigure:
    """Record a figure from a source document; an earlier active figure for the same region, period
    and indicator is marked 已被更正 (superseded) and kept. One audit row."""
    get_region(region_code)
    figure = ReportedFigure(
        region_code=region_code,
        period_key=period.key,
        period_start=period.start,
        period_end=period.end,
        code=code,
        numerator=numerator,
        denominator=denominator,
        value=value,
        source_document=(source_document or "").strip(),
        entered_by=actor if getattr(actor, "pk", None) else None,
    )
    if attachment:
        figure.attachment = attachment
    # The one-active constraint is met below, by superseding the earlier figure.
    figure.full_clean(exclude=["entered_by", "attachment"], validate_constraints=False)
    indicator = registry.get(code)
    if figure.value is None:
        figure.value = formatting.value_of(indicator.unit, numerator, denominator)
    previous = list(
        ReportedFigure.objects.select_for_update().filter(
            region_code=region_code, period_key=period.key, code=code, status=ReportedStatus.ACTIVE
        )
    )
    for old in previous:
        old.status = ReportedStatus.SUPERSEDED
        old.save(update_fields=["status"])
    figure.save()
    record(
        "indicators.report",
        obj=figure,
        object_repr=f"上报{indicator.name}（{region_code}，{period.label}）",
        detail={
            "code": code,
            "region": region_code,
            "period": period.key,
            "numerator": numerator,
            "denominator": denominator,
            "value": str(figure.value),
            "superseded": [old.pk for old in previous],
        },
        user=actor,
    )
    return figure


# --- runs ------------------------------------------------------------------------------------------


def _computed(regions: list[Region], period: Period) -> dict[str, dict[str, registry.Result]]:
    """Every computed indicator for every region, counted together (one pass per table)."""
    results = registry.evaluate(
        registry.all_indicators(), [r.prefix for r in regions], period.start, period.end
    )
    return {r.code: results[r.prefix] for r in regions}


def _snapshot(indicator: Indicator, region: Region, period: Period, result: registry.Result) -> Snapshot:
    return Snapshot(
        region_code=region.code,
        period_key=period.key,
        period_start=period.start,
        period_end=period.end,
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        definition_version=indicator.version,
        numerator=result.numerator,
        denominator=result.denominator,
        value=result.value(indicator.unit),
        source=Source.COMPUTED,
        model_label=result.model,
        numerator_ids=list(result.numerator_ids),
        denominator_ids=list(result.denominator_ids),
        note=result.note,
    )


def _reported_snapshot(indicator: Indicator, figure: ReportedFigure) -> Snapshot:
    return Snapshot(
        region_code=figure.region_code,
        period_key=figure.period_key,
        period_start=figure.period_start,
        period_end=figure.period_end,
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        definition_version=indicator.version,
        numerator=figure.numerator,
        denominator=figure.denominator,
        value=figure.value,
        source=Source.REPORTED,
        reported=figure,
        note=f"上报数据，来源：{figure.source_document}",
    )


def _fingerprint(snapshots: list[Snapshot]) -> str:
    """SHA-256 over every figure's parts, value, definition version, source and record ids (the
    ids as 8-byte integers: a city's run holds hundreds of thousands of them)."""
    digest = hashlib.sha256()
    for s in sorted(snapshots, key=lambda s: s.code):
        head = [
            s.code,
            s.definition_version,
            s.source,
            s.numerator,
            s.denominator,
            None if s.value is None else str(Decimal(s.value).quantize(registry.VALUE_PLACES)),
            s.reported_id if s.reported_id else None,
            len(s.numerator_ids),
            len(s.denominator_ids),
        ]
        digest.update(json.dumps(head, ensure_ascii=False).encode())
        digest.update(array("q", s.numerator_ids).tobytes())
        digest.update(array("q", s.denominator_ids).tobytes())
    return digest.hexdigest()


def current_run(region_code: str, period: Period) -> IndicatorRun | None:
    return (
        IndicatorRun.objects.filter(region_code=region_code, period_key=period.key)
        .order_by("-started_at", "-id")
        .first()
    )


@dataclass
class RunOutcome:
    run: IndicatorRun
    created: bool  # False: the results equal the current run's, which was kept


def compute_run(region: Region | str, period: Period, *, actor=None) -> RunOutcome:
    """Compute every indicator for ``region`` (its subtree) and ``period``; see the module doc for
    the idempotency rule."""
    return compute_runs([region], period, actor=actor)[0]


def compute_runs(regions, period: Period, *, actor=None, on_region=None) -> list[RunOutcome]:
    """:func:`compute_run` for several regions (a city and its counties) from one count, so their
    figures are taken at the same moment and add up. ``on_region(outcome, done, total)``, when
    given, is called after each region's run is saved (a job's progress)."""
    regions = [get_region(r) if isinstance(r, str) else r for r in regions]
    started = timezone.now()
    computed = _computed(regions, period)
    outcomes = []
    for region in regions:
        reported = active_reported(region.code, period)
        snapshots = []
        for indicator in registry.all_indicators():
            if not indicator.reported_only:
                snapshots.append(_snapshot(indicator, region, period, computed[region.code][indicator.code]))
            elif indicator.code in reported:
                snapshots.append(_reported_snapshot(indicator, reported[indicator.code]))
        outcomes.append(_save_run(region, period, snapshots, started, actor))
        if on_region is not None:
            on_region(outcomes[-1], len(outcomes), len(regions))
    return outcomes


def _save_run(region: Region, period: Period, snapshots: list[Snapshot], started, actor) -> RunOutcome:
    fingerprint = _fingerprint(snapshots)
    with transaction.atomic():
        current = current_run(region.code, period)
        if current is not None and current.fingerprint == fingerprint:
            current.confirmed_at = timezone.now()
            current.save(update_fields=["confirmed_at"])
            return RunOutcome(current, False)
        run = IndicatorRun.objects.create(
            region_code=region.code,
            period_key=period.key,
            period_start=period.start,
            period_end=period.end,
            started_at=started,
            actor=actor if getattr(actor, "pk", None) else None,
            definitions=registry.versions(),
            fingerprint=fingerprint,
        )
        for snap in snapshots:
            snap.run = run
        Snapshot.objects.bulk_create(snapshots)
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        record(
            "indicators.run",
            obj=run,
            object_repr=f"指标计算：{region.name}（{region.code}）{period.label}",
            detail={
                "region": region.code,
                "period": period.key,
                "indicators": len(snapshots),
                "previous_run": current.pk if current else None,
            },
            user=actor,
        )
    return RunOutcome(run, True)


# --- figures for display -------------------------------------------------------------------------


@dataclass
class FigureRow:
    indicator: Indicator
    numerator: int | None = None
    denominator: int | None = None
    value: Decimal | None = None
    source: str = ""  # Source value, "" when there is no figure at all
    model_label: str = ""
    numerator_ids: list[int] = field(default_factory=list)
    denominator_ids: list[int] = field(default_factory=list)
    note: str = ""
    reported: ReportedFigure | None = None
    snapshot: Snapshot | None = None

    code = property(lambda self: self.indicator.code)
    name = property(lambda self: self.indicator.name)
    unit = property(lambda self: self.indicator.unit)
    definition = property(lambda self: self.indicator.definition)

    @property
    def source_label(self) -> str:
        return Source(self.source).label if self.source else "无数据"

    @property
    def display(self) -> str:
        return self.indicator.show(self.value)

    @property
    def reported_value(self) -> Decimal | None:
        return self.reported.value if self.reported is not None else None

    @property
    def reported_display(self) -> str:
        return self.indicator.show(self.reported_value) if self.reported is not None else ""

    @property
    def difference(self) -> Decimal | None:
        """Computed minus reported (percentage points for rates), when both exist."""
        if self.source != Source.COMPUTED or self.reported is None or self.value is None:
            return None
        if self.reported.value is None:
            return None
        return Decimal(self.value) - Decimal(self.reported.value)

    @property
    def difference_display(self) -> str:
        if self.difference is None:
            return ""
        ind = self.indicator
        return formatting.change_display(
            formatting.change(self.value, self.reported.value, ind.decimals), ind.unit, ind.decimals
        )

    @property
    def drillable(self) -> bool:
        return self.source == Source.COMPUTED and bool(self.model_label)


def figures(
    region_code: str,
    period: Period,
    *,
    run: IndicatorRun | None = None,
    live: bool = True,
    codes: set[str] | None = None,
) -> list[FigureRow]:
    """One row per registered indicator (or those in ``codes``) for ``region_code`` and ``period``:
    from ``run`` (default: the current run) or, when there is none and ``live``, computed now
    without saving."""
    region = get_region(region_code)
    run = run or current_run(region.code, period)
    computed = None
    if run is None and live:
        wanted = [i for i in registry.all_indicators() if codes is None or i.code in codes]
        computed = registry.evaluate(wanted, [region.prefix], period.start, period.end)[region.prefix]
    return _rows(region, period, run, computed, codes)


class _Recording:
    """Whether a region records a matter in Fazhi at all (any record of the figure's model in its
    subtree, whatever the period) — asked once per model, only for a computed figure of nothing
    that also has a 上报 figure: a county that has not started its 执法人员 register keeps its
    reported 614, not a computed 0; once it records, the records count (even 0)."""

    def __init__(self, region: Region):
        self.region = region
        self._known: dict[str, bool] = {}

    def records(self, indicator) -> bool:
        tally = indicator.numerator
        if tally is None:
            return True  # a compute() of its own: trust it
        records = tally.records
        if records.model not in self._known:
            model = django_apps.get_model(records.model)
            field = f"{records.region_field}__startswith"
            self._known[records.model] = model._base_manager.filter(**{field: self.region.prefix}).exists()
        return self._known[records.model]


def _rows(region: Region, period: Period, run, computed, codes=None) -> list[FigureRow]:
    snaps = {s.code: s for s in run.snapshots.select_related("reported")} if run else {}
    reported = active_reported(region.code, period)
    recording = _Recording(region)
    rows = []
    for indicator in registry.all_indicators():
        if codes is not None and indicator.code not in codes:
            continue
        row = FigureRow(indicator, reported=reported.get(indicator.code))
        snap = snaps.get(indicator.code)
        if snap is None and computed is not None and indicator.code in computed:
            snap = _snapshot(indicator, region, period, computed[indicator.code])
        if (
            snap is not None
            and snap.source == Source.COMPUTED
            and row.reported is not None
            and not snap.numerator
            and not snap.denominator
            and not recording.records(indicator)
        ):
            snap = None  # the region records nothing of this matter yet: its 上报 figure stands
        if snap is not None and snap.source == Source.COMPUTED:
            row.snapshot = snap if snap.pk else None
            row.numerator, row.denominator, row.value = snap.numerator, snap.denominator, snap.value
            row.source, row.model_label, row.note = Source.COMPUTED, snap.model_label, snap.note
            row.numerator_ids, row.denominator_ids = list(snap.numerator_ids), list(snap.denominator_ids)
        elif row.reported is not None:
            rep = row.reported
            row.numerator, row.denominator, row.value = rep.numerator, rep.denominator, rep.value
            row.source, row.note = Source.REPORTED, f"来源：{rep.source_document}"
        rows.append(row)
    return rows


def figures_for_regions(region_codes, period: Period, *, live: bool = True) -> dict[str, list[FigureRow]]:
    """:func:`figures` for several regions at once (a city and its counties side by side), keyed by
    region code in the order given. Regions without a run are computed together, in one pass."""
    regions = [get_region(code) for code in dict.fromkeys(region_codes)]
    runs = {r.code: current_run(r.code, period) for r in regions}
    pending = [r for r in regions if runs[r.code] is None]
    computed = _computed(pending, period) if pending and live else {}
    return {r.code: _rows(r, period, runs[r.code], computed.get(r.code)) for r in regions}


def figure(region_code: str, period: Period, code: str) -> FigureRow:
    registry.get(code)
    return figures(region_code, period, codes={code})[0]


def reported_problem(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)
