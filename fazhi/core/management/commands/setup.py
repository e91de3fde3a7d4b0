"""``fazhi setup``: start a real government on an empty Fazhi (docs: README “开始使用（真实区县）”).

    fazhi setup --find 柳江                       # look up the code of a government by name
    fazhi setup --region 450206                   # regions, the government, the three administrators
    fazhi setup --region 450206 --organisations 单位.xlsx --staff 工作人员.xlsx

Prints the three administrators' one-time passwords once. Refused once any administrator exists.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fazhi.core import regions, setup


class Command(BaseCommand):
    help = (
        "设置本级政府：按 GB/T 2260 行政区划代码建立省、市、县及所辖乡镇，建立系统管理员、安全管理员、"
        "审计管理员（一次性密码只显示这一次），可同时导入单位和工作人员。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", help="本级政府的行政区划代码（6位），如 450206")
        parser.add_argument("--find", metavar="名称或代码", help="按名称或代码查找行政区划代码，不作设置")
        parser.add_argument("--no-towns", action="store_true", help="不建立所辖乡镇街道")
        parser.add_argument(
            "--government-name", default="", help="本级政府单位名称（默认“区划名称＋人民政府”）"
        )
        parser.add_argument(
            "--organisations", metavar="FILE", help="单位导入文件（fazhi import --template organisations）"
        )
        parser.add_argument(
            "--staff", metavar="FILE", help="工作人员导入文件（fazhi import --template staff）"
        )
        for role, default, label in setup.ADMINISTRATORS:
            parser.add_argument(
                f"--{role.value}", default=default, metavar="用户名", help=f"{label}用户名（默认 {default}）"
            )
        parser.add_argument(
            "--skip-migrate", action="store_true", help="不执行数据库迁移（数据库已是最新时）"
        )

    def handle(self, *args, **options):
        out = self.stdout
        if options["find"]:
            found = regions.search(options["find"])
            if not found:
                raise CommandError(f"全国行政区划代码表中没有名称或代码含“{options['find']}”的县级以上区划。")
            for d in found:
                out.write(f"{d.code}\t{regions.full_name(d.code)}")
            return
        if not options["region"]:
            raise CommandError(
                "请用 --region 指明本级政府的行政区划代码（6位），不知道代码可先用 --find 名称 查找。"
            )
        if not options["skip_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        files = {}
        try:
            for key in ("organisations", "staff"):
                if options[key]:
                    files[key] = open(options[key], "rb")  # noqa: SIM115  (closed below)
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc.filename}") from None
        try:
            outcome = setup.run(
                region_code=options["region"],
                usernames={role: options[role.value] for role, _, _ in setup.ADMINISTRATORS},
                towns=not options["no_towns"],
                government_name=options["government_name"],
                organisations=files.get("organisations"),
                staff=files.get("staff"),
            )
        except setup.SetupRefused as exc:
            if exc.import_result is not None:
                for error in exc.import_result.errors:
                    self.stderr.write(str(error))
            raise CommandError(exc.message) from None
        finally:
            for fh in files.values():
                fh.close()
        self._report(outcome)

    def _report(self, outcome: setup.Outcome) -> None:
        out = self.stdout
        installed = outcome.installed
        out.write(self.style.SUCCESS(f"已设置本级政府：{outcome.full_name}（{outcome.region.code}）"))
        out.write(
            f"行政区划：新建 {installed.created} 个（其中乡镇街道 {installed.towns} 个），已有 {installed.existing} 个未改动。"
        )
        out.write(f"本级政府单位：{outcome.government.name}")
        for result in outcome.imports:
            title = "单位" if result.kind == "organisations" else "工作人员"
            out.write(f"{title}：{result.summary}")
        out.write("")
        out.write("管理员账号（一次性密码只显示这一次；首次登录须修改密码并绑定动态口令）：")
        width = max(len(login.username) for login in outcome.logins)
        for login in outcome.logins:
            out.write(f"  {login.username.ljust(width)}  {login.password}  {login.label}")
        credentials = [c for r in outcome.imports for c in r.credentials]
        if credentials:
            out.write("工作人员初始密码（只显示这一次，请妥善转交，首次登录后须修改）：")
            for c in credentials:
                out.write(f"  {c.username}\t{c.full_name}\t{c.password}")
        out.write("")
        out.write("下一步：运行 `uv run fazhi serve`，打开 http://127.0.0.1:8000/staff/ 用以上账号登录。")
        out.write(
            f"行政区划数据来源：{regions.source().splitlines()[1].removeprefix('来源：').rstrip('，')}。"
        )
