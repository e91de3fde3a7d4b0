"""``fazhi reconsideration sweep [--date YYYY-MM-DD]``: apply 视为受理 to every lapsed review.

Run it daily (cron / systemd timer). Each case is moved through the procedure engine by its
organisation's system account ("系统自动处理（<单位>）", role 法制审核人员 only, cannot log in), so the
transition log and the audit trail say who acted and under which article (《行政复议法》第三十条第三款;
2017 cases: 第十七条第二款).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from fazhi.reconsideration import services


class Command(BaseCommand):
    help = "行政复议：受理审查期限届满未作决定的申请，依法视为受理（sweep）。"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("sweep", help="对审查期满的申请作视为受理处理")
        sweep.add_argument("--date", help="以该日期为认定日期（默认今天），格式 2026-01-31")

    def handle(self, *args, action: str, date: str | None = None, **options) -> None:
        today = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"日期“{date}”格式不对，应为 2026-01-31。") from None
        done, errors = services.reconsideration_sweep(today=today)
        for case in done:
            self.stdout.write(f"视为受理：{case.case_number}（受理日期 {case.accepted_on.isoformat()}）")
        for message in errors:
            self.stderr.write(f"未处理：{message}")
        self.stdout.write(f"共{len(done)}件视为受理，{len(errors)}件未处理。")
        if errors:
            raise CommandError("部分案件未能处理，见上。")
