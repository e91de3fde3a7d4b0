"""``fazhi audit verify``: check the whole HMAC-SM3 audit chain (docs/security.md 13).

Exit status 0 and "审计链完整，共校验 N 条" when every row verifies; exit status 1 and the id of the
first bad row with the reason otherwise.

``fazhi audit checkpoint`` appends a signed checkpoint of the chain's head to a file outside the
database and prints it for an external witness; ``verify`` checks against the latest one (rows cut
off the end are reported). See :mod:`fazhi.core.audit.checkpoints`.

``fazhi audit archive --before DATE [-o DIR]`` moves rows older than DATE into a signed archive file,
then removes them (never newer than 180 days ago: docs/security.md 15); ``fazhi audit verify-archive FILE``
checks such a file. See :mod:`fazhi.core.ops.audit_archive`.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

from fazhi.core.audit import checkpoints
from fazhi.core.audit.models import AuditEvent
from fazhi.core.audit.services import verify_chain


class Command(BaseCommand):
    help = "审计日志：verify 校验整条审计链（HMAC-SM3），指出第一条有问题的记录。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="subcommand", required=True, metavar="verify|checkpoint|archive|verify-archive"
        )
        verify = sub.add_parser("verify", help="校验整条审计链")
        verify.add_argument("--batch", type=int, default=2000, help="每批读取的记录数（默认2000）")
        sub.add_parser("checkpoint", help="把审计链头（末条记录及摘要）签名写入数据库外的检查点文件并打印")
        archive = sub.add_parser("archive", help="把截止日期前的审计记录写入签名归档文件后移出数据库")
        archive.add_argument("--before", required=True, help="截止日期 YYYY-MM-DD（不得晚于180天前）")
        archive.add_argument(
            "-o", "--output", default=None, help="归档目录（默认：数据目录下的 audit-archive/）"
        )
        check = sub.add_parser("verify-archive", help="校验一个审计归档文件的签名和链")
        check.add_argument("file", help="归档文件（.jsonl）")

    def handle(self, *args, subcommand: str, **options):
        if subcommand == "verify":
            self.verify(options["batch"])
        elif subcommand == "checkpoint":
            self.checkpoint()
        elif subcommand == "archive":
            self.archive(options["before"], options["output"])
        elif subcommand == "verify-archive":
            self.verify_archive(options["file"])
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
            anchor, _ = checkpoints.latest()
            if anchor is not None and anchor.last_id:
                self._fail(
                    f"审计表不存在，但 {anchor.at} 的链头检查点登记了记录 id={anchor.last_id}：审计表被删除。"
                )
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
            anchor, _ = checkpoints.latest()
            if anchor is None:
                self.stdout.write(
                    self.style.WARNING(
                        "尚无链头检查点：末尾记录被删除时无法发现。请运行 fazhi audit checkpoint。"
                    )
                )
            else:
                self.stdout.write(f"已对照 {anchor.at} 的链头检查点（记录 id={anchor.last_id}）。")
            return
        where = f"记录 id={result.first_bad_id} " if result.first_bad_id is not None else "审计链"
        self._fail(f"审计链校验失败：{where}有问题——{result.reason}。此前已校验通过 {result.checked} 条。")

    def checkpoint(self) -> None:
        try:
            checkpoint = checkpoints.write()
        except checkpoints.CheckpointRefused as exc:
            self._fail(str(exc))
        self.stdout.write(self.style.SUCCESS(f"已写入 {checkpoints.path()}"))
        self.stdout.write(checkpoint.witness())

    def archive(self, before: str, output: str | None) -> None:
        import datetime as dt
        from pathlib import Path

        from django.conf import settings

        from fazhi.core.ops.audit_archive import ArchiveError, archive

        try:
            cutoff = dt.date.fromisoformat(before)
        except ValueError:
            raise CommandError(f"截止日期格式应为 YYYY-MM-DD：{before}") from None
        out_dir = Path(output) if output else Path(settings.DATA_DIR) / "audit-archive"
        try:
            result = archive(cutoff, out_dir)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        if not result.count:
            self.stdout.write(f"没有早于 {cutoff:%Y-%m-%d} 的审计记录，无需归档。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"已归档 {result.count} 条（记录 id={result.first_id}–{result.last_id}）到 {result.path}，"
                "并已从数据库移出；审计链从检查点继续校验。"
            )
        )

    def verify_archive(self, file: str) -> None:
        from fazhi.core.ops.audit_archive import ArchiveError, verify_archive

        try:
            header = verify_archive(file)
        except (ArchiveError, OSError) as exc:
            self._fail(f"归档文件校验失败：{exc}")
        self.stdout.write(
            self.style.SUCCESS(
                f"归档文件完整：{header['count']} 条（记录 id={header['first_id']}–{header['last_id']}），"
                f"截止 {header['cutoff']}。"
            )
        )

    def _fail(self, message: str) -> None:
        self.stderr.write(self.style.ERROR(message))
        raise SystemExit(1)
