"""``fazhi report --region CODE --year 2022 -o report.docx``: the annual 法治政府建设 report as .docx.

Uses the report written in the staff UI for that region and year (a signed-off report prints the
figures pinned at sign-off; a draft the current figures). With none written yet, the first draft
written from the year's figures (按统计数据生成初稿) is produced, the parts no domain writes left
empty. Check warnings (missing parts, figures that do not add up,
denominator bases that changed since last year) are printed to stderr; ``--strict`` makes them an
error (exit status 1).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.indicators import services as indicators
from fazhi.reports import services
from fazhi.reports.models import AnnualReport


class Command(BaseCommand):
    help = "生成法治政府建设年度报告（.docx，GB/T 9704-2012 版式），并打印检查提示。"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区划代码，如 450206")
        parser.add_argument("--year", required=True, type=int, help="年度，如 2022")
        parser.add_argument("-o", "--output", help="输出文件（默认：报告标题.docx）")
        parser.add_argument("--check", action="store_true", help="只检查、不生成文件")
        parser.add_argument("--strict", action="store_true", help="有检查提示时以状态 1 退出")

    def handle(self, *args, region, year, output=None, check=False, strict=False, **options):
        try:
            region_obj = indicators.get_region(region)
        except indicators.RegionError as exc:
            raise CommandError(exc.message) from None
        report = AnnualReport.objects.filter(region_code=region_obj.code, year=year).first()
        try:
            if report is None:
                report = services.skeleton(region_obj, year)
                self.stderr.write(
                    f"提示：{region_obj.name}{year}年度报告尚未在系统中编写，生成的文档为按统计数据生成的初稿，"
                    "其余部分待填写。"
                )
            if check:
                warnings = services.report_warnings(report)
            else:
                data, warnings = services.generate(report)
        except services.ReportError as exc:
            raise CommandError(exc.message) from None
        for w in warnings:
            self.stderr.write(self.style.WARNING(f"警告：{w.message}"))
        if not check:
            path = Path(output or services.filename(report))
            path.write_bytes(data)
            state = "已定稿" if report.is_signed_off else "草稿"
            self.stdout.write(
                f"已生成 {path}（{report.title}，{state}，{len(data)} 字节，{len(warnings)} 条警告）"
            )
        elif not warnings:
            self.stdout.write("检查通过：五部分齐全，数据一致。")
        if strict and warnings:
            raise CommandError(f"有 {len(warnings)} 条检查警告。")
