"""``fazhi calendar``: compute a due date, list the calendar's years, confirm a year.

    fazhi calendar due --from 2026-09-30 --days 5 --unit workday [--article 《行政复议法》第三十条]
    fazhi calendar years
    fazhi calendar confirm 2027
    fazhi calendar sync

``due`` prints the due date (ISO) on the first line and the Chinese explanation on the second, so
scripts can read the first line.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from fazhi.core.calendar import services
from fazhi.core.calendar.deadlines import compute_deadline
from fazhi.core.calendar.models import CalendarDay, CalendarYear, DayKind

UNIT_ALIASES = {
    "day": "day",
    "days": "day",
    "日": "day",
    "天": "day",
    "workday": "workday",
    "workdays": "workday",
    "工作日": "workday",
    "month": "month",
    "months": "month",
    "月": "month",
    "个月": "month",
}


def _parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except (AttributeError, ValueError):
        raise CommandError(f"起算日期“{value}”格式不正确，应为 YYYY-MM-DD，例如 2026-09-30。") from None


class Command(BaseCommand):
    help = "工作日历：计算期限届满日（due）、列出日历年度（years）、确认年度节假日安排（confirm）、从 chinesecalendar 补充年度（sync）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="{due,years,confirm,sync}")
        due = sub.add_parser("due", help="计算期限届满日并说明计算过程")
        due.add_argument("--from", dest="start", required=True, help="起算日（当日不计），YYYY-MM-DD")
        due.add_argument("--days", "--length", dest="length", required=True, help="期限长度（天数或月数）")
        due.add_argument("--unit", default="day", help="单位：day（日）、workday（工作日）、month（个月）")
        due.add_argument("--article", default="", help="法律依据，写入说明，例如《行政复议法》第六十二条")
        sub.add_parser("years", help="列出日历年度及是否已确认")
        confirm = sub.add_parser("confirm", help="确认某一年度的节假日安排并重新计算未结束的期限")
        confirm.add_argument("year", help="年度，例如 2027")
        sub.add_parser(
            "sync", help="从已安装的 chinesecalendar 补充缺少的年度（升级该软件包后运行；migrate 时自动运行）"
        )

    def handle(self, *args, action=None, **options):
        if action == "due":
            return self._due(options)
        try:
            if action == "years":
                return self._years()
            if action == "confirm":
                return self._confirm(options["year"])
            if action == "sync":
                return self.stdout.write(services.sync_from_package().summary)
        except DatabaseError as exc:
            raise CommandError(
                f"无法读取工作日历（{exc}）；如尚未初始化数据库，请先运行 fazhi migrate。"
            ) from None
        raise CommandError(
            "请指定子命令：due（计算届满日）、years（列出年度）、confirm（确认年度）或 sync（从 chinesecalendar 补充年度）。"
        )

    def _due(self, options) -> None:
        start = _parse_date(options["start"])
        unit = UNIT_ALIASES.get(str(options["unit"]).strip().lower())
        if unit is None:
            raise CommandError(
                f"期限单位“{options['unit']}”无效，应为 day（日）、workday（工作日）或 month（个月）。"
            )
        try:
            length = int(options["length"])
        except ValueError:
            length = -1
        if length < 0:
            raise CommandError(f"期限长度“{options['length']}”无效，应为非负整数。")
        try:
            cal = services.work_calendar()
        except DatabaseError:
            # No database yet (before ``fazhi migrate``): the same data the migration would seed.
            from fazhi.core.calendar.seed import builtin_calendar

            cal = builtin_calendar()
            self.stderr.write("提示：数据库尚未初始化，使用内置 chinesecalendar 节假日数据计算。")
        try:
            deadline = compute_deadline(
                cal, start=start, length=length, unit=unit, article=options["article"]
            )
        except (ValueError, OverflowError) as exc:
            raise CommandError(f"无法计算：{exc}") from None
        self.stdout.write(deadline.due.isoformat())
        self.stdout.write(deadline.explanation + "。")

    def _years(self) -> None:
        counts: dict[int, list[int]] = {}
        for day, kind in CalendarDay.objects.values_list("date", "kind"):
            counts.setdefault(day.year, [0, 0])[0 if kind == DayKind.HOLIDAY else 1] += 1
        years = {y.year: y for y in CalendarYear.objects.all()}
        if not years and not counts:
            self.stdout.write("日历中还没有任何年度。")
            return
        self.stdout.write("年度\t状态\t节假日\t调休上班\t来源")
        for year in sorted(set(years) | set(counts)):
            row = years.get(year)
            holidays, workdays = counts.get(year, [0, 0])
            status = "已确认" if row and row.confirmed else "未确认"
            self.stdout.write(f"{year}\t{status}\t{holidays}\t{workdays}\t{row.source if row else ''}")

    def _confirm(self, value: str) -> None:
        if not str(value).isdigit():
            raise CommandError(f"年度“{value}”无效，应为四位数字，例如 2027。")
        year = int(value)
        try:
            services.confirm_year(year)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(f"已确认{year}年节假日安排；未结束的期限已重新计算。")
