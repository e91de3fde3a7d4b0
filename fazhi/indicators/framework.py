"""The indicator framework (《市县法治政府建设示范指标体系》, docs/indicators.md §示范指标体系) as data: loader and selectors.

A framework is one JSON file (``framework_data/*.json``; YAML too when PyYAML is installed)::

    {
      "format": "fazhi.framework/1",
      "code": "demonstration", "version": "2021",
      "title": "市县法治政府建设示范指标体系", "issuer": "中央全面依法治国委员会办公室",
      "published_on": null, "based_on": null, "notes": "…",
      "items": [
        {"number": "1", "level": 1, "title": "政府职能依法全面履行"},
        {"number": "1.1", "level": 2, "parent": "1", "title": "加大简政放权力度"},
        {"number": "6.2.2", "level": 3, "parent": "6.2", "title": "行政诉讼败诉率",
         "indicator_codes": ["litigation.loss_rate"], "target_text": "逐年下降", "comparator": "falling",
         "evidence_required": [], "text_status": "placeholder", "notes": "…"}
      ]
    }

Item keys: ``number``, ``level`` (1–3), ``title`` (required); ``parent`` (required for levels 2 and 3,
one level up), ``indicator_codes``, ``target_text``, ``target_value`` + ``comparator``
(``>= <= == > <`` need a value; ``rising`` / ``falling`` compare with the previous period and take
none), ``evidence_required`` (list of texts), ``text_status`` (official / excerpt / reconstructed /
placeholder), ``notes``. Unknown keys are refused, so a misspelt key never silently drops a target.

A provincial variant names its base (``"based_on": {"code": "demonstration", "version": "2021"}``,
already loaded); its items are the base's items plus its own: an item with a new number is added, an
item with a base item's number replaces it, and ``"remove": ["4.1.3"]`` drops base items. The
result is stored in full, so selectors need not know about variants. Reloading a base rebuilds its
variants from their stored files in the same transaction.

:func:`load_framework` validates everything before writing (all errors at once, in Chinese, naming
the item), then writes in one transaction: nothing is half-loaded. Reloading the same code +
version updates rows in place (item ids are kept by number), so it is idempotent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fazhi.indicators.models_framework import (
    TREND_COMPARATORS,
    Comparator,
    Framework,
    FrameworkItem,
    ItemLevel,
    TextStatus,
)

FORMAT = "fazhi.framework/1"
DATA_DIR = Path(__file__).parent / "framework_data"

HEADER_REQUIRED = ("code", "version", "title", "items")
HEADER_OPTIONAL = ("format", "issuer", "published_on", "based_on", "notes", "remove")
ITEM_REQUIRED = ("number", "level", "title")
ITEM_OPTIONAL = (
    "parent",
    "indicator_codes",
    "target_text",
    "target_value",
    "comparator",
    "evidence_required",
    "text_status",
    "notes",
)
ITEM_FIELDS = (
    "level",
    "title",
    "indicator_codes",
    "target_text",
    "target_value",
    "comparator",
    "evidence_required",
    "text_status",
    "notes",
    "inherited",
)

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
INDICATOR_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
DOTTED_RE = re.compile(r"^\d+(\.\d+)*$")
LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级"}


class FrameworkError(ValueError):
    """The file cannot be loaded; ``errors`` lists every problem found, in Chinese."""

    def __init__(self, errors: list[str], *, title: str = "指标体系数据有误，未载入任何内容："):
        self.errors = list(errors)
        self.message = title + "\n" + "\n".join(f"- {e}" for e in self.errors)
        super().__init__(self.message)


@dataclass
class LoadResult:
    framework: Framework
    created: bool
    items_created: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    items_deleted: int = 0
    warnings: list[str] = field(default_factory=list)
    variants_reloaded: list[Framework] = field(default_factory=list)

    @property
    def summary(self) -> str:
        fw = self.framework
        action = "新载入" if self.created else "已更新"
        return (
            f"{action}：{fw.title}（{fw.code} {fw.version}），共{self.items_created + self.items_updated + self.items_unchanged}项；"
            f"新增{self.items_created}项，修改{self.items_updated}项，未变{self.items_unchanged}项，删除{self.items_deleted}项。"
        )


# ---------------------------------------------------------------------------------------------------
# Reading and validation (no database writes)


def read_file(path: str | Path) -> dict:
    """Parse a framework file; a name without a path (``demonstration-2021``) means a shipped file."""
    p = Path(path)
    if not p.exists() and not p.suffix and (DATA_DIR / f"{p.name}.json").exists():
        p = DATA_DIR / f"{p.name}.json"
    if not p.exists():
        raise FrameworkError([f"找不到文件“{path}”。"], title="无法读取指标体系文件：")
    text = p.read_text(encoding="utf-8-sig")
    if p.suffix.lower() in {".yaml", ".yml"}:
        try:
            import yaml
        except ImportError:
            raise FrameworkError(
                ["读取 YAML 文件需要安装 PyYAML；请改用 JSON 格式（见 framework_data/ 中的示例）。"],
                title="无法读取指标体系文件：",
            ) from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise FrameworkError(
                [f"文件“{p.name}”不是有效的 YAML：{exc}"], title="无法读取指标体系文件："
            ) from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FrameworkError(
                [f"文件“{p.name}”不是有效的 JSON：第{exc.lineno}行第{exc.colno}列，{exc.msg}。"],
                title="无法读取指标体系文件：",
            ) from None
    if not isinstance(data, dict):
        raise FrameworkError(["文件顶层应为一个对象（{…}），包含 code、version、title、items。"])
    return data


def _item_label(index: int | None, number: Any, title: Any = "") -> str:
    short = f"“{str(title)[:16]}{'…' if len(str(title)) > 16 else ''}”" if title else ""
    where = f"第{index}项" if index is not None else "所依据版本的条目"
    return f"{where}（编号 {number}{'，' + short if short else ''}）" if number not in (None, "") else where


def _text(value: Any, errors: list[str], label: str, key: str, max_length: int | None = None) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(f"{label}：{key} 应为文字。")
        return ""
    value = value.strip()
    if max_length and len(value) > max_length:
        errors.append(f"{label}：{key} 超过 {max_length} 个字。")
    return value


def _check_keys(obj: dict, required: tuple, optional: tuple, label: str, errors: list[str]) -> None:
    unknown = [k for k in obj if k not in required and k not in optional]
    if unknown:
        allowed = "、".join((*required, *optional))
        errors.append(f"{label}：不认识的字段 {'、'.join(map(str, unknown))}（可用字段：{allowed}）。")
    missing = [k for k in required if obj.get(k) in (None, "")]
    if missing:
        errors.append(f"{label}：缺少必填字段 {'、'.join(missing)}。")


def _clean_item(raw: Any, index: int, errors: list[str]) -> dict | None:
    if not isinstance(raw, dict):
        errors.append(f"第{index}项：应为一个对象（{{…}}）。")
        return None
    number = raw.get("number")
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)
    label = _item_label(index, number, raw.get("title"))
    _check_keys(raw, ITEM_REQUIRED, ITEM_OPTIONAL, label, errors)
    item: dict[str, Any] = {"index": index, "label": label, "inherited": False}
    if number is not None and not isinstance(number, str):
        errors.append(f'{label}：编号应为文字，如 "1.2.3"。')
        number = None
    item["number"] = (number or "").strip()
    if len(item["number"]) > 32:
        errors.append(f"{label}：编号超过 32 个字符。")

    level = raw.get("level")
    if level is not None and (isinstance(level, bool) or level not in (1, 2, 3)):
        errors.append(f"{label}：层级“{level}”无效，应为 1（一级）、2（二级）或 3（三级）。")
        level = None
    item["level"] = level
    item["title"] = _text(raw.get("title"), errors, label, "title")

    parent = raw.get("parent")
    if isinstance(parent, int) and not isinstance(parent, bool):
        parent = str(parent)
    item["parent"] = _text(parent, errors, label, "parent") or None

    codes = raw.get("indicator_codes") or []
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        errors.append(f'{label}：indicator_codes 应为指标编码的列表，如 ["litigation.loss_rate"]。')
        codes = []
    codes = [c.strip() for c in codes]
    for code in codes:
        if not INDICATOR_CODE_RE.match(code):
            errors.append(f"{label}：指标编码“{code}”格式不对，应为“领域.名称”，如 litigation.loss_rate。")
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        errors.append(f"{label}：指标编码 {'、'.join(dupes)} 重复。")
    item["indicator_codes"] = list(dict.fromkeys(codes))

    item["target_text"] = _text(raw.get("target_text"), errors, label, "target_text", 200)
    value = raw.get("target_value")
    if value is None or value == "":
        item["target_value"] = None
    elif isinstance(value, bool) or not isinstance(value, int | float | str):
        errors.append(f"{label}：目标值“{value}”应为数字。")
        item["target_value"] = None
    else:
        try:
            number_value = Decimal(str(value).strip().rstrip("%"))
            if not number_value.is_finite():
                raise InvalidOperation
            number_value = number_value.quantize(Decimal("0.0001"))
            if abs(number_value) >= Decimal("1e8"):
                raise InvalidOperation
            item["target_value"] = number_value
        except InvalidOperation:
            errors.append(f"{label}：目标值“{value}”应为数字（百分比按百分数填写，100 即 100%）。")
            item["target_value"] = None

    comparator = _text(raw.get("comparator"), errors, label, "comparator")
    if comparator and comparator not in Comparator.values:
        options = "、".join(f"{c.value}（{c.label}）" for c in Comparator)
        errors.append(f"{label}：比较方式“{comparator}”无效，可用：{options}。")
        comparator = ""
    if comparator in TREND_COMPARATORS and item["target_value"] is not None:
        errors.append(f"{label}：比较方式“{Comparator(comparator).label}”与上年比较，不应填写目标值。")
    elif comparator and comparator not in TREND_COMPARATORS and item["target_value"] is None:
        errors.append(f"{label}：比较方式“{comparator}”需要填写目标值 target_value。")
    elif item["target_value"] is not None and not comparator:
        errors.append(f'{label}：填写了目标值，但没有填写比较方式 comparator（如 ">="）。')
    item["comparator"] = comparator

    evidence = raw.get("evidence_required") or []
    if isinstance(evidence, str):
        evidence = [evidence]
    if not isinstance(evidence, list) or not all(isinstance(e, str) and e.strip() for e in evidence):
        errors.append(f"{label}：evidence_required 应为佐证材料名称的列表。")
        evidence = []
    item["evidence_required"] = [e.strip() for e in evidence]

    status = raw.get("text_status") or TextStatus.OFFICIAL
    if status not in TextStatus.values:
        options = "、".join(f"{s.value}（{s.label}）" for s in TextStatus)
        errors.append(f"{label}：文本状态“{status}”无效，可用：{options}。")
        status = TextStatus.OFFICIAL
    item["text_status"] = str(status)
    item["notes"] = _text(raw.get("notes"), errors, label, "notes")
    return item


def _clean_header(data: dict, errors: list[str]) -> dict:
    _check_keys(data, HEADER_REQUIRED, HEADER_OPTIONAL, "文件", errors)
    header: dict[str, Any] = {}
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        errors.append(f"文件：格式“{fmt}”不受支持，应为“{FORMAT}”。")
    code = data.get("code")
    if code is not None and (not isinstance(code, str) or not CODE_RE.match(code) or len(code) > 64):
        errors.append(f"文件：体系代码“{code}”无效，只能用小写字母、数字、连字符和下划线，如 demonstration。")
    header["code"] = code if isinstance(code, str) else ""
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool):
        version = str(version)
    header["version"] = _text(version, errors, "文件", "version", 32)
    header["title"] = _text(data.get("title"), errors, "文件", "title", 200)
    header["issuer"] = _text(data.get("issuer"), errors, "文件", "issuer", 200)
    header["notes"] = _text(data.get("notes"), errors, "文件", "notes")
    published = data.get("published_on")
    header["published_on"] = None
    if published not in (None, ""):
        try:
            header["published_on"] = dt.date.fromisoformat(str(published))
        except ValueError:
            errors.append(
                f"文件：发布日期“{published}”格式不对，应为 2021-09-01；不知道具体日期请留空并在 notes 中说明。"
            )
    based_on = data.get("based_on")
    header["based_on"] = None
    if based_on not in (None, ""):
        if (
            not isinstance(based_on, dict)
            or set(based_on) != {"code", "version"}
            or not all(isinstance(v, str | int) for v in based_on.values())
        ):
            errors.append('文件：based_on 应写作 {"code": "demonstration", "version": "2021"}。')
        else:
            header["based_on"] = (str(based_on["code"]), str(based_on["version"]))
    remove = data.get("remove") or []
    if not isinstance(remove, list) or not all(isinstance(n, str | int) for n in remove):
        errors.append("文件：remove 应为要删除的条目编号列表。")
        remove = []
    if remove and not header["based_on"]:
        errors.append("文件：只有基于其他版本的变体（based_on）才能使用 remove。")
    header["remove"] = [str(n) for n in remove]
    return header


def _base_items(base: Framework) -> list[dict]:
    out = []
    for obj in base.items.select_related("parent").order_by("order"):
        item = {name: getattr(obj, name) for name in ITEM_FIELDS}
        item.update(
            number=obj.number,
            parent=obj.parent.number if obj.parent_id else None,
            indicator_codes=list(obj.indicator_codes),
            evidence_required=list(obj.evidence_required),
            inherited=True,
            index=None,
            label=_item_label(None, obj.number, obj.title),
        )
        out.append(item)
    return out


def _merge_variant(header: dict, items: list[dict], errors: list[str]) -> tuple[Framework | None, list[dict]]:
    """The variant's full item list: the base's items, replaced / removed / added to by the file."""
    base_code, base_version = header["based_on"]
    if (base_code, base_version) == (header["code"], header["version"]):
        errors.append("文件：based_on 不能指向本版本自身。")
        return None, items
    base = Framework.objects.filter(code=base_code, version=base_version).first()
    if base is None:
        errors.append(f"文件：所依据的版本“{base_code} {base_version}”尚未载入，请先载入该版本。")
        return None, items
    ancestor = base
    while ancestor is not None:
        if (ancestor.code, ancestor.version) == (header["code"], header["version"]):
            errors.append(f"文件：based_on 形成循环（{base_code} {base_version} 本身基于本版本）。")
            return None, items
        ancestor = ancestor.based_on
    merged = _base_items(base)
    positions = {item["number"]: i for i, item in enumerate(merged)}
    removed = set()
    for number in header["remove"]:
        if number not in positions:
            errors.append(f"文件：remove 中的编号 {number} 在所依据版本中不存在。")
        removed.add(number)
    for item in items:
        if item["number"] in removed:
            errors.append(f"{item['label']}：该编号同时列在 remove 中。")
        elif item["number"] in positions:
            merged[positions[item["number"]]] = item
        else:
            merged.append(item)
    for item in merged:
        if item["number"] not in removed and item["parent"] in removed:
            errors.append(
                f"{item['label']}：上级编号 {item['parent']} 已在 remove 中删除，请一并删除或改挂其他上级。"
            )
    return base, [item for item in merged if item["number"] not in removed]


def _check_structure(items: list[dict], errors: list[str]) -> None:
    seen: dict[str, dict] = {}
    for item in items:
        number = item["number"]
        if not number:
            continue
        if number in seen:
            first = seen[number]
            where = f"第{first['index']}项" if first["index"] is not None else "所依据版本"
            errors.append(f"{item['label']}：编号 {number} 重复（与{where}相同）；同一体系内编号必须唯一。")
        else:
            seen[number] = item
    for item in items:
        level, parent_number = item["level"], item["parent"]
        if level is None:
            continue
        if level == ItemLevel.FIRST:
            if parent_number:
                errors.append(f"{item['label']}：一级指标不应有上级（parent 应留空）。")
            continue
        if not parent_number:
            errors.append(f"{item['label']}：{LEVEL_NAMES[level]}指标必须填写上级编号 parent。")
            continue
        parent = seen.get(parent_number)
        if parent is None:
            errors.append(f"{item['label']}：上级编号 {parent_number} 不存在。")
            continue
        if parent["level"] is not None and parent["level"] != level - 1:
            errors.append(
                f"{item['label']}：上级 {parent_number} 是{LEVEL_NAMES[parent['level']]}指标，"
                f"{LEVEL_NAMES[level]}指标的上级应为{LEVEL_NAMES[level - 1]}指标。"
            )
        if DOTTED_RE.match(item["number"]) and DOTTED_RE.match(parent_number):
            if not item["number"].startswith(parent_number + "."):
                errors.append(f"{item['label']}：编号应以上级编号“{parent_number}.”开头。")


def _indicator_warnings(items: list[dict]) -> list[str]:
    """Codes not (yet) in the indicator registry: the framework may run ahead of the domains."""
    from fazhi.indicators import registry

    known = {i.code for i in registry.all_indicators()}
    out = []
    for item in items:
        for code in item["indicator_codes"]:
            if code not in known:
                out.append(f"{item['label']}：指标编码“{code}”尚未在指标登记表中登记。")
    return out


def _order(items: list[dict]) -> list[dict]:
    """Depth first: each item after its parent, siblings in file order (variant additions join their parent)."""
    children: dict[str | None, list[dict]] = {}
    for item in items:
        children.setdefault(item["parent"] if item["level"] != 1 else None, []).append(item)
    out: list[dict] = []

    def walk(parent: str | None) -> None:
        for item in children.get(parent, []):
            out.append(item)
            walk(item["number"])

    walk(None)
    return out


def validate(
    data: dict, *, strict_codes: bool = False
) -> tuple[dict, list[dict], Framework | None, list[str]]:
    """Check a parsed file; returns (header, effective items in order, base framework, warnings).

    Raises :class:`FrameworkError` listing every problem. Reads the database only to find the base
    of a variant.
    """
    errors: list[str] = []
    header = _clean_header(data, errors)
    raw_items = data.get("items")
    items: list[dict] = []
    if raw_items is not None and not isinstance(raw_items, list):
        errors.append("文件：items 应为条目列表。")
    elif raw_items is not None:
        if not raw_items and not header["based_on"]:
            errors.append("文件：items 为空。")
        for index, raw in enumerate(raw_items, start=1):
            item = _clean_item(raw, index, errors)
            if item is not None:
                items.append(item)
    base = None
    if header["based_on"] and not errors:
        base, items = _merge_variant(header, items, errors)
    if not (header["based_on"] and base is None):
        _check_structure(items, errors)
    if errors:
        raise FrameworkError(errors)
    warnings = _indicator_warnings(items)
    if strict_codes and warnings:
        raise FrameworkError(warnings)
    return header, _order(items), base, warnings


# ---------------------------------------------------------------------------------------------------
# Writing


def _write(header: dict, items: list[dict], base: Framework | None, data: dict) -> LoadResult:
    digest = hashlib.sha256(
        json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()
    fw, created = Framework.objects.get_or_create(
        code=header["code"], version=header["version"], defaults={"title": header["title"]}
    )
    fw.title = header["title"]
    fw.issuer = header["issuer"]
    fw.published_on = header["published_on"]
    fw.notes = header["notes"]
    fw.based_on = base
    fw.source = data
    fw.source_sha256 = digest
    fw.loaded_at = timezone.now()
    fw.save()
    result = LoadResult(framework=fw, created=created)

    existing = {obj.number: obj for obj in fw.items.all()}
    saved: dict[str, FrameworkItem] = {}
    order_of = {item["number"]: position for position, item in enumerate(items, start=1)}
    for level in (1, 2, 3):
        for item in (i for i in items if i["level"] == level):
            obj = existing.pop(item["number"], None)
            is_new = obj is None
            if is_new:
                obj = FrameworkItem(framework=fw, number=item["number"])
            parent = saved[item["parent"]] if level > 1 else None
            # A shift in position only (an item added or removed before it) is saved but not reported as a change.
            changed = is_new or obj.parent_id != (parent.pk if parent else None)
            for name in ITEM_FIELDS:
                if getattr(obj, name) != item[name]:
                    setattr(obj, name, item[name])
                    changed = True
            moved = obj.order != order_of[item["number"]]
            obj.parent = parent
            obj.order = order_of[item["number"]]
            if changed or moved:
                obj.save()
            if is_new:
                result.items_created += 1
            elif changed:
                result.items_updated += 1
            else:
                result.items_unchanged += 1
            saved[item["number"]] = obj
    if existing:
        # Deepest first, so no row is removed while a child still points at it.
        for obj in sorted(existing.values(), key=lambda o: -o.level):
            obj.delete()
        result.items_deleted = len(existing)
    return result


def _load(data: dict, *, strict_codes: bool, chain: tuple = ()) -> LoadResult:
    header, items, base, warnings = validate(data, strict_codes=strict_codes)
    result = _write(header, items, base, data)
    result.warnings = warnings
    key = (header["code"], header["version"])
    for variant in result.framework.variants.order_by("code", "version"):
        if (variant.code, variant.version) in chain:
            continue
        try:
            _load(variant.source, strict_codes=False, chain=(*chain, key))
        except FrameworkError as exc:
            raise FrameworkError(
                exc.errors,
                title=f"重新生成基于此版本的变体“{variant.title}（{variant.code} {variant.version}）”时出错，未载入任何内容：",
            ) from None
        result.variants_reloaded.append(variant)
    return result


def load_framework(source: str | Path | dict, *, strict_codes: bool = False, actor=None) -> LoadResult:
    """Validate and load one framework file (a path, a shipped file's name, or parsed data), atomically.

    ``strict_codes`` refuses indicator codes missing from the registry (by default they are warnings:
    a framework may link indicators a domain has not declared yet).
    """
    from fazhi.core.audit.services import record

    data = source if isinstance(source, dict) else read_file(source)
    with transaction.atomic():
        result = _load(data, strict_codes=strict_codes)
        fw = result.framework
        record(
            "indicators.framework.load",
            obj=fw,
            user=actor,
            detail={
                "code": fw.code,
                "version": fw.version,
                "sha256": fw.source_sha256,
                "created": result.items_created,
                "updated": result.items_updated,
                "deleted": result.items_deleted,
                "variants": [f"{v.code} {v.version}" for v in result.variants_reloaded],
            },
        )
    return result


def shipped_files() -> list[Path]:
    """The data files shipped with Fazhi, national versions before the variants based on them."""
    files = sorted(DATA_DIR.glob("*.json"))
    return sorted(files, key=lambda p: bool(json.loads(p.read_text(encoding="utf-8")).get("based_on")))


# ---------------------------------------------------------------------------------------------------
# Selectors


def frameworks() -> QuerySet[Framework]:
    return Framework.objects.select_related("based_on").order_by("code", "version")


def get_framework(version: str, code: str | None = None) -> Framework:
    """One framework by version (and code when several share the version); Chinese LookupError otherwise."""
    qs = frameworks().filter(version=version)
    if code:
        qs = qs.filter(code=code)
    found = list(qs[:10])
    if not found:
        raise LookupError(f"没有版本为“{version}”{f'、代码为“{code}”' if code else ''}的指标体系。")
    if len(found) > 1:
        options = "、".join(f.code for f in found)
        raise LookupError(f"版本“{version}”有多个指标体系（{options}），请用 --code 指明。")
    return found[0]


def items(framework: Framework, *, level: int | None = None) -> QuerySet[FrameworkItem]:
    qs = framework.items.select_related("parent").order_by("order")
    return qs.filter(level=level) if level else qs


@dataclass
class Node:
    item: FrameworkItem
    children: list[Node] = field(default_factory=list)


def tree(framework: Framework) -> list[Node]:
    """The 一级 nodes, each with its 二级 and 三级 descendants, in document order (one query)."""
    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for obj in items(framework):
        node = nodes[obj.pk] = Node(obj)
        if obj.parent_id is None:
            roots.append(node)
        else:
            nodes[obj.parent_id].children.append(node)
    return roots


def items_for_indicator(code: str, framework: Framework | None = None) -> list[FrameworkItem]:
    """Framework items measured by the platform indicator ``code`` (all frameworks unless one is given).

    Filtered in Python: JSON ``contains`` is not available on SQLite, and a framework has ~100 items.
    """
    qs = FrameworkItem.objects.select_related("framework", "parent").exclude(indicator_codes=[])
    if framework is not None:
        qs = qs.filter(framework=framework)
    return [
        obj
        for obj in qs.order_by("framework__code", "framework__version", "order")
        if code in obj.indicator_codes
    ]


def linked_codes(framework: Framework) -> dict[str, list[FrameworkItem]]:
    """indicator code → the items of ``framework`` linked to it, in document order."""
    out: dict[str, list[FrameworkItem]] = {}
    for obj in items(framework).exclude(indicator_codes=[]):
        for code in obj.indicator_codes:
            out.setdefault(code, []).append(obj)
    return out
