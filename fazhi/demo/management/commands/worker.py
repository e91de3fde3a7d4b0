"""``fazhi worker``: the job queue's consumer on its own (ADR 0008).

Runs scheduled work (deadline steps every 10 minutes and at start, nightly indicators and audit
chain check) and submitted jobs (large imports). Use it when the web server does not run the
embedded consumer (``fazhi serve --no-jobs``), e.g. under a process manager or with Redis
(``FAZHI_REDIS_URL``) on several machines — run exactly one per deployment for the schedule.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.jobs import consumer as consumers
from fazhi.core.jobs import tasks
from fazhi.demo import server


class Command(BaseCommand):
    help = "运行后台任务处理（定时任务：法定期限自动办理、指标计算、审计日志校验；大文件导入等）。"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--threads", type=int, default=2, help="处理任务的线程数（默认 2）")
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="不运行定时任务（另有一个 fazhi worker 负责定时任务时）",
        )

    def handle(self, *args, **options):
        if options["threads"] < 1:
            raise CommandError("线程数必须是正整数。")
        server.require_migrated_database()
        self.check(display_num_errors=False)
        consumer = consumers.create(workers=options["threads"], periodic=not options["no_schedule"])
        self.stdout.write(
            f"后台任务处理已启动（{options['threads']}个线程"
            f"{'' if options['no_schedule'] else '，含定时任务'}；按 Ctrl+C 停止）。"
        )
        self.stdout.flush()
        if not options["no_schedule"]:
            tasks.on_consumer_start()
        consumer.run()
        self.stdout.write("后台任务处理已停止。")
