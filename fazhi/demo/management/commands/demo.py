"""``fazhi demo``: database, migrations, demo data, demo logins, then the server.

    fazhi demo                      # county scale, then serve on 127.0.0.1:8000
    fazhi demo --no-serve           # build and exit
    fazhi demo --scale city|province
    fazhi demo --reset              # delete the demo and build it again

Idempotent: when the demo already exists nothing is duplicated; its logins get new random
passwords, printed once, so whoever runs the command can always log in (docs/security.md 6).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from fazhi.demo import generator, server


class Command(BaseCommand):
    help = "生成演示数据（县级/市级/省级），打印演示账号和随机密码，并启动服务。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=list(generator.SCALES), default="county", help="规模（默认 county）"
        )
        parser.add_argument(
            "--seed", type=int, default=generator.DEFAULT_SEED, help="随机种子（相同种子生成相同数据）"
        )
        parser.add_argument("--reset", action="store_true", help="删除已有演示数据后重新生成")
        parser.add_argument("--no-serve", action="store_true", help="只生成数据，不启动服务")
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument(
            "--no-jobs", action="store_true", help="不在本进程中运行后台任务；此时须另行运行 fazhi worker"
        )

    def handle(self, *args, **options):
        out = self.stdout
        db = settings.DATABASES["default"]
        where = (
            db["NAME"]
            if db["ENGINE"].endswith("sqlite3")
            else f"{db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''}/{db['NAME']}"
        )
        out.write(f"数据目录：{settings.DATA_DIR}")
        out.write(f"数据库：{where}")
        out.write("正在初始化数据库（执行迁移）……")
        call_command("migrate", interactive=False, verbosity=0)

        started = time.monotonic()
        scale = options["scale"]
        installed = generator.install(scale, options["seed"], reset=options["reset"])
        label = generator.SCALES[installed.scale]
        if installed.created:
            out.write(
                self.style.SUCCESS(
                    f"已生成{label}演示数据：单位 {installed.organisations} 个，工作人员 {installed.users} 名"
                    f"（用时 {time.monotonic() - started:.1f} 秒）。"
                )
            )
        else:
            out.write(
                f"演示数据已存在（{label}规模：单位 {installed.organisations} 个，工作人员 {installed.users} 名），"
                "未重复生成；如需重建请加 --reset。"
            )
            if installed.scale != scale:
                out.write(
                    f"注意：已有数据为{label}规模，与所选 --scale {scale} 不同；如需更换规模请加 --reset。"
                )
            out.write("已为演示账号重新生成随机密码。")
        if installed.framework:
            out.write(f"指标体系：{installed.framework}")

        out.write("")
        out.write(f"访问地址：{server.staff_url(options['host'], options['port'])}")
        out.write(
            "演示账号（密码为本次随机生成，只显示这一次；忘记时再次运行 `uv run fazhi demo` 即可重置）："
        )
        width = max(len(login.username) for login in installed.logins)
        for login in installed.logins:
            out.write(
                f"  {login.username.ljust(width)}  {login.password}  {login.label} · {login.organisation}"
            )
        out.write(
            "注意：以上均为演示账号，仅供体验，不得用于生产环境。"
            "生产环境的账号通过导入（`fazhi import`）创建，首次登录时必须修改密码。"
        )
        out.write("")

        if options["no_serve"]:
            out.write("已按 --no-serve 要求退出；启动服务请运行 `uv run fazhi serve`。")
            return
        server.serve(options["host"], options["port"], jobs=not options["no_jobs"], stdout=out)
