"""The figures a report quotes, whatever they come from (a pinned indicator run, or the latest
computation for a draft), as one small value type the renderer, the checks and the views share."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from fazhi.indicators import formatting, registry

COMPUTED, REPORTED = "computed", "reported"
NO_LAST_YEAR = "上年无数据"
UNCHANGED = "持平"
SOURCE_LABELS = {COMPUTED: "计算", REPORTED: "上报"}


@dataclass(frozen=True)
class Fig:
    code: str
    name: str
    unit: str
    numerator: int | None
    denominator: int | None
    value: Decimal | None  # a rate in percent (9.0909), a count as is
    source: str = COMPUTED
    period_label: str = ""
    definition: dict = field(default_factory=dict)  # numerator, denominator, basis, period_basis, …
    decimals: int | None = None  # None: the unit's default (formatting.default_decimals)
    reported_value: Decimal | None = None
    difference: Decimal | None = None
    # The same figure for the same period a year earlier (computed from that year's records, or
    # 上报 for it when the platform counted none), when there is one: ``{{code.last_year}}``.
    previous: Fig | None = None

    @property
    def has_last_year(self) -> bool:
        return self.previous is not None and self.previous.value is not None

    @property
    def last_year_shown(self) -> str:
        """Last year's figure as printed (at this year's precision), or “上年无数据”."""
        if not self.has_last_year:
            return NO_LAST_YEAR
        return registry.display(self.previous.value, self.unit, self.decimals)

    @property
    def change_shown(self) -> str:
        """同比, in the words the reports use (:func:`change_text`)."""
        return change_text(self)

    @property
    def is_rate(self) -> bool:
        return self.unit in registry.RATE_UNITS

    @property
    def basis(self) -> str:
        return self.definition.get("basis", "") or ""

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def shown(self) -> str:
        return display(self)

    def definition_text(self) -> str:
        """分子、分母、统计口径 and 依据 in one line for the appendix."""
        d = self.definition
        bits = []
        if self.is_rate or d.get("denominator"):
            bits.append(f"分子：{d.get('numerator', '')}")
            if d.get("denominator"):
                bits.append(f"分母：{d['denominator']}")
        elif d.get("numerator"):
            bits.append(f"统计：{d['numerator']}")
        if d.get("period_basis"):
            bits.append(f"时间口径：{d['period_basis']}")
        if d.get("exclusions"):
            bits.append(f"不计入：{d['exclusions']}")
        if d.get("source"):
            bits.append(f"依据：{d['source']}")
        return "；".join(b for b in bits if b)


def display(fig: Fig) -> str:
    """As the reports print it: “33.33%”, “100%”, “33件”, “—” when there is nothing to divide by."""
    return registry.display(fig.value, fig.unit, fig.decimals)


def change_text(fig: Fig, decimals: int | None = None) -> str:
    """The change from last year as the reports write it. Seed 000 writes a rate's change in
    percentage points — “相比2021年的败诉率12.3%，下降了8个百分点” — and a count's as the difference
    in its unit — “比2021年减少47件”; for a count the relative change follows, so a reader sees both:

    - a rate: “上升3.2个百分点” / “下降8.2个百分点”;
    - a count (or money): “增加15件，增长12.5%” / “减少47件，下降28.1%”, “增加5件” when last year's
      was 0;
    - “持平” when the printed numbers are equal, “上年无数据” when last year has no figure, “—” when
      this year has none.

    The difference is that of the two printed numbers (:func:`fazhi.indicators.formatting.change`),
    so a reader can check it against them."""
    if fig.value is None:
        return "—"
    if not fig.has_last_year:
        return NO_LAST_YEAR
    places = fig.decimals if decimals is None else decimals
    if places is None:
        places = formatting.default_decimals(fig.unit)
    diff = formatting.change(fig.value, fig.previous.value, places)
    if diff == 0:
        return UNCHANGED
    amount = formatting.number_text(abs(diff), places)
    if fig.is_rate:
        return f"{'上升' if diff > 0 else '下降'}{amount}{formatting.POINTS}"
    text = f"{'增加' if diff > 0 else '减少'}{amount}{fig.unit}"
    before = formatting.rounded(fig.previous.value, places)
    if before:
        relative = formatting.number_text(abs(diff) * 100 / before, 1)
        text += f"，{'增长' if diff > 0 else '下降'}{relative}%"
    return text


def relative_change(fig: Fig) -> Decimal | None:
    """This year against last in percent of last year's (counts, money), or in percentage points
    (rates); None when either is missing or, for a count, last year's is 0."""
    if fig.value is None or not fig.has_last_year:
        return None
    now, before = Decimal(fig.value), Decimal(fig.previous.value)
    if fig.is_rate:
        return now - before
    if not before:
        return None
    return (now - before) * 100 / before
