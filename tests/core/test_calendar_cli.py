"""``fazhi calendar``: due dates with explanations, the list of years, confirming a year."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from fazhi.core.calendar import services
from fazhi.core.calendar.models import CalendarDay, CalendarYear, Clock, DayKind
from fazhi.core.workflow import engine
from tests.sampleapp.models import SampleMatter


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("calendar", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_due_in_workdays_prints_the_date_then_the_explanation():
    lines = run("due", "--from", "2026-09-30", "--days", "5", "--unit", "workday")
    assert lines[0] == "2026-10-13"
    assert "5个工作日" in lines[1]
    assert "国庆节假期不计" in lines[1]
    assert "届满日为2026年10月13日" in lines[1]


@pytest.mark.django_db
def test_due_in_natural_days_rolls_and_cites_the_article():
    lines = run(
        "due", "--from", "2026-09-28", "--days", "3", "--unit", "day", "--article", "《行政诉讼法》第四十六条"
    )
    assert lines[0] == "2026-10-08"
    assert "《行政诉讼法》第四十六条" in lines[1]
    assert "《民事诉讼法》第八十五条顺延" in lines[1]


@pytest.mark.django_db
def test_due_in_months_and_chinese_unit_names():
    assert run("due", "--from", "2026-01-31", "--days", "1", "--unit", "month")[0] == "2026-02-28"
    assert run("due", "--from", "2026-09-30", "--days", "5", "--unit", "工作日")[0] == "2026-10-13"


@pytest.mark.django_db
def test_due_in_an_unconfirmed_year_says_provisional():
    lines = run("due", "--from", "2026-12-20", "--days", "20", "--unit", "workday")
    assert lines[0] == "2027-01-15"
    assert "暂定" in lines[1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2026-02-30", "--days", "5"), "起算日期“2026-02-30”格式不正确"),
        (("--from", "30/09/2026", "--days", "5"), "格式不正确，应为 YYYY-MM-DD"),
        (("--from", "2026-09-30", "--days", "5", "--unit", "week"), "期限单位“week”无效"),
        (("--from", "2026-09-30", "--days", "五"), "期限长度“五”无效"),
    ],
)
def test_bad_input_gets_a_chinese_error(args, message):
    with pytest.raises(CommandError, match=message):
        run("due", *args)


@pytest.mark.django_db
def test_years_lists_each_year_with_its_confirmed_flag():
    CalendarYear.objects.create(year=2027)
    lines = run("years")
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    assert rows["2026"][1:4] == ["已确认", "33", "6"]
    assert rows["2004"][1] == "已确认"
    assert rows["2027"][1] == "未确认"


@pytest.mark.django_db
def test_confirm_sets_the_flag_and_recomputes_open_clocks(tree, django_capture_on_commit_callbacks):
    matter = engine.create(SampleMatter, actor=None, title="事项", organisation=tree["east_justice"])
    clock = services.start_clock(
        matter,
        code="decision",
        label="作出决定期限",
        start_date=dt.date(2026, 12, 1),
        length=60,
        unit="day",
        article="《行政复议法》第六十二条",
    )
    assert Clock.objects.get(pk=clock.pk).provisional
    with pytest.raises(CommandError, match="2027年尚未录入任何法定节假日，不能确认"):
        run("confirm", "2027")
    assert not CalendarYear.objects.filter(year=2027, confirmed=True).exists()
    CalendarDay.objects.create(date=dt.date(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    with django_capture_on_commit_callbacks(execute=True):
        lines = run("confirm", "2027")
    assert "已确认2027年" in lines[0]
    assert CalendarYear.objects.get(year=2027).confirmed
    assert not Clock.objects.get(pk=clock.pk).provisional
    with pytest.raises(CommandError, match="年度“二〇二七”无效"):
        run("confirm", "二〇二七")


def test_console_script_works_before_the_database_exists(tmp_path):
    env = {**os.environ, "FAZHI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    env.pop("FAZHI_DATABASE_URL", None)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "fazhi",
            "calendar",
            "due",
            "--from",
            "2026-09-30",
            "--days",
            "5",
            "--unit",
            "workday",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "2026-10-13"
    assert "届满日为2026年10月13日" in lines[1]
