"""The figures a report quotes, whatever they come from (a pinned indicator run, or the latest
computation for a draft), as one small value type the renderer, the checks and the views share."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from fazhi.indicators import registry

COMPUTED, REPORTED = "computed", "reported"
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
