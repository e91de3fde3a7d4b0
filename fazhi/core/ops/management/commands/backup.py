"""``fazhi backup [-o DIR_OR_FILE] [--with-keys]``: a consistent online backup (docs/security.md 27)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "备份数据库与上传文件（在线、一致），生成一个带清单和签名的 .tar.gz 文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            default=None,
            help="备份文件或目录（默认：数据目录下的 backups/，文件名带时间）",
        )
        parser.add_argument(
            "--with-keys",
            action="store_true",
            help="把 keys/ 目录中的密钥一并放入备份（这样的备份须与密钥同等保管）",
        )

    def handle(self, *args, output=None, with_keys=False, **options):
        try:
            result = create_backup(output, with_keys=with_keys)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        counts = manifest["database"]["counts"]
        head = manifest["database"]["audit_head"] or {}
        self.stdout.write(self.style.SUCCESS(f"备份完成：{result.path}"))
        self.stdout.write(
            f"数据库（{manifest['engine']}）{len(counts)} 张表、{sum(counts.values())} 行；"
            f"文件 {len(manifest['files'])} 个；审计链头 id={head.get('last_id', 0)}。"
        )
        if with_keys:
            self.stdout.write(self.style.WARNING("本备份包含密钥，请按密钥的保管要求存放。"))
