"""The indicator registry: every figure the platform reports, declared once by the domain that owns it.

A domain declares its indicators in ``<app>/indicators.py`` (discovered on first use, like import
kinds)::

    register(Indicator(
        code="reconsideration.correction_rate",
        name="行政复议纠错率",
        unit="%",
        definition=Definition(
            numerator="审结案件中被撤销、变更、确认违法、确认无效、责令履行的件数",
            denominator="审结件数（含维持、驳回、终止）",
            basis="审结",
            period_basis="结案日期在统计期内",
            source="《行政复议法》（2017）第二十八条",
        ),
        compute=lambda prefix, start, end: Result(...),
    ))

Most indicators are declared as a numerator :class:`~fazhi.indicators.tally.Tally` over a
denominator tally (``numerator=CORRECTED, denominator=CONCLUDED.all``): counts of records that
:func:`evaluate` computes for many indicators and regions in one pass per table, with the ids of
the records behind each part. A figure that is not such a count may instead give
``compute(region_prefix, start, end)``, which returns a :class:`Result`: the numerator and the
denominator (``None`` for a plain count), the ids of the records behind each, the model those ids
belong to (``"app_label.model"``, for the drill-down) and a note. The value is derived from the
parts and never stored without them (docs/indicators.md §设计要求 1–2).

Indicators of matters not (yet) recorded case by case in Fazhi are declared ``reported_only=True``:
they have no ``compute``; their figures come from :class:`fazhi.indicators.models.ReportedFigure`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from fazhi.core import registry as declarations
from fazhi.core.registry import NotDeclared, Registry
from fazhi.indicators import formatting, tally
from fazhi.indicators.tally import Records, Tally

__all__ = ["Definition", "Indicator", "Records", "Remark", "Result", "Tally", "evaluate", "register"]

RATE_UNITS = formatting.RATE_UNITS
VALUE_PLACES = formatting.VALUE_PLACES
percent = formatting.percent


# Default year-on-year bounds (Indicator.yoy_bound): a rate moving more than 20 percentage points,
# any other figure more than 50% of last year's (counts below YOY_MIN_COUNT on both sides aside).
YOY_BOUND_POINTS = Decimal(20)
YOY_BOUND_PERCENT = Decimal(50)
YOY_MIN_COUNT = 10


def display(value: Decimal | None, unit: str, decimals: int | None = None) -> str:
    """ "9.09%" / "46件" / "—": the value rounded half up to ``decimals`` places (the unit's default
    precision when None, :mod:`fazhi.indicators.formatting`), with its unit."""
    return formatting.display(value, unit, decimals)


@dataclass(frozen=True)
class Definition:
    """What a figure counts, in words shown beside it and in the report's appendix."""

    numerator: str
    denominator: str = ""
    basis: str = ""  # the denominator basis: 审结 / 受理 / 开庭 / 应办结 …
    period_basis: str = ""  # which date puts a record in the period
    exclusions: str = ""
    source: str = ""  # statute article / docs/statutes.md / docs/indicators.md section
    # Statute texts by period (a law revised in the meantime): ``earlier_sources`` are ``(ISO date a
    # revision took effect, what is cited under the earlier text)`` pairs, ``current_source`` what is
    # cited for a period wholly after the last revision; ``source`` (both texts) for a period across
    # it, or when no period is given. 行政复议 figures for 2022 cite the 2017 《行政复议法》, for 2024
    # the 2023 text.
    earlier_sources: tuple[tuple[str, str], ...] = ()
    current_source: str = ""

    def source_for(self, start=None, end=None) -> str:
        """The source cited for the period ``start``–``end`` (:attr:`earlier_sources`)."""
        if end is None or not self.earlier_sources:
            return self.source
        for since, text in sorted(self.earlier_sources):
            if end.isoformat() < since:
                return text
        newest = max(since for since, _ in self.earlier_sources)
        if start is not None and start.isoformat() >= newest and self.current_source:
            return self.current_source
        return self.source

    def as_dict(self, period=None) -> dict[str, str]:
        """In words; ``period`` (start, end) chooses the statute text it cites (:meth:`source_for`)."""
        start, end = (period.start, period.end) if period is not None else (None, None)
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "basis": self.basis,
            "period_basis": self.period_basis,
            "exclusions": self.exclusions,
            "source": self.source_for(start, end),
        }


@dataclass(frozen=True)
class Result:
    numerator: int
    denominator: int | None = None  # None: a plain count
    numerator_ids: tuple[int, ...] = ()
    denominator_ids: tuple[int, ...] = ()
    model: str = ""  # "app_label.modelname" of the ids
    note: str = ""

    def value(self, unit: str) -> Decimal | None:
        return formatting.value_of(unit, self.numerator, self.denominator)


Compute = Callable[[str, "object", "object"], Result]


@dataclass(frozen=True)
class Remark:
    """A note shown with a figure when ``tally`` counts any record: ``text(count)``."""

    tally: Tally
    text: Callable[[int], str]


@dataclass(frozen=True)
class Indicator:
    code: str  # stable: "<domain>.<name>"
    name: str
    unit: str  # "%", "件", "人" …
    definition: Definition
    numerator: Tally | None = None
    denominator: Tally | None = None  # None: a plain count
    remark: Remark | None = None
    model: str = ""  # "app_label.modelname" of the records behind the figure (default: the tally's)
    compute: Compute | None = None
    version: int = 1  # bump when the definition or computation changes
    reported_only: bool = False
    # Display precision as the reports print it; None: the unit's default (rates and 万元 two
    # decimals, counts none — :func:`fazhi.indicators.formatting.default_decimals`).
    decimals: int | None = None
    order: float = 100
    notes: tuple[str, ...] = field(default_factory=tuple)  # shown with every figure
    part_of: str = ""  # code of the figure this one breaks down (审结 → 审结：维持 …)
    # A rate's parts as figures of their own (调解成功率 = mediation.mediated_success ÷
    # mediation.mediated): the catalogue shows them and checks can compare the three.
    numerator_code: str = ""
    denominator_code: str = ""
    # A component that is one of several which need not add up to the total (其中…: 专职调解员 of
    # 人民调解员); the components without it partition their total.
    partial: bool = False
    aliases: tuple[str, ...] = ()  # other names the reports print it under (网办率 / 网上办理率)
    # Reports often print this figure without its parts (满意率95.75%): a stated value alone may be
    # entered (shown as such); a figure with parts must still agree with them.
    value_only: bool = False
    # The same figure over another basis (纠错率 over 受理 beside 纠错率 over 审结): the code of the
    # default one. A report may quote either; its checks compare the bases year on year across them.
    variant_of: str = ""
    # How far the figure may move from last year's before the report warns (年度报告检查 同比异常):
    # percentage points for a rate, percent of last year's value otherwise; None: the unit's default
    # (:data:`YOY_BOUND_POINTS` for rates, :data:`YOY_BOUND_PERCENT` for the rest).
    yoy_bound: Decimal | int | None = None
    # Counts a reader may take for a rate's denominator when the report does not state the real one
    # (败诉率 printed beside 收案数, its base being 一审审结): the report check tries them too.
    read_over: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.decimals is None:
            object.__setattr__(self, "decimals", formatting.default_decimals(self.unit))
        if "." not in self.code:
            raise ValueError(f"indicator code {self.code!r} must be '<domain>.<name>'")
        ways = [self.reported_only, self.compute is not None, self.numerator is not None]
        if sum(ways) != 1:
            raise ValueError(f"indicator {self.code!r}: exactly one of numerator / compute / reported_only")
        if self.denominator is not None and self.numerator is None:
            raise ValueError(f"indicator {self.code!r}: a denominator needs a numerator tally")
        if self.is_rate and self.numerator is not None and self.denominator is None:
            raise ValueError(f"indicator {self.code!r}: a rate needs a denominator")

    @property
    def computed(self) -> bool:
        return not self.reported_only

    @property
    def yoy_limit(self) -> Decimal:
        """The year-on-year bound (:attr:`yoy_bound`, or the unit's default)."""
        if self.yoy_bound is not None:
            return Decimal(self.yoy_bound)
        return YOY_BOUND_POINTS if self.is_rate else YOY_BOUND_PERCENT

    def tallies(self) -> list[Tally]:
        found = [self.numerator, self.denominator, self.remark.tally if self.remark else None]
        return [t for t in found if t is not None]

    @property
    def domain(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def is_rate(self) -> bool:
        return self.unit in RATE_UNITS

    @property
    def has_denominator(self) -> bool:
        """A rate (%) or a ratio (人/万人): a value over a base, entered with both parts."""
        return formatting.has_denominator(self.unit)

    @property
    def parts(self) -> list[Indicator]:
        """The figures this one is made of: its components (``part_of`` it) for a total, its
        numerator and denominator figures for a rate."""
        found = [i for i in all_indicators() if i.part_of == self.code]
        for code in (self.numerator_code, self.denominator_code):
            if code and code in INDICATORS:
                found.append(INDICATORS.get(code))
        return found

    def run(self, region_prefix: str, start, end) -> Result:
        if self.reported_only:
            raise ValueError(f"{self.name}（{self.code}）只能上报，不能由系统计算。")
        return evaluate([self], [region_prefix], start, end)[region_prefix][self.code]

    def result(self, counted: dict[tuple, list[int]]) -> Result:
        """The figure from the tallies' record ids (as :func:`tally.count_by_region` gives them)."""
        num = counted[self.numerator.key]
        den = counted[self.denominator.key] if self.denominator is not None else None
        notes = list(self.notes)
        if self.remark is not None and counted[self.remark.tally.key]:
            notes.append(self.remark.text(len(counted[self.remark.tally.key])))
        note = "".join(notes)
        return Result(
            len(num),
            None if den is None else len(den),
            tuple(num),
            () if den is None else tuple(den),
            self.model or self.numerator.records.model,
            note,
        )

    def hidden_when_zero(self, *values) -> bool:
        """A breakdown row (``part_of``) with nothing in it is left out of on-screen tables (the
        whole still shows; exports and reports keep every row)."""
        return bool(self.part_of) and all(not v for v in values)

    def show(self, value: Decimal | None) -> str:
        return display(value, self.unit, self.decimals)


INDICATORS: Registry[Indicator] = Registry("指标", key=lambda i: i.code)


class UnknownIndicator(LookupError):
    def __init__(self, code: str, message: str = ""):
        super().__init__(message or f"没有编码为“{code}”的指标。")
        self.message = self.args[0]


def register(indicator: Indicator) -> Indicator:
    """Declare ``indicator``. A computed declaration takes over the code of a reported-only one (a
    domain app now records what the catalogue had as 上报); a reported-only declaration of a code
    already computed is ignored."""
    existing = INDICATORS.find(indicator.code)
    if existing is not None and existing.reported_only != indicator.reported_only:
        if indicator.reported_only:
            return existing
        # Taken over where the domain app declares it (its place among the recorded domains,
        # all_indicators), not where the catalogue had it.
        INDICATORS.unregister(indicator.code)
        return INDICATORS.register(indicator)
    return INDICATORS.register(indicator)


# Words of a definition ``register_count`` / ``register_rate`` take besides the required ones.
_DEFINITION_WORDS = ("exclusions", "earlier_sources", "current_source")


def register_count(
    code: str, name: str, records: Tally, *, order: float, counts: str, period: str, source: str, **more
) -> Indicator:
    """Declare a plain count (件) of ``records``: ``counts`` says what is counted, ``period`` which
    date puts a record in the period, ``source`` the statute article; ``exclusions`` and any other
    :class:`Indicator` option may follow."""
    words = {k: more.pop(k) for k in _DEFINITION_WORDS if k in more}
    definition = Definition(numerator=counts, period_basis=period, source=source, **words)
    return register(
        Indicator(
            code=code, name=name, unit="件", order=order, numerator=records, definition=definition, **more
        )
    )


def register_rate(
    code: str,
    name: str,
    numerator: Tally,
    denominator: Tally,
    *,
    order: float,
    counts: str,
    out_of: str,
    basis: str,
    period: str,
    source: str,
    **more,
) -> Indicator:
    """Declare a rate (%, two decimals unless ``decimals`` says otherwise) of ``numerator`` over
    ``denominator``: ``counts`` and ``out_of`` say in words what each counts, ``basis`` names the
    denominator (审结 / 开庭 …); ``exclusions`` and any other :class:`Indicator` option may follow."""
    words = {k: more.pop(k) for k in _DEFINITION_WORDS if k in more}
    definition = Definition(
        numerator=counts, denominator=out_of, basis=basis, period_basis=period, source=source, **words
    )
    return register(
        Indicator(
            code=code,
            name=name,
            unit="%",
            order=order,
            numerator=numerator,
            denominator=denominator,
            definition=definition,
            **more,
        )
    )


def register_breakdown(
    whole: Indicator,
    records,
    field: str,
    values: Sequence,
    *,
    name: str,
    counts: str,
    choices=None,
    **more,
) -> dict[str, Indicator]:
    """Declare ``whole`` broken down by the value of ``field`` (审结 by 结案方式 …): one count a value
    of ``values`` (``TextChoices`` members or ``(code, label)`` pairs, in the order the reports print them), code
    ``<whole>.<value>``, ``name`` and ``counts`` format strings with ``{label}``, over ``records.where(field=value)``,
    ``part_of`` the whole — so the report checks that the parts add up to it
    (:func:`fazhi.reports.checks.catalogue_rules`). ``choices`` (the field's ``TextChoices``) makes every value required (a new choice without its
    count is a start-up error)."""
    if choices is not None and set(values) != set(choices):
        missing = "、".join(str(c.label) for c in choices if c not in set(values))
        raise ImproperlyConfigured(f"{whole.code}: breakdown by {field} lacks {missing}")
    out = {}
    for position, value in enumerate(values, start=1):
        code, label = (
            str(value.value if hasattr(value, "value") else value),
            str(getattr(value, "label", value)),
        )
        if isinstance(value, tuple):  # a (code, label) pair, as a choices list gives them
            code, label = map(str, value)
        tally = records.where(f"{field}_{code}", lambda start, end, code=code: Q(**{field: code}))
        out[code] = register_count(
            f"{whole.code}.{code}",
            name.format(label=label),
            tally,
            order=whole.order + position / 100,
            counts=counts.format(label=label),
            period=whole.definition.period_basis,
            source=whole.definition.source,
            earlier_sources=whole.definition.earlier_sources,
            current_source=whole.definition.current_source,
            part_of=whole.code,
            **more,
        )
    return out


def variants(code: str) -> list[str]:
    """The codes of the same figure over other bases (``variant_of``): the default first, then the
    others in their order; ``[code]`` for a figure without variants."""
    found = INDICATORS.find(code)
    root = (found.variant_of if found is not None else "") or code
    others = [i.code for i in INDICATORS.values() if i.variant_of == root]
    others.sort(key=lambda c: (INDICATORS.get(c).order, c))
    return [root, *others]


def get(code: str) -> Indicator:
    try:
        return INDICATORS.get(code)
    except NotDeclared:
        found = _county(code)
        if found:
            return found[0]
        raise UnknownIndicator(code) from None


LOCAL_PREFIX = "local."


def _county(code: str | None = None) -> list[Indicator]:
    """Figures counties added on the 指标目录 screen (:class:`~fazhi.indicators.models.CountyFigure`):
    all of them, or the one with ``code``. Read from the database each time (a few rows), so every
    process sees a new one at once."""
    if code is not None and not code.startswith(LOCAL_PREFIX):
        return []
    from django.db import DatabaseError

    from fazhi.indicators.models import CountyFigure

    rows = CountyFigure.objects.all() if code is None else CountyFigure.objects.filter(code=code)
    try:
        return [row.as_indicator() for row in rows]
    except DatabaseError:  # before migrations
        return []


def all_indicators(*, county: bool = True) -> list[Indicator]:
    """Every declared indicator, by domain (recorded domains first, each in INSTALLED_APPS order of
    discovery) then ``order``; the counties' own figures last (``county=False`` leaves them out)."""
    found = INDICATORS.values()
    # Domains whose work is recorded (any computed figure) first, then the catalogue's; each in
    # the order of discovery.
    computed = [i.domain for i in found if not i.reported_only]
    domains = list(dict.fromkeys([*computed, *(i.domain for i in found)]))
    declared = sorted(found, key=lambda i: (domains.index(i.domain), i.order, i.code))
    return declared + (_county() if county else [])


def domain_title(domain: str) -> str:
    """The Chinese title of an indicator's domain (declared by the domain app, or by a reported-only
    declaration for work not yet recorded in Fazhi)."""
    return declarations.domain_title(domain)


def evaluate(indicators, prefixes, start, end) -> dict[str, dict[str, Result]]:
    """Every computed indicator of ``indicators`` for every region prefix: ``{prefix: {code:
    Result}}``. The tallies of all of them are counted together, one query per model
    (:mod:`fazhi.indicators.tally`); indicators with their own ``compute`` run one by one."""
    indicators = [i for i in indicators if not i.reported_only]
    prefixes = list(dict.fromkeys(prefixes))
    tallies = [t for i in indicators for t in i.tallies()]
    counted = tally.count_by_region(tallies, prefixes, start, end) if tallies else {}
    out: dict[str, dict[str, Result]] = {}
    for prefix in prefixes:
        out[prefix] = {}
        for indicator in indicators:
            if indicator.numerator is not None:
                out[prefix][indicator.code] = indicator.result(counted[prefix])
            else:
                out[prefix][indicator.code] = indicator.compute(prefix, start, end)
    return out


def evaluate_by_organisation(
    indicators, fields, start, end, *, within: str | None = None, only=None
) -> dict[int, dict[str, Result]]:
    """Every indicator of ``indicators`` (tallies only) by the organisation its records name in
    ``fields[model]`` (:func:`tally.count_by_organisation`): ``{organisation id: {code: Result}}``,
    the organisations in region ``within`` or of ``only``; one query per model."""
    indicators = list(indicators)
    for indicator in indicators:
        if indicator.numerator is None:
            raise ValueError(
                f"indicator {indicator.code!r} is not a tally: it cannot be grouped by organisation"
            )
    tallies = [t for i in indicators for t in i.tallies()]
    counted = tally.count_by_organisation(tallies, fields, start, end, within=within, only=only)
    return {org: {i.code: i.result(ids) for i in indicators} for org, ids in counted.items()}


def versions() -> dict[str, int]:
    return {i.code: i.version for i in all_indicators()}


def closest(text: str, limit: int = 8) -> list[Indicator]:
    """The indicators whose name, another name it is printed under, or code is nearest ``text``
    (for an unknown name: “did you mean …”)."""
    import difflib

    key = unicodedata.normalize("NFKC", text or "").strip()
    scored = []
    for ind in all_indicators():
        names = (ind.name, *ind.aliases, ind.code)
        best = max(difflib.SequenceMatcher(None, key, n).ratio() for n in names)
        if any(key and (key in n or n in key) for n in names):
            best += 0.5
        scored.append((best, ind.code, ind))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [ind for score, _, ind in scored[:limit] if score > 0.2]


def lookup(text: str) -> Indicator:
    """The indicator named or coded ``text`` (its name, another name it is printed under, or its
    code; NFKC, spaces ignored); :class:`UnknownIndicator` listing the closest ones otherwise."""
    key = unicodedata.normalize("NFKC", text or "").strip()
    matches = [i for i in all_indicators() if key in (i.code, i.name)]
    if not matches:
        matches = [i for i in all_indicators() if key in i.aliases]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = "、".join(f"{i.name}（{i.code}）" for i in matches)
        raise UnknownIndicator(text, f"“{text}”可指多个指标：{listed}，请填写指标编码。")
    near = closest(key)
    listed = "；".join(f"{i.name}（{i.code}，{i.unit}）" for i in near)
    hint = f"最接近的有：{listed}。" if near else ""
    raise UnknownIndicator(
        text, f"没有名为或编码为“{text}”的指标。{hint}完整目录见导入模板的“指标目录”工作表或指标目录页面。"
    )
