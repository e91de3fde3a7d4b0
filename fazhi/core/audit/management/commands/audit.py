"""``fazhi audit verify``: check the whole HMAC-SM3 audit chain (SECURITY.md 13).

Exit status 0 and "审计链完整，共校验 N 条" when every row verifies; exit status 1 and the id of the
first bad row with the reason otherwise.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

from fazhi.core.audit.models import AuditEvent
from fazhi.core.audit.services import verify_chain


class Command(BaseCommand):
    help = "审计日志：verify 校验整条审计链（HMAC-SM3），指出第一条有问题的记录。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="verify")
        verify = sub.add_parser("verify", help="校验整条审计链")
        verify.add_argument("--batch", type=int, default=2000, help="每批读取的记录数（默认2000）")

    def handle(self, *args, subcommand: str, **options):
        if subcommand == "verify":
            self.verify(options["batch"])
        else:  # pragma: no cover - argparse refuses unknown subcommands
            raise CommandError(f"未知子命令：{subcommand}")

    def verify(self, batch: int) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        if AuditEvent._meta.db_table not in connection.introspection.table_names():
            # A database nobody has migrated holds no audit rows; one whose migration history says the
            # audit table was created, but which no longer has it, has lost its whole log.
            recorder = MigrationRecorder(connection)
            applied = recorder.has_table() and recorder.migration_qs.filter(app="audit").exists()
            if applied:
                self._fail("审计表不存在，但迁移记录表明它曾被创建：整张审计表被删除。")
            self.stdout.write("审计链完整，共校验 0 条（数据库尚未初始化）。")
            return
        if batch < 1:
            raise CommandError("--batch 应为正整数。")
        result = verify_chain(batch=batch)
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"审计链完整，共校验 {result.checked} 条。"))
            if result.last_id:
                # Worth copying somewhere the database's users cannot edit: it exposes truncation.
                self.stdout.write(f"链头：记录 id={result.last_id}，摘要 {result.last_digest}")
            return
        where = f"记录 id={result.first_bad_id} " if result.first_bad_id is not None else "审计链"
        self._fail(f"审计链校验失败：{where}有问题——{result.reason}。此前已校验通过 {result.checked} 条。")

    def _fail(self, message: str) -> None:
        self.stderr.write(self.style.ERROR(message))
        raise SystemExit(1)
