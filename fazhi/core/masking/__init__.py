"""Masking personal data for publication (issue #2 item 9; SECURITY.md 11; DOMAIN.md §15).

Published records (决定书, 双公示, 复议决定 …) name natural persons only in masked form. Choices:

- **Names → surname + 某** ("张三丰" → "张某"), the convention of published decisions. Two-character
  compound surnames (欧阳, 司马 …) are kept whole ("欧阳娜娜" → "欧阳某") when the name has at least
  three characters; a two-character name is read as surname + given name ("司马" → "司某"). Names
  without a surname in the Han sense ("阿卜杜拉·买买提", "John Smith") keep their first character.
- **ID numbers → first character + stars + last character** ("1****************X"). For
  publication nothing identifying is kept: the first digit names only a broad region and the last is a
  check digit. (Staff screens that need more can pass ``keep_head``/``keep_tail``.) Length is kept so
  the reader sees that a number was there.
- **Mobile numbers → 3 + **** + 4** ("138****5678"), the usual public convention.
- **Bank cards → first 4 + stars + last 4.**
- **Addresses → kept down to the county (区/县/县级市/旗) by default, or the township with
  ``level="township"``; everything after is replaced by "***"** ("广西柳州市柳江区***"). Nothing after the
  last recognised administrative unit survives, so street names and house numbers never do; an address
  with no recognisable unit becomes "***".

``scan_text`` finds personal data in free text; ``redact_text`` replaces it:

- ``id_number``: 18 characters (17 digits + digit/X) with a valid birth date and check digit.
- ``id_number_suspected``: the same shape but failing the check (typo, OCR error, or just a long
  number). Not reported as an ID, but ``redact_text`` masks it too by default: a mistyped ID number is
  still somebody's ID number. Digit strings that are valid 统一社会信用代码 are left alone (they identify
  organisations and are published on purpose).
- ``mobile``: 1[3-9] + 9 digits, optionally with a +86/0086 prefix and space/hyphen groups (3-4-4).
- ``bank_card``: 16–19 digits (optionally in groups of 4) passing the Luhn check. Unverified long
  digit runs (case numbers, serials) are not flagged.
- ``name``: each given party name, wherever it occurs (longest first).

Full-width digits and letters are read as their ASCII forms, so "１３８…" is found as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.core.validators import is_valid_id_number, is_valid_uscc

COMPOUND_SURNAMES = frozenset(
    """
    欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闾丘 端木 南宫 百里
    澹台 公冶 宗政 濮阳 淳于 太叔 申屠 仲孙 赫连 万俟 西门 司空 呼延 独孤 拓跋 第五 梁丘 左丘 东郭 公羊
    """.split()
)

MASK = "*"
ADDRESS_MASK = "***"


# --- single values -------------------------------------------------------------------------------


def mask_person_name(name: str) -> str:
    """Surname + 某: "张三丰" → "张某", "欧阳娜娜" → "欧阳某"."""
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2] + "某"
    return name[0] + "某"


def mask_id_number(value: str, keep_head: int = 1, keep_tail: int = 1) -> str:
    """ "11010519491231002X" → "1****************X" (default: keep first and last character only)."""
    value = re.sub(r"[\s-]", "", value or "")
    return _keep(value, keep_head, keep_tail)


def mask_phone(value: str) -> str:
    """Mobile "13812345678" → "138****5678" (a +86 prefix is kept); any other number keeps its last 2."""
    compact = re.sub(r"[\s-]", "", _ascii((value or "").strip()))
    match = re.fullmatch(r"((?:\+|00)?86)?(1[3-9][0-9]{9})", compact)
    if match:
        prefix = f"{match.group(1)} " if match.group(1) else ""
        number = match.group(2)
        return prefix + number[:3] + MASK * 4 + number[7:]
    return _keep(re.sub(r"\D", "", compact), 0, 2)


def mask_bank_card(value: str) -> str:
    """ "6222021234567890123" → "6222***********0123"."""
    digits = re.sub(r"\D", "", _ascii(value or ""))
    return _keep(digits, 4, 4)


_PROVINCE_RE = re.compile(
    r"(?:北京|天津|上海|重庆)市?"
    r"|(?:香港|澳门)(?:特别行政区)?"
    r"|(?:内蒙古|广西|西藏|宁夏|新疆)(?:壮族|回族|维吾尔)?(?:自治区)?"
    r"|(?:河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南"
    r"|陕西|甘肃|青海|台湾)省?"
)
# A unit's own name never holds digits, spaces or street words; that keeps a match from running on into
# "…路12号" when the unit is missing. Prefecture names also never hold 区/县/旗.
_NAME = r"[^\s\d路街巷弄号村组栋幢楼室单元]{1,9}?"
_PREFECTURE_RE = re.compile(r"[^\s\d区县旗路街巷弄号村组栋幢楼室单元]{1,9}?(?:自治州|地区|市|盟)")
_COUNTY_RE = re.compile(_NAME + r"(?:自治县|自治旗|林区|特区|区|县|市|旗)")
_TOWNSHIP_RE = re.compile(_NAME + r"(?:民族乡|街道|镇|乡|苏木)")


def mask_address(value: str, level: str = "county") -> str:
    """Keep the address down to the county ("county") or township ("township") and mask the rest."""
    if level not in ("county", "township"):
        raise ValueError("level must be 'county' or 'township'")
    text = (value or "").strip()
    pos = 0
    kept = 0
    steps = [_PROVINCE_RE, _PREFECTURE_RE, _COUNTY_RE]
    if level == "township":
        steps.append(_TOWNSHIP_RE)
    for pattern in steps:
        match = pattern.match(text, pos)
        if match:
            pos = match.end()
            kept = pos
    if kept == len(text):
        return text
    return text[:kept] + ADDRESS_MASK


# --- free text -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    kind: str  # id_number, id_number_suspected, mobile, bank_card, name
    start: int
    end: int
    text: str

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


# Not part of a longer digit run. Letters may touch ("Tel13812345678", "ID:…"): better to over-mask.
_B = r"(?<![0-9])"
_E = r"(?![0-9])"
_ID_SHAPE_RE = re.compile(_B + r"[0-9]{6}[ ]?[0-9]{8}[ ]?[0-9]{3}[0-9Xx]" + _E)
_MOBILE_RE = re.compile(r"(?<![0-9+])(?:(?:\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}" + _E)
_CARD_RE = re.compile(_B + r"(?:[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3})?|[0-9]{16,19})" + _E)

_PRIORITY = {"name": 0, "id_number": 1, "bank_card": 2, "mobile": 3, "id_number_suspected": 4}

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_FULLWIDTH.update({0xFF0B: ord("+"), 0xFF0D: ord("-"), 0x3000: ord(" ")})


def _ascii(text: str) -> str:
    """Full-width digits/letters to ASCII, one character for one, so offsets stay valid."""
    return text.translate(_FULLWIDTH)


def _keep(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        return MASK * len(value)
    return value[:head] + MASK * (len(value) - head - tail) + value[len(value) - tail :]


def luhn_ok(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def scan_text(text: str, names: list[str] | tuple[str, ...] = ()) -> list[Finding]:
    """Personal data in ``text``, as non-overlapping findings in order of position."""
    text = text or ""
    plain = _ascii(text)
    candidates: list[Finding] = []

    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        for match in re.finditer(re.escape(name), text):
            candidates.append(Finding("name", match.start(), match.end(), match.group()))

    for match in _ID_SHAPE_RE.finditer(plain):
        compact = match.group().replace(" ", "").upper()
        if is_valid_id_number(compact):
            kind = "id_number"
        elif is_valid_uscc(compact):
            continue  # an all-digit 统一社会信用代码: public by design
        elif compact.isdigit() and luhn_ok(compact):
            kind = "bank_card"
        else:
            kind = "id_number_suspected"
        candidates.append(Finding(kind, match.start(), match.end(), text[match.start() : match.end()]))

    for match in _CARD_RE.finditer(plain):
        digits = re.sub(r"\D", "", match.group())
        if 16 <= len(digits) <= 19 and luhn_ok(digits):
            candidates.append(
                Finding("bank_card", match.start(), match.end(), text[match.start() : match.end()])
            )

    for match in _MOBILE_RE.finditer(plain):
        candidates.append(Finding("mobile", match.start(), match.end(), text[match.start() : match.end()]))

    # Keep the strongest finding where two overlap: names, then proven IDs, cards, phones, suspects;
    # among equals the longer one.
    candidates.sort(key=lambda f: (_PRIORITY[f.kind], -(f.end - f.start), f.start))
    chosen: list[Finding] = []
    for finding in candidates:
        if all(finding.end <= other.start or finding.start >= other.end for other in chosen):
            chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)


def redact_text(text: str, names: list[str] | tuple[str, ...] = (), *, include_suspected: bool = True) -> str:
    """``text`` with every finding of ``scan_text`` replaced by its masked form.

    Suspected ID numbers are masked too unless ``include_suspected=False``.
    """
    text = text or ""
    out: list[str] = []
    pos = 0
    for finding in scan_text(text, names):
        if finding.kind == "id_number_suspected" and not include_suspected:
            continue
        out.append(text[pos : finding.start])
        out.append(_mask_finding(finding))
        pos = finding.end
    out.append(text[pos:])
    return "".join(out)


def _mask_finding(finding: Finding) -> str:
    if finding.kind == "name":
        return mask_person_name(finding.text)
    if finding.kind in ("id_number", "id_number_suspected"):
        return mask_id_number(_ascii(finding.text).upper())
    if finding.kind == "mobile":
        return mask_phone(finding.text)
    return mask_bank_card(finding.text)
