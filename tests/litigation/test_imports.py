"""Excel import of historical 行政应诉 cases: template, states, hearings and heads, all or nothing."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core import excel
from fazhi.core.audit.models import AuditEvent
from fazhi.core.calendar.models import Clock
from fazhi.core.workflow import engine
from fazhi.litigation.models import Appearance, Hearing, Lawsuit, Party
from tests import factories
from tests.factories import figure

pytestmark = pytest.mark.django_db

HEADERS = [
    "法院",
    "案号",
    "审级",
    "原告",
    "原告类型",
    "被告单位",
    "被诉行为类型",
    "被诉行为",
    "收到起诉状日期",
    "开庭日期",
    "负责人是否出庭",
    "出庭负责人身份",
    "出庭负责人姓名",
    "出庭人职务",
    "裁判日期",
    "裁判结果",
    "送达日期",
    "最后一方当事人送达日期",
]
YEAR = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def row(n: int, **kw) -> list:
    values = {
        "法院": "示范区人民法院",
        "案号": f"（2022）桂0206行初{n}号",
        "原告": "张三",
        "被告单位": "东区市场监督管理局",
        "被诉行为类型": "行政处罚",
        "收到起诉状日期": "2022-03-01",
        **kw,
    }
    return [values.get(h) for h in HEADERS]


def workbook(rows: list[list]) -> io.BytesIO:
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes("litigation")))
    ws = wb.worksheets[0]
    for number, r in enumerate(rows, start=2):  # typed into the template's rows, from row 2
        for column, value in enumerate(r, start=1):
            ws.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


@pytest.fixture
def officer(tree):
    # 东区司法局 with the county in scope: the defendants are the county's departments.
    return factories.user(tree["east_justice"], roles=("officer",), scope="region", username="yingsu")


def test_template_from_the_command_line_and_the_import_screen(tmp_path, client, officer):
    target = tmp_path / "t.xlsx"
    call_command("import", "--template", "litigation", "-o", str(target), stdout=io.StringIO())
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["行政应诉案件", "填写说明"]
    assert [c.value for c in wb["行政应诉案件"][1]] == HEADERS
    notes = "".join(str(v) for r in wb["填写说明"].iter_rows(values_only=True) for v in r if v)
    assert "第八十五条" in notes and "负责人" in notes

    client.force_login(officer)
    assert 'href="/staff/import/litigation/template.xlsx"' in client.get("/staff/import/").content.decode()
    response = client.get("/staff/import/litigation/template.xlsx")
    assert [c.value for c in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0][1]] == HEADERS


def test_rows_land_in_their_states_with_plaintiffs_hearings_and_heads(tree, officer):
    rows = [
        row(1, **{"收到起诉状日期": None}),  # 已登记
        row(2),  # 答辩期
        row(
            3,
            **{
                "开庭日期": "2022-04-20",
                "负责人是否出庭": "是",
                "出庭负责人身份": "分管副职负责人",
                "出庭负责人姓名": "王五",
                "出庭人职务": "副局长",
            },
        ),  # 已开庭
        row(
            4,
            **{
                "原告": "李四、王六",
                "开庭日期": "2022-04-20",
                "负责人是否出庭": "否",
                "裁判日期": "2022-06-10",
                "裁判结果": "撤销",
                "送达日期": "2022-06-15",
            },
        ),  # 已结案（败诉）
        row(5, **{"裁判日期": "2022-05-10", "裁判结果": "准予撤诉"}),  # 已结案
        row(
            6,
            **{
                "开庭日期": "2022-04-21",
                "负责人是否出庭": "是",
                "出庭负责人身份": "正职负责人",
                "裁判日期": "2022-06-01",
                "裁判结果": "判决驳回诉讼请求",
            },
        ),
    ]
    result = excel.run_import("litigation", workbook(rows), actor=officer)
    assert result.ok, result.messages
    cases = list(Lawsuit.objects.order_by("pk"))
    assert [c.status for c in cases] == ["registered", "answering", "heard", "closed", "closed", "closed"]
    lost = cases[3]
    assert (lost.outcome, lost.judged_on, lost.served_on) == (
        "revoke",
        dt.date(2022, 6, 10),
        dt.date(2022, 6, 15),
    )
    assert lost.effective_on == dt.date(2022, 7, 1)  # 15 日 from service, no appeal
    assert cases[4].effective_on == dt.date(2022, 5, 10)  # 撤诉 is effective at once
    assert lost.plaintiff_summary == "李四、王六"
    assert list(Party.objects.filter(lawsuit=lost).values_list("name", flat=True)) == ["李四", "王六"]
    assert Hearing.objects.filter(held=True).count() == 3
    head = Appearance.objects.get(hearing__lawsuit=cases[2])
    assert (head.person_name, head.position, head.capacity, head.counts_as_head) == (
        "王五",
        "副局长",
        "deputy_in_charge",
        True,
    )
    # Only the open case runs a clock; the closed ones' clocks stopped on their steps' dates.
    running = Clock.objects.exclude(state="stopped")
    assert {c.subject_id: c.code for c in running} == {cases[1].pk: "answer"}
    appeal = Clock.objects.get(subject_id=lost.pk, code="appeal")
    assert (appeal.stopped_on, appeal.met) == (dt.date(2022, 7, 1), False)  # 生效 is the day after it ran out
    # The history is a path of the procedure: 提交答辩状 and 结案归档 are inferred (推定).
    assert [(log.transition, log.legal_date) for log in engine.history(lost)] == [
        ("receive", dt.date(2022, 3, 1)),
        ("file_answer", dt.date(2022, 4, 20)),
        ("hold_hearing", dt.date(2022, 4, 20)),
        ("decide", dt.date(2022, 6, 15)),
        ("take_effect", dt.date(2022, 7, 1)),
        ("close", dt.date(2022, 7, 1)),
    ]
    assert engine.history(lost)[1].label == "提交答辩状和证据（历史数据导入，推定）"
    assert AuditEvent.objects.get(action="record.import").detail["count"] == 6

    prefix = tree["east"].prefix
    assert figure("litigation.received", prefix, *YEAR)[0].numerator == 5
    assert figure("litigation.loss_rate", prefix, *YEAR)[1] == "33.33%"  # 1 lost of 3 concluded
    rate, _ = figure("litigation.head_appearance_rate", prefix, *YEAR)
    assert (rate.numerator, rate.denominator) == (2, 3)


def test_recent_judgment_still_in_its_appeal_period_runs_the_appeal_clock(tree, officer):
    from django.utils import timezone

    served = timezone.localdate() - dt.timedelta(days=3)
    rows = [
        row(
            1,
            **{
                "收到起诉状日期": (served - dt.timedelta(days=60)).isoformat(),
                "裁判日期": (served - dt.timedelta(days=2)).isoformat(),
                "裁判结果": "判决驳回诉讼请求",
                "送达日期": served.isoformat(),
            },
        )
    ]
    assert excel.run_import("litigation", workbook(rows), actor=officer).ok
    case = Lawsuit.objects.get()
    assert case.status == "appeal_period" and case.effective_on is None
    running = Clock.objects.filter(subject_id=case.pk, state="running")
    assert {(c.code, c.start_date) for c in running} == {("appeal", served), ("own_appeal", served)}


def test_the_last_partys_service_decides_when_an_imported_judgment_takes_effect_article_85(tree, officer):
    from django.utils import timezone

    # 本机关's 上诉期 has run out, the last plaintiff's (served later) has not: still 上诉期.
    served, last = timezone.localdate() - dt.timedelta(days=20), timezone.localdate() - dt.timedelta(days=3)
    dates = {"收到起诉状日期": "2022-03-01", "裁判日期": (served - dt.timedelta(days=2)).isoformat()}
    rows = [
        row(1, **dates, 裁判结果="判决撤销", 送达日期=served.isoformat(), 最后一方当事人送达日期=last.isoformat()),
        row(2, **{"裁判日期": "2022-06-01", "裁判结果": "判决驳回诉讼请求", "送达日期": "2022-06-03",
                  "最后一方当事人送达日期": "2022-06-10"}),
    ]  # fmt: skip
    assert excel.run_import("litigation", workbook(rows), actor=officer).ok
    open_case, closed = Lawsuit.objects.order_by("case_number")
    assert open_case.status == "appeal_period" and open_case.effective_on is None
    assert Clock.objects.get(subject_id=open_case.pk, code="appeal", state="running").start_date == last
    # 2022-06-10 + 15 日 = 06-25 (Saturday) → 06-27; effective the day after (第八十五条).
    assert (closed.status, closed.effective_on) == ("closed", dt.date(2022, 6, 28))


def test_second_instance_rows_take_article_89_outcomes_and_take_effect_on_service(tree, officer):
    second = {"审级": "二审", "裁判日期": "2022-06-01", "送达日期": "2022-06-03"}
    result = excel.run_import("litigation", workbook([row(1, **second, 裁判结果="判决撤销")]), actor=officer)
    assert not result.ok and "二审案件不能填写“判决撤销”" in "\n".join(result.messages)
    result = excel.run_import("litigation", workbook([row(1, **second, 裁判结果="驳回上诉")]), actor=officer)
    assert result.ok, result.messages
    case = Lawsuit.objects.get()
    assert (case.status, case.outcome, case.effective_on) == ("closed", "uphold", dt.date(2022, 6, 3))
    assert [log.transition for log in engine.history(case)][-2:] == ["decide_second", "close"]


def test_bad_rows_import_nothing_with_chinese_row_errors(tree, officer):
    rows = [
        row(1),
        row(1),  # same court and number
        row(3, **{"负责人是否出庭": "是"}),  # no hearing, no capacity
        row(4, **{"裁判结果": "判决撤销"}),  # no 裁判日期
        row(5, **{"开庭日期": "2022-02-01"}),  # before the complaint
        row(6, **{"审级": "三审", "被告单位": "西区司法局"}),
        row(7, **{"负责人是否出庭": "是", "开庭日期": "2022-04-01", "出庭负责人身份": "律师"}),
    ]
    result = excel.run_import("litigation", workbook(rows), actor=officer)
    assert not result.ok
    assert Lawsuit.objects.count() == 0 and Party.objects.count() == 0 and Hearing.objects.count() == 0
    text = "\n".join(result.messages)
    assert "第3行“案号”：与第2行重复（法院和案号相同）" in text
    assert "第4行“负责人是否出庭”：负责人出庭须有开庭日期" in text
    assert "第4行“出庭负责人身份”：负责人出庭时须填写出庭负责人身份" in text
    assert "第5行“裁判日期”：填写了裁判结果，须同时填写裁判日期" in text
    assert "第6行“开庭日期”：不能早于收到起诉状日期" in text
    assert "第7行“审级”：“三审”不是有效的选项" in text
    assert "第7行“被告单位”：找不到单位“西区司法局”" in text  # with its cell errors, in one attempt
    assert "第8行“出庭负责人身份”：“律师”不是有效的选项" in text


def test_defendant_outside_the_scope_is_refused_and_existing_numbers_are_skipped(tree, officer):
    assert excel.run_import("litigation", workbook([row(9)]), actor=officer).ok
    result = excel.run_import(
        "litigation", workbook([row(9), row(10, **{"被告单位": "西区司法局"})]), actor=officer
    )
    assert result.messages == ["第3行“被告单位”：找不到单位“西区司法局”（或该单位不在您的数据范围内）。"]
    assert Lawsuit.objects.count() == 1

    # The same file again, plus a new row: the known lawsuit is skipped unchanged, the new one added.
    result = excel.run_import(
        "litigation", workbook([row(9, **{"开庭日期": "2022-04-20"}), row(10)]), actor=officer
    )
    assert result.ok and result.created == 1 and result.skipped_rows == [2]
    assert "已存在，跳过 1 条（第2行），未作修改" in result.summary
    assert Lawsuit.objects.get(case_number="（2022）桂0206行初9号").status == "answering"
    assert Lawsuit.objects.count() == 2


def test_command_line_import(tree, tmp_path):
    path = tmp_path / "lawsuits.xlsx"
    path.write_bytes(workbook([row(1), row(2, **{"裁判结果": "调解"})]).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "litigation", str(path), stderr=err)
    assert "须指明操作人（命令行导入请加 --actor 用户名）" in err.getvalue()
    factories.user(tree["east_justice"], roles=("officer",), scope="region", username="yingsu")
    with pytest.raises(CommandError):
        call_command("import", "litigation", str(path), "--actor", "yingsu", stderr=err)
    assert "第3行“裁判日期”" in err.getvalue()
    assert Lawsuit.objects.count() == 0
    path.write_bytes(workbook([row(1), row(2, **{"裁判结果": "调解", "裁判日期": "2022-04-01"})]).getvalue())
    out = io.StringIO()
    call_command("import", "litigation", str(path), "--actor", "yingsu", stdout=out)
    assert "导入成功：共 2 条。" in out.getvalue()
    assert Lawsuit.objects.get(case_number="（2022）桂0206行初2号").outcome == "mediated"


def test_lawsuit_export_has_chinese_columns_and_no_identifiers(client, tree, officer):
    from tests.litigation import factories as lf

    lf.register(tree["east_market"], officer)  # plaintiff with 身份证号 and phone
    client.force_login(officer)
    response = client.get("/staff/lawsuits/export.xlsx")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:3] == ("案号", "受理法院", "审级")
    assert "原告" in rows[0] and "被告" in rows[0]
    assert rows[1][rows[0].index("原告")] == "张三"
    flat = "".join(str(v) for r in rows for v in r if v)
    assert lf.PERSON_ID not in flat and "13800138000" not in flat
