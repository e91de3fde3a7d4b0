"""The national list of administrative divisions, shipped with Fazhi (no network at run time).

``divisions-2022.csv.gz`` holds every province, prefecture, county and township with its code and
name: GB/T 2260 codes for the first three levels (6 digits), the 9-digit 统计用区划代码 prefix for
townships. Its header lines (``#``) name the source and date; :data:`SOURCE` reads them back so
screens and docs show the same words. ``fazhi setup --region CODE`` (and the first-run page
``/setup/``) install the chain above a government's region and the towns below it
(:func:`install`); nothing else reads the file.

Updating the list: docs/howto/regions.md.
"""

from __future__ import annotations

import csv
import gzip
import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("divisions-2022.csv.gz")
LEVELS = ("province", "prefecture", "county", "township")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | prefecture | county | township (fazhi.core.models.RegionLevel)
    parent: str  # "" for a province


class UnknownDivision(LookupError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@cache
def _read() -> tuple[str, dict[str, Division]]:
    text = gzip.decompress(DATA_FILE.read_bytes()).decode("utf-8")
    header = [line[1:].strip() for line in text.splitlines() if line.startswith("#")]
    body = io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))
    divisions = {row["code"]: Division(**row) for row in csv.DictReader(body)}
    return "\n".join(header), divisions


def divisions() -> dict[str, Division]:
    return _read()[1]


def source() -> str:
    """The data file's own header: what the list is, where it comes from and as of when."""
    return _read()[0]


def get(code: str) -> Division:
    """The division with this code, or :class:`UnknownDivision` with what to do instead."""
    key = unicodedata.normalize("NFKC", code or "").strip()
    found = divisions().get(key)
    if found is not None:
        return found
    if not key.isdigit() or len(key) not in (6, 9):
        raise UnknownDivision(key, f"“{code}”不是行政区划代码：应为6位数字（如 450206），乡镇街道为9位。")
    near = [d for d in divisions().values() if d.code.startswith(key[:4]) and d.level == "county"][:8]
    hint = "；该市下的区县有：" + "、".join(f"{d.code} {d.name}" for d in near) if near else ""
    raise UnknownDivision(key, f"全国行政区划代码表（2022年）中没有“{key}”{hint}。")


def chain(code: str) -> list[Division]:
    """The division and every division above it, the province first."""
    out = [get(code)]
    while out[0].parent:
        out.insert(0, get(out[0].parent))
    return out


@cache
def _children() -> dict[str, list[Division]]:
    out: dict[str, list[Division]] = {}
    for d in sorted(divisions().values(), key=lambda d: d.code):
        out.setdefault(d.parent, []).append(d)
    return out


def children(code: str) -> list[Division]:
    return list(_children().get(code, []))


def descendants(code: str, *, towns: bool = True) -> list[Division]:
    """Every division below ``code``, each after its parent (townships only with ``towns``)."""
    out, stack = [], [code]
    while stack:
        for kid in children(stack.pop(0)):
            if kid.level == "township" and not towns:
                continue
            out.append(kid)
            stack.append(kid.code)
    return out


def search(text: str, limit: int = 20) -> list[Division]:
    """Divisions at county level or above whose code starts with ``text`` or whose name (or the name
    of a division above it) contains it — for choosing a government by code or by name."""
    key = unicodedata.normalize("NFKC", text or "").strip()
    if not key:
        return []
    found = []
    for d in divisions().values():
        if d.level == "township":
            continue
        if d.code.startswith(key) or key in d.name:
            found.append(d)
    found.sort(key=lambda d: (LEVELS.index(d.level), d.code))
    return found[:limit]


def full_name(code: str) -> str:
    """“广西壮族自治区柳州市柳江区”: the names of the chain, the municipal “市辖区” left out."""
    return "".join(d.name for d in chain(code) if d.name not in ("市辖区", "县"))


@dataclass(frozen=True)
class Installed:
    region: Division
    created: int  # regions added to the database (the chain and the towns)
    existing: int  # already there, left unchanged
    towns: int
    below: int  # divisions below the region (its counties, towns …)


def install(code: str, *, towns: bool = True) -> Installed:
    """Write the chain above ``code``, ``code`` itself and every division below it (townships only
    with ``towns``) into :class:`fazhi.core.models.Region`; rows already present are left unchanged."""
    from fazhi.core.models import Region

    rows = chain(code)
    below = descendants(rows[-1].code, towns=towns)
    wanted = rows + below
    have = set(Region.objects.filter(code__in=[d.code for d in wanted]).values_list("code", flat=True))
    new = [d for d in wanted if d.code not in have]
    # Parents come first (the chain in order, each division after its parent).
    Region.objects.bulk_create(
        [Region(code=d.code, name=d.name, level=d.level, parent_id=d.parent or None) for d in new],
        batch_size=1000,
    )
    town_count = sum(1 for d in below if d.level == "township")
    return Installed(rows[-1], len(new), len(have), town_count, len(below))


def known_codes_hint(limit: int = 12) -> str:
    """For an error about an unknown 区划代码: which codes are in the database, and what to run."""
    from fazhi.core.models import Region

    codes = list(Region.objects.order_by("code").values_list("code", "name")[: limit + 1])
    if not codes:
        return "系统中还没有任何行政区划，请先运行 `fazhi setup --region 本级区划代码`（或首次打开 /setup/ 页面）设置本级政府。"
    shown = "、".join(f"{c} {n}" for c, n in codes[:limit]) + ("等" if len(codes) > limit else "")
    return f"系统中已有的区划：{shown}；其他区划请运行 `fazhi setup --region 区划代码` 添加。"
