"""``fazhi deadlines run [--date YYYY-MM-DD]``: take every deadline step that is due now.

The steps are declared on the procedures (``deadline_steps``, e.g. 行政复议 视为受理,
《行政复议法》第三十条第三款); the job runner takes them by itself every 10 minutes and when it starts,
so this command is for catching up by hand or checking what a date would do. Each record is moved
through the engine by its organisation's system account ("系统自动处理（<单位>）"); the run is recorded
on 后台任务 like the scheduled ones. ``fazhi deadlines list`` shows what is declared.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.jobs.models import JobTrigger
from fazhi.core.jobs.tasks import run_deadlines
from fazhi.core.workflow import registry


class Command(BaseCommand):
    help = "法定期限届满后依法自动办理的环节（如行政复议“视为受理”）：立即运行或列出。"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="对期限已届满的记录立即自动办理")
        run.add_argument("--date", help="按该日期判断是否届满（默认今天），格式 2026-01-31")
        sub.add_parser("list", help="列出各办理程序声明的期限届满自动办理环节")

    def handle(self, *args, action: str, date: str | None = None, **options) -> None:
        if action == "list":
            for procedure in registry.all_procedures():
                for step in procedure.deadline_steps:
                    t = procedure.transition(step.transition)
                    clock = procedure.clock_specs()[step.clock]
                    self.stdout.write(
                        f"{procedure.label}：{clock.label}届满 → {step.label or t.label}（{step.article}）"
                    )
            return
        today = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"日期“{date}”格式不对，应为 2026-01-31。") from None
        result = run_deadlines(trigger=JobTrigger.COMMAND, today=today)
        for done in result.done:
            self.stdout.write(str(done))
        for message in result.provisional:
            self.stdout.write(f"暂不处理：{message}")
        for message in result.errors:
            self.stderr.write(f"未处理：{message}")
        self.stdout.write(result.summary)
        if result.errors:
            raise CommandError("部分记录未能办理，见上。")
