"""``fazhi startdomain <name> [--title 中文名] [--dir DIR]``: scaffold a domain app of declarations
only (models, procedure, pages, API, indicators, import, demo, tests), make its migrations and print
what to fill in (docs/howto/add-a-domain.md). Nothing central needs an edit afterwards."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import registry
from fazhi.core.kit import scaffold


class Command(BaseCommand):
    help = "新建一个业务领域（只含声明的应用），生成迁移，并列出需要填写的内容。"

    def add_arguments(self, parser):
        parser.add_argument("name", help="领域名称（英文标识符），如 enforcement")
        parser.add_argument("--title", default="", help="中文名称，如 行政执法（默认：待命名事项）")
        parser.add_argument(
            "--dir", default=str(scaffold.PROJECT), help="项目目录（包含 fazhi/ 和 tests/ 的目录）"
        )

    def handle(self, *args, name: str, title: str, dir: str, **options):
        root = Path(dir).resolve()
        if not (root / "fazhi").is_dir():
            raise CommandError(f"“{root}”不是项目目录（其中没有 fazhi/）。")
        taken = {c.label for c in apps.get_app_configs()} | {
            c.name.rsplit(".", 1)[-1] for c in apps.get_app_configs()
        }
        try:
            scaffold.check_name(name, root=root, taken=taken, declared=available_names(taken))
        except scaffold.ScaffoldRefused as exc:
            raise CommandError(exc.message) from None
        names = scaffold.Names(label=name, title=title.strip() or "待命名事项")
        for path in scaffold.write(names, root=root):
            self.stdout.write(f"已写入 {path.relative_to(root)}")
        made = scaffold.make_migrations(names, root=root)
        if made.returncode != 0:
            raise CommandError(f"生成迁移失败：\n{made.stdout}{made.stderr}")
        self.stdout.write(made.stdout.strip())
        self.stdout.write(self.style.SUCCESS(f"已新建领域“{names.title}”（fazhi/{name}）。待办："))
        for item in scaffold.checklist(names):
            self.stdout.write(f"  - {item}")


def available_names(taken: set[str]) -> dict[str, str]:
    """What a new domain may not be named: every declared name, except a domain code the figure
    catalogue reserves for a domain not built yet (行政执法, 人民调解 …: fazhi.indicators.catalogue) —
    the app that records the matter takes that code over, and its figures become computed."""
    declared = registry.declared_names()
    for domain in registry.DOMAINS.values():
        if domain.code not in taken and declared.get(domain.code) == registry.DOMAINS.what:
            del declared[domain.code]
    return declared
