"""Account maintenance on the server console.

- ``fazhi accounts disable-dormant [--days 90]`` — run daily from cron or a systemd timer.
- ``fazhi accounts reset-totp|unlock|force-password-change --user LOGIN --reason TEXT --operator NAME``
  — break-glass for what the 安全管理员 screen refuses (a 系统管理员 or 审计管理员 who lost the second
  factor, the last 安全管理员): the actions of :func:`fazhi.core.security.accounts.perform_from_console`,
  with one audit row naming the operator and the reason. Bad input or an unknown login ends with a
  Chinese error and a non-zero exit status, nothing changed.
"""

from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from fazhi.core.audit import context
from fazhi.core.models import normalise_login
from fazhi.core.security import accounts, dormant, param

CONSOLE_ACTIONS = {
    "reset-totp": "reset_totp",
    "unlock": "unlock",
    "force-password-change": "force_password_change",
}


class Command(BaseCommand):
    help = (
        "账号维护：停用长期未使用的账号（disable-dormant）；在服务器控制台应急处置账号"
        "（reset-totp 重置动态口令、unlock 解除登录锁定、force-password-change 强制修改密码）。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser(
            "disable-dormant", help="停用超过指定天数未使用的账号（默认90天），每个账号写一条审计记录。"
        )
        p.add_argument(
            "--days", type=int, default=None, help="未使用天数（默认取安全参数 FAZHI_DORMANT_DAYS）"
        )
        for name, action in CONSOLE_ACTIONS.items():
            p = sub.add_parser(
                name,
                help=f"{accounts.ACTIONS[action]}（控制台应急处置，可用于系统管理员、审计管理员账号）。",
            )
            # Checked in handle(), not by argparse, so a missing value gets a Chinese message.
            p.add_argument("--user", default="", help="要处置的账号的用户名（登录名）")
            p.add_argument("--reason", default="", help="办理原因（必填，写入审计日志）")
            p.add_argument(
                "--operator", default="", help="在控制台办理此操作的人员姓名（必填，写入审计日志）"
            )

    def handle(self, *args, action=None, **options):
        if action == "disable-dormant":
            return self._disable_dormant(options.get("days"))
        if action in CONSOLE_ACTIONS:
            return self._console(CONSOLE_ACTIONS[action], options)
        raise CommandError("未知操作。")

    def _disable_dormant(self, days):
        baseline = param("FAZHI_DORMANT_DAYS")
        days = days if days is not None else baseline
        if days < 1:
            raise CommandError("天数必须是正整数。")
        users = dormant.disable_dormant(days)
        for user in users:
            self.stdout.write(f"已停用：{user.username}（{user}）")
        self.stdout.write(f"共停用 {len(users)} 个超过 {days} 天未使用的账号。")

    def _console(self, action: str, options: dict) -> None:
        login = " ".join((options.get("user") or "").split())
        if not login:
            raise CommandError("请用 --user 填写要处置的账号的用户名。")
        target = get_user_model()._default_manager.filter(username_key=normalise_login(login)).first()
        if target is None:
            raise CommandError(f"未找到用户名为“{login[:50]}”的账号，未作任何更改。")
        token = context.activate(context.RequestContext(request_id=context.new_request_id()))
        try:
            detail, event = accounts.perform_from_console(
                target, action, options.get("reason") or "", options.get("operator") or "", _os_user()
            )
        except accounts.AccountActionRefused as exc:
            raise CommandError(f"{exc.message}未作任何更改。") from exc
        finally:
            context.reset(token)
        self.stdout.write(self.style.SUCCESS(_done(action, target, detail)))
        self.stdout.write(
            f"已写入审计日志（第 {event.pk} 条，操作 {event.action}）：操作人 {detail['operator']}，"
            f"原因 {detail['reason']}。"
        )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (some containers)
        return ""


def _done(action: str, target, detail: dict) -> str:
    name = f"{target.full_name or target.username}（{target.username}）"
    ended = (
        f"已结束其现有登录 {detail.get('sessions_ended', 0)} 个、"
        f"吊销其接口令牌 {detail.get('tokens_revoked', 0)} 个"
    )
    return {
        "reset_totp": f"已重置{name}的动态口令，{ended}；该账号下次登录时须重新绑定动态口令。",
        "unlock": f"已解除{name}的登录锁定。",
        "force_password_change": f"已要求{name}修改密码，{ended}；该账号下次登录时须先修改密码。",
    }[action]
