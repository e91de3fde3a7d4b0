"""How a figure is printed: the precision each kind of unit is shown with, as the reports print it.

The stored value is exact (a rate to four decimal places of a percent, a count as counted, money to
the yuan); only the printed text is rounded, half up, to the figure's precision:

- rates (``%``) to two decimals by default, trailing zeros dropped — 2/6 is “33.33%”, 1/2 “50%”,
  1218/1218 “100%” (seeds 000 and 001);
- counts (件、人、次 …) as integers;
- money in 万元 to two decimals (stored in 元: ``numerator`` is yuan, the value is 万元).

An indicator may declare other ``decimals`` (:class:`fazhi.indicators.registry.Indicator`), and a
report may override them where it quotes a figure (``{{code|1}}``, :mod:`fazhi.reports.placeholders`).
A change (同比) is the difference of the two printed numbers, so a reader can check it, and is never
“-0”: a difference that rounds to nothing prints as “0个百分点”.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

RATE_UNITS = frozenset({"%"})
# Money units and how many stored yuan make one of them.
MONEY_UNITS = {"万元": 10000, "元": 1}
# Ratios over a base that is not 100: value = numerator ÷ denominator (律师万人比 0.45 人/万人).
PER_UNITS = frozenset({"人/万人"})
RATE_DECIMALS = 2
MONEY_DECIMALS = 2
# Percentages and money are kept to 4 decimal places (9.0909%, 1234.5678万元 = 12 345 678元).
VALUE_PLACES = Decimal("0.0001")
POINTS = "个百分点"


def is_rate(unit: str) -> bool:
    return unit in RATE_UNITS


def has_denominator(unit: str) -> bool:
    return unit in RATE_UNITS or unit in PER_UNITS


def is_money(unit: str) -> bool:
    return unit in MONEY_UNITS


def default_decimals(unit: str) -> int:
    """Rates two decimals, money (万元) two decimals, counts none."""
    if is_rate(unit) or unit in PER_UNITS:
        return RATE_DECIMALS
    if is_money(unit) and MONEY_UNITS[unit] > 1:
        return MONEY_DECIMALS
    return 0


def percent(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator × 100, to 4 decimal places (half up); None when there is no base."""
    if denominator is None or not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(VALUE_PLACES, ROUND_HALF_UP)


def value_of(unit: str, numerator, denominator=None) -> Decimal | None:
    """The exact value of a figure from its parts: a percent for a rate, 万元 for money kept in 元,
    the count itself otherwise."""
    if is_rate(unit):
        return percent(numerator, denominator)
    if numerator is None:
        return None
    if unit in PER_UNITS:
        if not denominator:
            return None
        return (Decimal(numerator) / Decimal(denominator)).quantize(VALUE_PLACES, ROUND_HALF_UP)
    if is_money(unit):
        return (Decimal(numerator) / MONEY_UNITS[unit]).quantize(VALUE_PLACES, ROUND_HALF_UP)
    return Decimal(numerator)


def rounded(value, decimals: int) -> Decimal:
    """``value`` rounded half up to ``decimals`` places (the number a reader sees)."""
    step = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    out = Decimal(value).quantize(step, ROUND_HALF_UP)
    return out if out else abs(out)  # never -0


def number_text(value, decimals: int) -> str:
    """“33.33”, “100”, “12.5”: rounded, trailing zeros dropped, no exponent, no “-0”."""
    out = rounded(value, decimals)
    if out == out.to_integral_value():
        return str(out.quantize(Decimal(1)))
    return format(out.normalize(), "f")


def display(value, unit: str, decimals: int | None = None) -> str:
    """ "9.09%" / "46件" / "1234.5万元" / "—": the value as the reports print it."""
    if value is None:
        return "—"
    if decimals is None:
        decimals = default_decimals(unit)
    return f"{number_text(value, decimals)}{unit}"


def change(now, before, decimals: int) -> Decimal | None:
    """The difference of the two printed numbers (this period minus the earlier); None when either
    is missing."""
    if now is None or before is None:
        return None
    return rounded(rounded(now, decimals) - rounded(before, decimals), decimals)


def change_display(diff, unit: str, decimals: int) -> str:
    """“+75个百分点”, “-10.91个百分点”, “0个百分点”, “+3件”; “—” when there is no change to show."""
    if diff is None:
        return "—"
    diff = rounded(diff, decimals)
    unit = POINTS if is_rate(unit) else unit
    sign = "+" if diff > 0 else ""
    return f"{sign}{number_text(diff, decimals)}{unit}"
