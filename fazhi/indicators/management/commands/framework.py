"""``fazhi framework``: the 示范指标体系 as data (docs/indicators.md §示范指标体系).

fazhi framework load FILE [--strict]      validate and load (or reload) a framework file atomically
fazhi framework load --shipped            load every file shipped in fazhi/indicators/framework_data/
fazhi framework check FILE                validate only, write nothing
fazhi framework list                      every loaded framework
fazhi framework show VERSION [--code C] [--indicator CODE]   the item tree (or the items linked to CODE)

FILE may be a path or the name of a shipped file (``demonstration-2021``).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.indicators import framework as fw
from fazhi.indicators.models_framework import ItemLevel, TextStatus

MARKS = {
    TextStatus.OFFICIAL: "",
    TextStatus.EXCERPT: "〔摘录待核〕",
    TextStatus.RECONSTRUCTED: "〔重构待核〕",
    TextStatus.PLACEHOLDER: "〔占位〕",
}


class Command(BaseCommand):
    help = "法治政府建设示范指标体系：载入、校验、查看指标体系数据文件。"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="校验并载入（或重新载入）指标体系文件")
        load.add_argument("file", nargs="?", help="文件路径，或随附文件名如 demonstration-2021")
        load.add_argument("--shipped", action="store_true", help="载入随附的全部指标体系文件")
        load.add_argument("--strict", action="store_true", help="关联的指标编码未登记时拒绝载入")
        check = sub.add_parser("check", help="只校验文件，不写入")
        check.add_argument("file")
        check.add_argument("--strict", action="store_true")
        sub.add_parser("list", help="列出已载入的指标体系")
        show = sub.add_parser("show", help="显示指标体系的条目")
        show.add_argument("version", help="版本，如 2021")
        show.add_argument("--code", help="同一版本有多个体系时指明体系代码")
        show.add_argument("--indicator", help="只显示关联该平台指标编码的条目")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"do_{action}")(**options)

    def _report(self, result: fw.LoadResult) -> None:
        self.stdout.write(result.summary)
        for variant in result.variants_reloaded:
            self.stdout.write(f"已据新版本重新生成变体：{variant.title}（{variant.code} {variant.version}）")
        for warning in result.warnings:
            self.stderr.write(f"提示：{warning}")

    def do_load(self, *, file: str | None, shipped: bool, strict: bool, **_) -> None:
        if bool(file) == bool(shipped):
            raise CommandError("请给出一个文件，或使用 --shipped 载入随附文件（二者选一）。")
        paths = fw.shipped_files() if shipped else [file]
        try:
            with transaction.atomic():
                results = [fw.load_framework(path, strict_codes=strict) for path in paths]
        except fw.FrameworkError as exc:
            raise CommandError(exc.message) from None
        for result in results:
            self._report(result)

    def do_check(self, *, file: str, strict: bool, **_) -> None:
        try:
            header, items, _base, warnings = fw.validate(fw.read_file(file), strict_codes=strict)
        except fw.FrameworkError as exc:
            raise CommandError(exc.message) from None
        counts = "，".join(
            f"{label}{sum(1 for i in items if i['level'] == level)}个" for level, label in ItemLevel.choices
        )
        for warning in warnings:
            self.stderr.write(f"提示：{warning}")
        self.stdout.write(
            f"校验通过：{header['title']}（{header['code']} {header['version']}），{counts}。未写入。"
        )

    def do_list(self, **_) -> None:
        rows = list(fw.frameworks())
        if not rows:
            self.stdout.write("尚未载入任何指标体系。可执行：fazhi framework load --shipped")
            return
        for f in rows:
            counts = "/".join(str(f.items.filter(level=level).count()) for level in ItemLevel.values)
            base = f"，基于 {f.based_on.code} {f.based_on.version}" if f.based_on_id else ""
            loaded = f.loaded_at.strftime("%Y-%m-%d %H:%M") if f.loaded_at else "—"
            self.stdout.write(
                f"{f.code}\t{f.version}\t{f.title}（一级/二级/三级 {counts}{base}；载入 {loaded}）"
            )

    def do_show(self, *, version: str, code: str | None, indicator: str | None, **_) -> None:
        try:
            framework = fw.get_framework(version, code)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(framework))
        if framework.based_on_id:
            self.stdout.write(f"基于：{framework.based_on}")
        if indicator:
            found = fw.items_for_indicator(indicator, framework)
            if not found:
                self.stdout.write(f"没有条目关联指标“{indicator}”。")
            for item in found:
                self._line(item, indent=0)
            return
        for node in fw.tree(framework):
            self._node(node, 0)

    def _node(self, node: fw.Node, depth: int) -> None:
        self._line(node.item, depth)
        for child in node.children:
            self._node(child, depth + 1)

    def _line(self, item, indent: int) -> None:
        parts = [f"{'  ' * indent}{item.number} {item.title}{MARKS[TextStatus(item.text_status)]}"]
        if not item.inherited and item.framework.based_on_id:
            parts.append("【本版本新增或修改】")
        if item.target_display:
            parts.append(f"目标：{item.target_display}")
        if item.indicator_codes:
            parts.append(f"指标：{'、'.join(item.indicator_codes)}")
        if item.evidence_required:
            parts.append(f"佐证：{'、'.join(item.evidence_required)}")
        self.stdout.write("  ".join(parts))
