"""``fazhi import``: Excel templates and imports from the command line.

    fazhi import --list
    fazhi import --template organisations -o 单位导入模板.xlsx
    fazhi import organisations 单位.xlsx [--actor sysadmin]
    fazhi import reconsideration 复议案件.xlsx --actor fuyi   (historical cases need an actor)
    fazhi import staff 人员.xlsx [--credentials-out 初始密码.xlsx]

An import is all or nothing: on any bad row every error is printed, nothing is imported and the
command exits with status 1.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import excel


class Command(BaseCommand):
    help = "从Excel导入单位、工作人员等数据，或生成导入模板。"

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", help="导入类型，如 organisations、staff")
        parser.add_argument("file", nargs="?", help="要导入的 .xlsx 文件")
        parser.add_argument("--template", metavar="KIND", help="生成该类型的导入模板")
        parser.add_argument("-o", "--output", help="模板保存路径（默认：<类型>导入模板.xlsx）")
        parser.add_argument("--list", action="store_true", help="列出可导入的类型")
        parser.add_argument(
            "--actor", help="操作人用户名：记入审计日志；导入历史案件时必填（记入各案件的办理记录）"
        )
        parser.add_argument(
            "--credentials-out",
            help="把新账号的初始密码另存为 .xlsx（仅本人可读）；不指定则只在屏幕上显示一次",
        )

    def handle(self, *args, **options):
        try:
            if options["list"]:
                for kind in excel.all_kinds():
                    self.stdout.write(f"{kind.name}\t{kind.title}\t{kind.description}")
                return
            if options["template"]:
                return self._template(options["template"], options["output"])
            if not options["kind"] or not options["file"]:
                raise CommandError(
                    "用法：fazhi import <类型> <文件.xlsx>，或 fazhi import --template <类型> -o <文件>"
                )
            return self._import(options)
        except excel.UnknownKind as exc:
            raise CommandError(exc.message) from None

    def _template(self, name: str, output: str | None) -> None:
        kind = excel.get(name)
        path = Path(output or excel.template_filename(kind))
        path.write_bytes(excel.template_bytes(kind))
        self.stdout.write(f"已生成{kind.title}导入模板：{path}")

    def _import(self, options) -> None:
        kind = excel.get(options["kind"])
        actor = None
        if options["actor"]:
            from fazhi.core.models import User

            try:
                actor = User.objects.get_by_natural_key(options["actor"])
            except User.DoesNotExist:
                raise CommandError(f"找不到用户“{options['actor']}”。") from None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        with path.open("rb") as fh:
            result = excel.run_import(kind, fh, actor)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(result.summary)
        self.stdout.write(self.style.SUCCESS(result.summary))
        if result.credentials:
            self._credentials(result.credentials, options["credentials_out"])

    def _credentials(self, credentials, out: str | None) -> None:
        if out:
            data = excel.write_table(
                "初始密码",
                ["用户名", "姓名", "初始密码"],
                [(c.username, c.full_name, c.password) for c in credentials],
            )
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            self.stdout.write(f"初始密码已保存到 {out}（仅本人可读），请转交后删除该文件。")
            return
        self.stdout.write("初始密码（只显示这一次，请妥善转交，首次登录后请修改）：")
        for c in credentials:
            self.stdout.write(f"  {c.username}\t{c.full_name}\t{c.password}")
