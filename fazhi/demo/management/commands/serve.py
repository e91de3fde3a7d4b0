"""``fazhi serve``: run the site on an existing, migrated database (waitress; ``--workers N`` for
gunicorn with N processes)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fazhi.demo import server


class Command(BaseCommand):
    help = "在已初始化的数据库上启动服务（waitress，默认 127.0.0.1:8000）。"
    requires_system_checks = []  # checked below, after we know the database is usable

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument("--threads", type=int, default=8, help="每个进程的工作线程数（默认 8）")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="进程数（默认 1，用 waitress）；大于 1 时用 gunicorn 多进程（Linux），一般设为 CPU 核数",
        )

        parser.add_argument(
            "--no-jobs",
            action="store_true",
            help="不在本进程中运行后台任务（定时任务、大文件导入）；此时须另行运行 fazhi worker",
        )

    def handle(self, *args, **options):
        server.require_migrated_database()
        self.check(display_num_errors=False)
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("进程数和线程数都必须是正整数。")
        server.serve(
            options["host"],
            options["port"],
            threads=options["threads"],
            workers=options["workers"],
            jobs=not options["no_jobs"],
            stdout=self.stdout,
        )
