"""``fazhi files check`` / ``fazhi files sweep [--grace-hours H]``: uploaded files no row refers to
(left by a process killed mid-upload) and rows whose file is gone. See :mod:`fazhi.core.ops.orphans`."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.ops import orphans


class Command(BaseCommand):
    help = "上传文件检查：check 列出无记录引用的孤立文件和文件缺失的记录；sweep 把孤立文件移出上传目录。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="check|sweep")
        for name, text in (
            ("check", "列出孤立文件和文件缺失的记录"),
            ("sweep", "把孤立文件移到 orphans/ 隔离目录"),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument(
                "--grace-hours",
                type=float,
                default=orphans.GRACE.total_seconds() / 3600,
                help="不足此时长的无主文件可能正在上传，不计（默认24小时）",
            )

    def handle(self, *args, subcommand: str, grace_hours: float, **options):
        if grace_hours < 0:
            raise CommandError("--grace-hours 不能为负数。")
        grace = dt.timedelta(hours=grace_hours)
        if subcommand == "sweep":
            report, target = orphans.sweep(grace=grace)
            if target is None:
                self.stdout.write("没有孤立文件。")
            else:
                self.stdout.write(self.style.SUCCESS(f"已把 {len(report.orphans)} 个孤立文件移到 {target}。"))
        else:
            report = orphans.check(grace=grace)
            for rel in report.orphans:
                self.stdout.write(f"孤立文件：{rel}")
        for line in report.missing:
            self.stderr.write(self.style.ERROR(f"文件缺失：{line}"))
        self.stdout.write(
            f"被引用的文件 {report.referenced} 个；孤立文件 {len(report.orphans)} 个；"
            f"可能正在上传的无主文件 {report.young} 个；文件缺失的记录 {len(report.missing)} 条。"
        )
        if subcommand == "check" and not report.clean:
            raise SystemExit(1)
        if report.missing:
            raise SystemExit(1)
