"""``fazhi indicators --region CODE --period 2022 [--format table|json|xlsx] [-o FILE]``

Computes every registered indicator for the region (its whole subtree) and the period, as one run
(idempotent: identical results keep the current run, see :mod:`fazhi.indicators.services`), and
prints each figure with its numerator, denominator, value and source (计算 / 上报). Periods:
``2022``, ``2022Q3``, ``2022-05``, ``2021-12-01..2022-11-30``.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.excel import write_table
from fazhi.indicators import periods, services

HEADERS = ("编码", "指标", "单位", "分子", "分母", "值", "来源", "上报值", "差异", "分母口径")


def _rows(rows):
    for r in rows:
        yield (
            r.code,
            r.name,
            r.unit,
            "" if r.numerator is None else r.numerator,
            "" if r.denominator is None else r.denominator,
            r.display,
            r.source_label,
            r.reported_display,
            r.difference_display,
            r.definition.basis or r.definition.denominator,
        )


class Command(BaseCommand):
    help = "计算并输出某区划某统计期的全部指标（分子、分母、值、来源）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--region", required=True, help="区划代码，如 450206")
        parser.add_argument(
            "--period", required=True, help="统计期：2022、2022Q3、2022-05 或 2021-12-01..2022-11-30"
        )
        parser.add_argument("--format", choices=("table", "json", "xlsx"), default="table")
        parser.add_argument("-o", "--output", help="输出文件（xlsx 格式必填）")

    def handle(self, *args, region: str, period: str, format: str, output: str | None, **options) -> None:
        try:
            parsed = periods.parse(period)
            outcome = services.compute_run(region, parsed)
        except (periods.PeriodError, services.RegionError) as exc:
            raise CommandError(exc.message) from None
        run = outcome.run
        rows = services.figures(run.region_code, parsed, run=run)
        region_obj = services.get_region(run.region_code)
        title = f"{region_obj.name}（{region_obj.code}）{parsed.label}指标"
        status = "新建计算批次" if outcome.created else "结果与当前批次相同，未新建批次"
        if format == "xlsx":
            if not output:
                raise CommandError("xlsx 格式须用 -o 指定输出文件。")
            with open(output, "wb") as fh:
                fh.write(
                    write_table(title, HEADERS, _rows(rows), widths=(36, 26, 6, 8, 8, 10, 6, 10, 12, 16))
                )
            self.stdout.write(f"已写入 {output}（计算批次 {run.pk}，{status}）。")
            return
        if format == "json":
            data = {
                "region": run.region_code,
                "period": {
                    "key": parsed.key,
                    "label": parsed.label,
                    "start": parsed.start.isoformat(),
                    "end": parsed.end.isoformat(),
                },
                "run": run.pk,
                "created": outcome.created,
                "figures": [
                    {
                        "code": r.code,
                        "name": r.name,
                        "unit": r.unit,
                        "numerator": r.numerator,
                        "denominator": r.denominator,
                        "value": None if r.value is None else str(r.value),
                        "display": r.display,
                        "source": r.source or None,
                        "reported_value": None if r.reported_value is None else str(r.reported_value),
                        "difference": None if r.difference is None else str(r.difference),
                        "definition": r.definition.as_dict(),
                    }
                    for r in rows
                ],
            }
            text = json.dumps(data, ensure_ascii=False, indent=2)
        else:
            lines = [title, f"计算批次 {run.pk}（{status}）", "\t".join(HEADERS)]
            lines += ["\t".join(str(v) for v in row) for row in _rows(rows)]
            text = "\n".join(lines)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
            self.stdout.write(f"已写入 {output}（计算批次 {run.pk}，{status}）。")
        else:
            self.stdout.write(text)
