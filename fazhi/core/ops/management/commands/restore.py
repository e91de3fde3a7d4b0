"""``fazhi restore FILE``: restore a backup into an EMPTY instance, then verify it (docs/security.md 27)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "把 fazhi backup 生成的备份恢复到空实例（空数据目录/空数据库），并校验行数、文件和审计链。"
    requires_system_checks: list = []  # must not touch the target database before the emptiness check

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="备份文件（.tar.gz）")

    def handle(self, *args, archive: Path, **options):
        try:
            result = restore_backup(archive, progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{result.tables} 张表、{result.rows} 行，文件 {result.files} 个，"
                f"与清单一致；审计链完整，共校验 {result.audit_checked} 条。"
            )
        )
