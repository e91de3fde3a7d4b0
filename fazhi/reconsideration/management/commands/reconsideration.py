"""``fazhi reconsideration sweep [--date YYYY-MM-DD]``: kept as an alias of ``fazhi deadlines run``.

视为受理 (《行政复议法》第三十条第三款) is declared on the procedure (workflow.py ``deadline_steps``) and
taken by the job runner every 10 minutes without anyone starting it; ``fazhi deadlines run`` runs
every procedure's deadline steps at once.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "行政复议：受理审查期满视为受理（同 fazhi deadlines run；平台已每10分钟自动运行）。"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("sweep", help="同 fazhi deadlines run")
        sweep.add_argument("--date", help="以该日期判断是否届满（默认今天），格式 2026-01-31")

    def handle(self, *args, action: str, date: str | None = None, **options) -> None:
        args = ["run", "--date", date] if date else ["run"]
        call_command("deadlines", *args, stdout=self.stdout, stderr=self.stderr)
