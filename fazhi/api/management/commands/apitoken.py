"""fazhi apitoken create <username> --name 名称 [--days 180] | revoke <id> | list [--user <username>]"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.api import tokens
from fazhi.api.models import ApiToken


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


class Command(BaseCommand):
    help = "管理接口访问令牌：签发（令牌只显示一次）、吊销、列出。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, title="操作", metavar="create|revoke|list")
        create = sub.add_parser("create", help="为工作人员签发访问令牌")
        create.add_argument("username", help="工作人员登录名")
        create.add_argument("--name", required=True, help="令牌名称，如对接系统的名称")
        create.add_argument(
            "--days", type=int, default=tokens.DEFAULT_DAYS, help=f"有效天数（默认 {tokens.DEFAULT_DAYS}）"
        )
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("token_id", type=int, help="令牌编号（见 list）")
        listing = sub.add_parser("list", help="列出令牌")
        listing.add_argument("--user", help="只列出该登录名的令牌")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, *, username: str, name: str, days: int, **_):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"没有登录名为“{username}”的工作人员。") from None
        try:
            token, raw = tokens.issue(user, name=name, days=days)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"已为 {user.username}（{user}）签发令牌 #{token.pk}“{token.name}”，到期：{_when(token.expires_at)}。"
        )
        self.stdout.write("令牌只显示这一次，请立即妥善保存：")
        self.stdout.write(raw)

    def _revoke(self, *, token_id: int, **_):
        token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"没有编号为 {token_id} 的令牌。")
        if tokens.revoke(token):
            self.stdout.write(f"已吊销令牌 #{token.pk}“{token.name}”（{token.user.username}）。")
        else:
            self.stdout.write(f"令牌 #{token.pk} 此前已吊销。")

    def _list(self, *, user: str | None = None, **_):
        qs = ApiToken.objects.select_related("user").order_by("id")
        if user:
            User = get_user_model()
            try:
                qs = qs.filter(user=User.objects.get_by_natural_key(user))
            except User.DoesNotExist:
                raise CommandError(f"没有登录名为“{user}”的工作人员。") from None
        rows = list(qs)
        if not rows:
            self.stdout.write("没有令牌。")
            return
        self.stdout.write("编号\t登录名\t名称\t前缀\t签发时间\t最近使用\t到期时间\t状态")
        for t in rows:
            self.stdout.write(
                "\t".join(
                    [
                        str(t.pk),
                        t.user.username,
                        t.name,
                        f"fzt_{t.prefix}_…",
                        _when(t.created_at),
                        _when(t.last_used_at),
                        _when(t.expires_at),
                        t.state_label,
                    ]
                )
            )
