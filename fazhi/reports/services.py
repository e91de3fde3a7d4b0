"""Writing, checking, signing off and generating annual reports.

Figures come from indicator snapshots (fazhi.indicators): a draft quotes the current run of its
region and year (or, before any run exists, the figures computed now without saving); signing off
computes a run (idempotent: the current run is kept when nothing changed), pins it on the report
and freezes the definitions of the figures it quotes, so regenerating a signed-off report prints the
same figures and the same appendix even after records or definitions change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import services as audit
from fazhi.core.models import Organisation, OrganisationKind, Region
from fazhi.indicators import by_organisation, periods, registry
from fazhi.indicators import services as indicators
from fazhi.indicators.models import IndicatorRun, Snapshot
from fazhi.reports import checks, document, drafts, placeholders
from fazhi.reports.figures import Fig
from fazhi.reports.models import AnnualReport, ReportStatus
from fazhi.reports.parts import BY_KEY

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportError(Exception):
    """A refused action; ``message`` is shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def default_title(region: Region, year: int) -> str:
    return f"{region.name}{year}年度法治政府建设工作报告"


def issuing_organisation(region: Region, actor=None) -> Organisation:
    """The region's 人民政府 (the report is the government's), else the actor's own organisation
    when it is in that region."""
    gov = (
        Organisation.objects.filter(region=region, kind=OrganisationKind.GOVERNMENT).order_by("path").first()
    )
    if gov is not None:
        return gov
    own = getattr(actor, "organisation", None)
    if own is not None and own.region_id == region.code:
        return own
    raise ReportError(f"{region.name}没有登记人民政府，无法确定报告的署名单位。")


# --- writing -----------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, actor, region: Region, year: int, title: str = "") -> AnnualReport:
    if AnnualReport.objects.filter(region_code=region.code, year=year).exists():
        raise ReportError(f"{region.name}{year}年度的报告已经存在。")
    report = AnnualReport(
        organisation=issuing_organisation(region, actor),
        region_code=region.code,
        year=year,
        title=(title or "").strip() or default_title(region, year),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    report.full_clean(exclude=["organisation"])
    report.save()
    audit.record("reports.create", obj=report, user=actor, detail={"region": region.code, "year": year})
    return report


def _require_draft(report: AnnualReport) -> None:
    if report.is_signed_off:
        raise ReportError("报告已定稿，不能再修改。")


@transaction.atomic
def part_update(*, report: AnnualReport, key: str, text: str, actor) -> AnnualReport:
    if key not in BY_KEY:
        raise ReportError("没有这一部分。")
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    text = (text or "").replace("\r\n", "\n").strip()
    setattr(report, key, text)
    report.save(update_fields=[key, "updated_at"])
    audit.record(
        "reports.edit",
        obj=report,
        user=actor,
        detail={"part": key, "title": BY_KEY[key].title, "length": len(text)},
    )
    return report


PARTICULARS = ("issuer", "addressee", "document_number", "written_on")


def particulars_update(*, report: AnnualReport, actor, **values) -> AnnualReport:
    """Set the 公文要素 (发文机关, 主送机关, 发文字号, 成文日期) of a draft; one audit row."""
    unknown = set(values) - set(PARTICULARS)
    if unknown:
        raise ReportError(f"没有这些公文要素：{'、'.join(sorted(unknown))}。")
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    for name, value in values.items():
        setattr(report, name, value.strip() if isinstance(value, str) else value)
    report.full_clean(exclude=["organisation", "run", "created_by", "signed_off_by"])
    report.save(update_fields=[*values, "updated_at"])
    audit.record(
        "reports.edit",
        obj=report,
        user=actor,
        detail={"part": "particulars", "fields": sorted(values)},
    )
    return report


# --- figures -----------------------------------------------------------------------------------


def period_of(report: AnnualReport) -> periods.Period:
    return periods.year(report.year)


def _definition(code: str, period: periods.Period | None = None) -> tuple[dict, int, int | None]:
    """(definition dict, version, decimals) from the registry, citing the statute text of
    ``period`` (a 2022 行政复议 figure the 2017 《行政复议法》); empty for a code no longer declared
    (printed then at its unit's default precision)."""
    try:
        ind = registry.get(code)
    except registry.UnknownIndicator:
        return {}, 0, None
    return ind.definition.as_dict(period), ind.version, ind.decimals


def _from_snapshot(snap: Snapshot, label: str, frozen: dict, period: periods.Period | None = None) -> Fig:
    if snap.code in frozen:
        d = frozen[snap.code]
        definition, decimals = d.get("definition", {}), d.get("decimals", 1)
    else:
        definition, _, decimals = _definition(snap.code, period)
    return Fig(
        code=snap.code,
        name=snap.name,
        unit=snap.unit,
        numerator=snap.numerator,
        denominator=snap.denominator,
        value=None if snap.value is None else Decimal(snap.value),
        source=snap.source,
        period_label=label,
        definition=definition,
        decimals=decimals,
    )


def run_figures(run: IndicatorRun, frozen: dict | None = None) -> dict[str, Fig]:
    """Every snapshot of ``run`` as it was written (reported ones included)."""
    period = periods.parse(run.period_key)
    return {
        s.code: _from_snapshot(s, period.label, frozen or {}, period)
        for s in run.snapshots.all().order_by("id")
    }


def current_figures(region_code: str, period: periods.Period) -> dict[str, Fig]:
    """What a draft quotes: the current run (or, with none yet, figures computed now)."""
    out = {}
    for row in indicators.figures(region_code, period):
        if not row.source:
            continue  # no figure at all (a reported-only indicator nobody has reported)
        ind = row.indicator
        out[row.code] = Fig(
            code=row.code,
            name=row.name,
            unit=row.unit,
            numerator=row.numerator,
            denominator=row.denominator,
            value=None if row.value is None else Decimal(row.value),
            source=row.source,
            period_label=period.label,
            definition=ind.definition.as_dict(period),
            decimals=ind.decimals,
            reported_value=row.reported_value,
            difference=row.difference,
        )
    return out


def department_table(report: AnnualReport) -> dict:
    """附表 各部门被申请行政复议、被提起行政诉讼情况 (fazhi.indicators.by_organisation): as frozen at
    sign-off, else counted now from the records of the report's region and year."""
    if report.is_signed_off and "by_organisation" in (report.frozen_tables or {}):
        return report.frozen_tables["by_organisation"]
    period = period_of(report)
    return by_organisation.printable(period.start, period.end, within=report.region_code)


def report_figures(report: AnnualReport) -> dict[str, Fig]:
    """The figures the report quotes, each with last year's beside it (``Fig.previous``)."""
    if report.run_id:
        figures = run_figures(report.run, report.frozen_definitions or {})
    else:
        figures = current_figures(report.region_code, period_of(report))
    return with_last_year(figures, last_year_figures(report))


def with_last_year(figures: dict[str, Fig], last_year: dict[str, Fig]) -> dict[str, Fig]:
    return {
        code: replace(fig, previous=last_year[code]) if code in last_year else fig
        for code, fig in figures.items()
    }


def previous_figures(region_code: str, period: periods.Period) -> dict[str, Fig]:
    """The figures of ``period`` (last year's, for a report): its current run or computed now. A
    figure the platform counted nothing for is taken from the 上报 figure entered or imported for
    that period, when there is one; with none, it counts as no figure when its whole domain counted
    nothing (a year before the platform held its records), as 0 otherwise."""
    rows = [r for r in indicators.figures(region_code, period) if r.source]
    recorded = {r.indicator.domain for r in rows if r.source == "computed" and (r.numerator or r.denominator)}
    out = {}
    for row in rows:
        numerator, denominator, value, source = row.numerator, row.denominator, row.value, row.source
        empty = source == "computed" and not numerator and not denominator
        if row.reported is not None and (source == "reported" or empty):
            rep = row.reported
            numerator, denominator, value, source = rep.numerator, rep.denominator, rep.value, "reported"
        elif empty and row.indicator.domain not in recorded:
            continue
        out[row.code] = Fig(
            code=row.code,
            name=row.name,
            unit=row.unit,
            numerator=numerator,
            denominator=denominator,
            value=None if value is None else Decimal(value),
            source=source,
            period_label=period.label,
            decimals=row.indicator.decimals,
        )
    return out


def last_year_figures(report: AnnualReport) -> dict[str, Fig]:
    """Last year's figures for the report's period: as frozen at sign-off, else as they are now."""
    frozen = (report.frozen_tables or {}).get(LAST_YEAR) if report.is_signed_off else None
    if frozen is not None:
        return {code: _thawed(code, d) for code, d in frozen.items()}
    return previous_figures(report.region_code, period_of(report).previous_year())


LAST_YEAR = "last_year"  # frozen_tables key of last year's figures, kept at sign-off


def _frozen(fig: Fig) -> dict:
    return {
        "name": fig.name,
        "unit": fig.unit,
        "numerator": fig.numerator,
        "denominator": fig.denominator,
        "value": None if fig.value is None else str(fig.value),
        "source": fig.source,
        "period_label": fig.period_label,
        "decimals": fig.decimals,
    }


def _thawed(code: str, d: dict) -> Fig:
    return Fig(
        code=code,
        name=d.get("name", code),
        unit=d.get("unit", ""),
        numerator=d.get("numerator"),
        denominator=d.get("denominator"),
        value=None if d.get("value") is None else Decimal(d["value"]),
        source=d.get("source", "computed"),
        period_label=d.get("period_label", ""),
        decimals=d.get("decimals"),
    )


# --- sign-off ------------------------------------------------------------------------------------


@transaction.atomic
def sign_off(*, report: AnnualReport, actor, when: dt.datetime | None = None) -> AnnualReport:
    """Pin the indicator run and the definitions of the quoted figures; the report is final."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    outcome = indicators.compute_run(report.region_code, period_of(report), actor=actor)
    figures = run_figures(outcome.run)
    used = placeholders.used_codes([t for _, t in report.parts()], figures)
    frozen = {}
    for code in used:
        definition, version, decimals = _definition(code, period_of(report))
        frozen[code] = {"definition": definition, "version": version, "decimals": decimals}
    report.run = outcome.run
    report.frozen_definitions = frozen
    period = period_of(report)
    last_year = previous_figures(report.region_code, period.previous_year())
    report.frozen_tables = {
        "by_organisation": by_organisation.printable(period.start, period.end, within=report.region_code),
        LAST_YEAR: {code: _frozen(last_year[code]) for code in used if code in last_year},
    }
    report.status = ReportStatus.SIGNED_OFF
    report.signed_off_by = actor if getattr(actor, "pk", None) else None
    report.signed_off_at = when or timezone.now()
    report.save(
        update_fields=[
            "run",
            "frozen_definitions",
            "frozen_tables",
            "status",
            "signed_off_by",
            "signed_off_at",
            "updated_at",
        ]
    )
    audit.record(
        "reports.sign_off",
        obj=report,
        user=actor,
        detail={"run": outcome.run.pk, "run_created": outcome.created, "figures": used},
    )
    return report


# --- checks and generation ---------------------------------------------------------------------


def previous_report(report: AnnualReport) -> AnnualReport | None:
    return AnnualReport.objects.filter(region_code=report.region_code, year=report.year - 1).first()


UNBACKED_NUMBER = "unbacked_number"


def report_warnings(report: AnnualReport, figures: dict[str, Fig] | None = None) -> list[checks.Warning]:
    figures = report_figures(report) if figures is None else figures
    return checks.run_all(report, figures, last_year=checks.last_year_bases(report, previous_report(report)))


def unbacked_numbers(report: AnnualReport) -> list[checks.Warning]:
    """Each sentence with a number typed by hand instead of quoted as a figure (drafts.unbacked_numbers).

    Shown on the report page beside the checks, as notes to verify rather than errors: a report
    rightly says “召开4次专题会议” of work no figure counts yet."""
    return [
        checks.Warning(
            UNBACKED_NUMBER,
            f"“{part.title}”中的数字不是统计数据，请核实或改为引用指标：{sentence}",
        )
        for part, text in report.parts()
        for sentence in drafts.unbacked_numbers(text)
    ]


def fill_draft(*, report: AnnualReport, actor) -> list[str]:
    """Write the first draft into every part still empty; returns the titles of the parts written.

    The draft (fazhi.reports.drafts) quotes every figure as a placeholder, so the report prints
    the run it uses. A part someone has written is never overwritten. One audit row."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    texts = drafts.draft(report_figures(report), report.year)  # last year's beside (Fig.previous)
    written = [key for key, text in texts.items() if text and not (getattr(report, key) or "").strip()]
    if not written:
        return []
    for key in written:
        setattr(report, key, texts[key])
    report.save(update_fields=[*written, "updated_at"])
    titles = [BY_KEY[key].title for key in written]
    audit.record("reports.edit", obj=report, user=actor, detail={"part": "draft", "parts": written})
    return titles


def content_for(report: AnnualReport, figures: dict[str, Fig], *, today: dt.date | None = None):
    texts = report.parts()
    used = placeholders.used_codes([t for _, t in texts], figures)
    if report.written_on:
        date = report.written_on
    elif report.signed_off_at:
        date = timezone.localdate(report.signed_off_at)
    else:
        date = today or timezone.localdate()
    return document.ReportContent(
        title=report.title,
        signer=report.issuer or report.organisation.name,
        date=date,
        number=report.document_number,
        addressee=report.addressee,
        parts=[(part, placeholders.render(text, figures)) for part, text in texts],
        figures=[figures[c] for c in used],
        departments=department_table(report),
        compared=placeholders.compared_codes([t for _, t in texts], figures),
    )


def generate(
    report: AnnualReport, *, actor=None, today: dt.date | None = None, on_step=None, job: int | None = None
) -> tuple[bytes, list]:
    """The .docx bytes and the warnings; one audit row. ``on_step(done, total, text)``, when
    given, hears of each stage (a job's progress); ``job`` is the run that generates it, named in
    the audit row."""
    step = on_step or (lambda done, total, text: None)
    step(0, 3, "正在取数")
    figures = report_figures(report)
    step(1, 3, "正在检查")
    warnings = report_warnings(report, figures)
    step(2, 3, "正在排版")
    data = document.build(content_for(report, figures, today=today))
    if report.pk is None:
        return data, warnings  # a skeleton for a region with no report written yet (CLI)
    detail = {"status": report.status, "run": report.run_id, "warnings": len(warnings), "size": len(data)}
    if job is not None:
        detail["job"] = job
    audit.record("reports.generate", obj=report, user=actor, detail=detail)
    return data, warnings


def skeleton(region: Region, year: int) -> AnnualReport:
    """An unsaved report for a region and year nobody has written yet: the first draft the domains
    write from the year's figures (fazhi.reports.drafts), the rest of the five parts empty."""
    report = AnnualReport(
        organisation=issuing_organisation(region),
        region_code=region.code,
        year=year,
        title=default_title(region, year),
    )
    for key, text in drafts.draft(report_figures(report), year).items():
        setattr(report, key, text)
    return report


def filename(report: AnnualReport) -> str:
    suffix = "" if report.is_signed_off else "（草稿）"
    return f"{report.title}{suffix}.docx"
