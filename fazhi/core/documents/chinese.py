"""Chinese numerals and dates as official documents write them, and the items of a list as a
user typed it into one box."""

from __future__ import annotations

import datetime as dt
import re

from fazhi.core.dates import written_date

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """0–99 in Chinese numerals: 5 → 五, 10 → 十, 15 → 十五, 30 → 三十, 31 → 三十一."""
    if not 0 <= n < 100:
        raise ValueError(f"chinese_number supports 0–99, got {n}")
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def chinese_date(day: dt.date) -> str:
    """成文日期 (GB/T 9704-2012 §7.3.5.1 as commonly applied to signed documents): 二〇二六年十月八日."""
    year = "".join(_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def arabic_date(day: dt.date | None) -> str:
    """In-text dates: 2026年10月8日."""
    return written_date(day, empty="____年__月__日")


def item_number(n: int) -> str:
    """First-level list numbering in running text: 一、二、三 …"""
    return chinese_number(n) + "、"


def cited_item(choices, code: str) -> str:
    """“第（三）项”: the 项 of an article that ``code`` stands for, when ``choices`` (a model's
    TextChoices, or a sequence of codes) list the article's items in its order; "" when ``code`` is
    none of them."""
    codes = [getattr(c, "value", c) for c in choices]
    return f"第（{chinese_number(codes.index(code) + 1)}）项" if code in codes else ""


_ENUM = re.compile(r"^\s*(?:[（(]?[0-9０-９一二三四五六七八九十]+[)）.．、]|[-*•·])\s*")


def listed_items(text: str) -> list[str]:
    """The items of a list as entered (补正事项, 整改要求 …): one per line, or separated by ；
    when on one line; the typed numbering (1. （一） 一、 - …) and closing punctuation stripped, so the
    document numbers them itself."""
    lines = [ln for ln in re.split(r"[\r\n]+", text or "") if ln.strip()]
    if len(lines) == 1:
        lines = [part for part in re.split(r"[；;]", lines[0]) if part.strip()]
    return [_ENUM.sub("", ln).strip().rstrip("；;。") for ln in lines if _ENUM.sub("", ln).strip()]
