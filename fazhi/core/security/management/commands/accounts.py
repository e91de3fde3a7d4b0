"""``fazhi accounts disable-dormant [--days 90]`` — run daily from cron or a systemd timer."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.security import dormant, param


class Command(BaseCommand):
    help = "账号维护：停用长期未使用的账号（disable-dormant）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser(
            "disable-dormant", help="停用超过指定天数未使用的账号（默认90天），每个账号写一条审计记录。"
        )
        p.add_argument(
            "--days", type=int, default=None, help="未使用天数（默认取安全参数 FAZHI_DORMANT_DAYS）"
        )

    def handle(self, *args, action=None, days=None, **options):
        if action != "disable-dormant":
            raise CommandError("未知操作。")
        baseline = param("FAZHI_DORMANT_DAYS")
        days = days if days is not None else baseline
        if days < 1:
            raise CommandError("天数必须是正整数。")
        users = dormant.disable_dormant(days)
        for user in users:
            self.stdout.write(f"已停用：{user.username}（{user}）")
        self.stdout.write(f"共停用 {len(users)} 个超过 {days} 天未使用的账号。")
