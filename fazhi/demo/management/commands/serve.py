"""``fazhi serve``: run the site with waitress on an existing, migrated database."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from fazhi.demo import server


class Command(BaseCommand):
    help = "在已初始化的数据库上启动服务（waitress，默认 127.0.0.1:8000）。"
    requires_system_checks = []  # checked below, after we know the database is usable

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument("--threads", type=int, default=8, help="工作线程数（默认 8）")

    def handle(self, *args, **options):
        server.require_migrated_database()
        self.check(display_num_errors=False)
        server.serve(options["host"], options["port"], threads=options["threads"], stdout=self.stdout)
