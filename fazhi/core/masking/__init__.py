"""Masking personal data for publication (issue #2 item 9; docs/security.md 11; docs/statutes.md §证件号码校验).

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

``scan_text`` finds personal data in free text; ``redact_text`` replaces it. Matching runs on
normalised views of the text (issue 10 item 3; docs/security.md 47): digits in any script — ASCII,
full-width, Chinese 〇一二…九 / 壹贰…玖 / 幺 — and separators between digit groups (spaces of any
width, ``-`` ``.`` ``/`` ``,`` brackets, invisible characters) are read as one number; names are
matched with spaces, dots and invisible characters ignored. Each finding is a span of the *original*
text, so masking replaces exactly that span and leaves the rest as written.

- ``id_number``: 18 characters (17 digits + digit/X) with a valid birth date and check digit, in any
  grouping ("4501 2319 9001 0112 33").
- ``id_number_suspected``: the same shape failing the check (typo, OCR error), or a 15-digit
  first-generation number. Masked too by default: a mistyped ID number is still somebody's. Digit
  strings that are valid 统一社会信用代码 are left alone (organisations, published on purpose).
- ``mobile``: 1[3-9] + 9 digits, optionally after 86/0086, in any grouping ("139.1234.5678",
  "一三九一二三四五六七八").
- ``landline``: 区号 (0 + 2–3 digits) and 7–8 digits.
- ``bank_card``: 16–19 digits passing the Luhn check. A single unbroken run longer than any of these
  (a serial) is not split into pieces.
- ``name``: each given party name in every form — with spaces or dots inside ("欧阳 娜娜"), and the
  given name alone when it has two characters or more ("娜娜" → "某某").
- ``name_other``: a person who is not a party, found after a word that introduces a person (证人,
  邻居, 委托代理人, 法定代表人 …) as a common surname + one or two characters → "王某".
- ``address``: the street part of an address — road, lane, estate or village and a house, building
  or room number ("柳南路88号3栋201室" → "***"); the administrative part before it stays.
- ``known``: values the caller knows to be personal data (a party's address or phone as stored).

No scanner finds every name of every person in free text; that is why every publication is held for
a reviewer who approves the masked preview (:mod:`fazhi.core.publication.services`).
"""

from __future__ import annotations

import re
import unicodedata
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
#
# Personal data is written in many forms (issue 10 item 3): an ID number in groups of four, with "-"
# or "." between the groups, in full-width or Chinese digits ("一三九…"), a name with a space inside
# ("欧阳 娜娜"). The scanner therefore matches on *normalised views* of the text — digits read as
# ASCII, separators between them dropped, invisible characters ignored — each character of a view
# remembering where it came from, so that every finding is a span of the original text and masking
# replaces exactly that span: the rest of the text stays as written.


@dataclass(frozen=True)
class Finding:
    kind: str  # id_number, id_number_suspected, mobile, landline, bank_card, name, name_other, address, known
    start: int
    end: int
    text: str
    masked: str = ""  # what replaces ``text`` in the public version

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


_PRIORITY = {
    "name": 0,
    "id_number": 1,
    "bank_card": 2,
    "mobile": 3,
    "landline": 4,
    "known": 5,
    "id_number_suspected": 6,
    "name_other": 7,
    "address": 8,
}

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_FULLWIDTH.update({0xFF0B: ord("+"), 0xFF0D: ord("-"), 0x3000: ord(" ")})

# Every way a digit is written: ASCII, full-width, Chinese (小写、大写, 幺 for 1 as read out on the
# phone, ○ for 〇) — "一三九一二三四五六七八" is a mobile number.
_DIGITS = {str(d): str(d) for d in range(10)}
_DIGITS.update({chr(0xFF10 + d): str(d) for d in range(10)})
for _chars in ("〇一二三四五六七八九", "零壹贰叁肆伍陆柒捌玖", "○幺"):
    for _i, _ch in enumerate(_chars):
        _DIGITS.setdefault(_ch, str(_i) if _chars != "○幺" else "01"[_i])
# Between two digits of one number: spaces (any width), hyphens and dashes, dots, slashes, commas,
# brackets and plus signs. At most _MAX_GAP of them in a row.
_SEPARATORS = frozenset(" \t\u00a0\u3000-－‐‑‒–—―_.．。·・•/／,，、()（）+＋~～:：")
# Invisible characters: ignored wherever they are (not even a separator).
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
_MAX_GAP = 3
_X = frozenset("Xx\uff38\uff58")


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


# --- numbers -------------------------------------------------------------------------------------


@dataclass
class _Group:
    """Digits written together in one script (no separator between them), with their offsets in the
    text. A change of script starts a new group: "13912345678一直…" is a phone number followed by 一."""

    digits: str
    positions: list[int]
    han: bool = False


def _digit_runs(text: str) -> list[list[_Group]]:
    """Runs of digit groups: digits in any script, groups joined by at most _MAX_GAP separators."""
    runs: list[list[_Group]] = []
    run: list[_Group] = []
    group: _Group | None = None
    gap = 0
    i = 0
    while i < len(text):
        ch = text[i]
        digit = _DIGITS.get(ch)
        if digit is None and ch in _X and group is not None and sum(len(g.digits) for g in run) == 17:
            digit = "X"  # the check character of an ID number ends it
        if digit is not None:
            han = not ("0" <= ch <= "9" or "\uff10" <= ch <= "\uff19" or ch in _X)
            if group is None or group.han != han:
                group = _Group("", [], han)
                run.append(group)
            group.digits += digit
            group.positions.append(i)
            gap = 0
        elif ch in _INVISIBLE:
            pass
        elif ch in _SEPARATORS and run and gap < _MAX_GAP:
            group = None
            gap += 1
        else:
            if run:
                runs.append(run)
            run, group, gap = [], None, 0
        i += 1
    if run:
        runs.append(run)
    return runs


def _classify(digits: str, groups: int) -> str | None:
    """What a number written as ``digits`` (in ``groups`` groups) is, if it is personal data."""
    n = len(digits)
    if n == 18 and digits[:17].isdigit():
        if is_valid_id_number(digits):
            return "id_number"
        if digits.isdigit() and is_valid_uscc(digits):
            return None  # an all-digit 统一社会信用代码: public by design
        if digits.isdigit() and luhn_ok(digits):
            return "bank_card"
        return "id_number_suspected"
    if not digits.isdigit():
        return None
    if re.fullmatch(r"(?:0{0,2}86)?1[3-9][0-9]{9}", digits):
        return "mobile"
    if 16 <= n <= 19 and luhn_ok(digits):
        return "bank_card"
    if n == 15 and re.fullmatch(
        r"[1-9][0-9]{5}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}", digits
    ):
        return "id_number_suspected"  # a first-generation (15-digit) ID number
    if digits[0] == "0" and (10 <= n <= 12) and (groups >= 2 or n >= 11):
        return "landline"  # 区号 + 7–8 digits
    return None


def _mask_number(kind: str, digits: str) -> str:
    if kind in ("id_number", "id_number_suspected"):
        return _keep(digits.upper(), 1, 1)
    if kind == "mobile":
        return mask_phone(digits)
    if kind == "bank_card":
        return mask_bank_card(digits)
    return _keep(digits, 0, 2)


def _number_findings(text: str) -> list[Finding]:
    found = []
    for run in _digit_runs(text):
        for i in range(len(run)):
            digits = ""
            for j in range(i, len(run)):
                digits += run[j].digits
                if len(digits) > 22:
                    break
                kind = _classify(digits, j - i + 1)
                if kind is None:
                    continue
                start, end = run[i].positions[0], run[j].positions[-1] + 1
                found.append(Finding(kind, start, end, text[start:end], _mask_number(kind, digits)))
    return found


# --- names ---------------------------------------------------------------------------------------

# Characters a name may be written with between its characters ("欧阳 娜娜", "张·三", "张\u200b三").
_NAME_GAPS = frozenset(" \t\u00a0\u3000·・•.．_-－/") | _INVISIBLE


def _compact(text: str) -> tuple[str, list[int]]:
    """``text`` without name gaps, and the offset in ``text`` of each character kept."""
    kept, where = [], []
    for i, ch in enumerate(text):
        if ch in _NAME_GAPS:
            continue
        kept.append(ch)
        where.append(i)
    return "".join(kept), where


def compact_name(name: str) -> str:
    """A name without spaces, dots or invisible characters: "欧阳 娜娜" → "欧阳娜娜"."""
    return _compact(unicodedata.normalize("NFKC", name or ""))[0]


def given_name(name: str) -> str:
    name = compact_name(name)
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[2:]
    return name[1:]


def _name_forms(names) -> list[tuple[str, str]]:
    """(form, masked) for every party name: the whole name, and the given name alone when it has at
    least two characters ("娜娜称…" names 欧阳娜娜 to anyone who knows her)."""
    forms: dict[str, str] = {}
    for raw in names:
        name = compact_name(raw)
        if not name:
            continue
        forms.setdefault(name, mask_person_name(name))
        given = given_name(name)
        if len(given) >= 2 and not _is_han_number(given):
            forms.setdefault(given, "某某")
    return sorted(forms.items(), key=lambda item: len(item[0]), reverse=True)


def _is_han_number(text: str) -> bool:
    return all(ch in _DIGITS for ch in text)


def _name_findings(text: str, names, known) -> list[Finding]:
    view, where = _compact(text)
    found = []
    for form, masked in _name_forms(names):
        for m in re.finditer(re.escape(form), view):
            start, end = where[m.start()], where[m.end() - 1] + 1
            found.append(Finding("name", start, end, text[start:end], masked))
    # Values the caller knows to be personal data (a party's address or phone as stored), looked for
    # with the same tolerance for spaces.
    for value in sorted({compact_name(v) for v in known if v}, key=len, reverse=True):
        if len(value) < 4:
            continue
        for m in re.finditer(re.escape(value), view):
            start, end = where[m.start()], where[m.end() - 1] + 1
            found.append(Finding("known", start, end, text[start:end], mask_address(value)))
    return found


# Single-character surnames (the commonest, covering the great majority of people) for names of
# people who are *not* parties, found after a word that introduces a person ("证人王小明称…").
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴"
)
_PERSON_WORDS = (
    "证人|见证人|委托代理人|诉讼代理人|代理人|法定代理人|法定代表人|负责人|经办人|执法人员|工作人员|"
    "村民|居民|邻居|妻子|丈夫|其妻|其夫|之妻|之夫|父亲|母亲|其父|其母|儿子|女儿|其子|其女|之子|之女|"
    "同事|朋友|户主|承租人|出租人|房东|租户|联系人|姓名|名叫|名为|叫做|案外人|业主|股东|员工|工人|司机|"
    "医生|老师|律师|雇员|村干部|组长|村长|支书|主任|网格员|举报人|投诉人|受害人|被害人"
)
_STOP = frozenset(
    "称说讲于在向的地得和与及是系因将对曾已未也都等到从把被了过着、，。；：:,.;！？!?（）()“”\"'《》某之其他她它们"
)
# Characters that end the name of a place or a body: a word after 证人 etc. holding one of them within
# three characters of its "surname" is not a person's name.
_PLACE_OR_BODY = frozenset("市县区省州镇乡村局委厅司院所队")
_TITLES = ("先生", "女士", "同志", "律师", "老师", "师傅", "医生", "经理", "主任", "书记", "村长", "组长")
_OTHER_NAME_RE = re.compile(
    r"(?:"
    + _PERSON_WORDS
    + r")[\s：:为是叫]*(?P<name>(?:"
    + "|".join(sorted(COMPOUND_SURNAMES))
    + r"|["
    + "".join(sorted(SURNAMES))
    + r"])[\u4e00-\u9fff]{1,2})"
)


def _other_name_findings(text: str) -> list[Finding]:
    view, where = _compact(text)
    found = []
    for m in _OTHER_NAME_RE.finditer(view):
        name = m.group("name")
        surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
        after = m.start("name") + len(surname)
        if any(ch in _PLACE_OR_BODY for ch in view[after : after + 3]):
            continue  # "柳州市…", "黄山区…", "江南局…": a place or a body, not a person
        given = ""
        pos = m.start("name") + len(surname)
        for ch in name[len(surname) :]:
            if ch in _STOP or view.startswith(_TITLES, pos):
                break
            given += ch
            pos += 1
        if not given or given.startswith("某"):
            continue
        s, e = m.start("name"), m.start("name") + len(surname) + len(given)
        start, end = where[s], where[e - 1] + 1
        found.append(Finding("name_other", start, end, text[start:end], surname + "某"))
    return found


# --- addresses -----------------------------------------------------------------------------------

_NUM = r"[0-9０-９〇零一二三四五六七八九十百两○]+"
_ADDRESS_RE = re.compile(
    r"[^\s\d０-９，。；、,.;:：（）()“”\"《》市区县省镇乡在住于的是和与及到从向]{1,12}?"
    r"(?:大道|大街|路|街|巷|弄|胡同|小区|花园|公寓|大厦|广场|苑|村|屯|组|社区|新村|里)"
    r"[东南西北中段端侧口内外]{0,3}\s*"
    + _NUM
    + r"(?:\s*[-－—]\s*"
    + _NUM
    + r")?\s*(?:号楼|号院|号|栋|幢|座|单元|楼|层|室|组|队|户|弄|巷)"
    r"(?:\s*[-－—]?\s*" + _NUM + r"\s*(?:号楼|号|栋|幢|座|单元|楼|层|室|组|户|队)?)*"
)


def _address_findings(text: str) -> list[Finding]:
    """The street part of an address — a road, lane, estate or village followed by a house, building,
    unit or room number — masked as "***" (what :func:`mask_address` drops)."""
    plain = _ascii(text)
    return [
        Finding("address", m.start(), m.end(), text[m.start() : m.end()], ADDRESS_MASK)
        for m in _ADDRESS_RE.finditer(plain)
    ]


# --- scanning ------------------------------------------------------------------------------------


def scan_text(
    text: str,
    names: list[str] | tuple[str, ...] = (),
    *,
    known: list[str] | tuple[str, ...] = (),
) -> list[Finding]:
    """Personal data in ``text``, as non-overlapping findings in order of position.

    ``names``: the natural persons among the parties, found in every form (spaces, dots or invisible
    characters inside, the given name alone). ``known``: values the caller knows to be personal data
    (addresses, phones as stored), found with the same tolerance."""
    text = text or ""
    candidates = [
        *_name_findings(text, names, known),
        *_number_findings(text),
        *_other_name_findings(text),
        *_address_findings(text),
    ]
    # Keep the strongest finding where two overlap: party names, proven IDs, cards, phones, known
    # values, suspects, other names, addresses; among equals the longer one.
    candidates.sort(key=lambda f: (_PRIORITY[f.kind], -(f.end - f.start), f.start))
    chosen: list[Finding] = []
    for finding in candidates:
        if all(finding.end <= other.start or finding.start >= other.end for other in chosen):
            chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)


def redact_text(
    text: str,
    names: list[str] | tuple[str, ...] = (),
    *,
    include_suspected: bool = True,
    known: list[str] | tuple[str, ...] = (),
) -> str:
    """``text`` with every finding of ``scan_text`` replaced by its masked form; everything else as
    written. Suspected ID numbers are masked too unless ``include_suspected=False``."""
    text = text or ""
    out: list[str] = []
    pos = 0
    for finding in scan_text(text, names, known=known):
        if finding.kind == "id_number_suspected" and not include_suspected:
            continue
        out.append(text[pos : finding.start])
        out.append(finding.masked)
        pos = finding.end
    out.append(text[pos:])
    return "".join(out)


def looks_like_organisation(name: str) -> bool:
    """Whether ``name`` names an organ or organisation (ends like 局, 委员会, 人民政府, 公司 …) rather
    than, possibly, a natural person."""
    name = compact_name(name)
    return bool(re.search(_ORG_SUFFIX, name)) or len(name) > 6


_ORG_SUFFIX = (
    r"(?:局|厅|委|委员会|办|办公室|政府|中心|所|站|队|院|公司|集团|处|科|部|会|社|行|厂|店|馆|机关|机构|"
    r"街道|管委会|监狱|学校|医院|银行|合作社|法院|检察院|公安|署|台|团|室|组织|联合会|协会|基金会)$"
)
