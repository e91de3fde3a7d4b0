"""Excel import of historical 行政复议 cases: template, states, all-or-nothing, law version, seed 000."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import unquote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core import excel
from fazhi.core.audit.models import AuditEvent
from fazhi.core.calendar.models import Clock
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import Party, ReconsiderationCase
from tests import factories
from tests.factories import figure
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

HEADERS = [
    "案号",
    "承办单位",
    "收件日期",
    "渠道",
    "申请人姓名/名称",
    "申请人类型",
    "申请人证件号码",
    "被申请人",
    "被申请行为类型",
    "被申请行为",
    "行政复议请求",
    "受理日期",
    "是否简易程序",
    "审结日期",
    "决定类型",
    "终止理由",
    "送达日期",
]
VALID_ID = "11010519491231002X"
BAD_ID = "110105194912310021"  # check digit wrong
YEAR = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def row(**kw) -> list:
    """One sheet row by header, with a plausible 2022 case as default."""
    values = {
        "承办单位": "东区司法局",
        "收件日期": "2022-03-01",
        "渠道": "当面递交",
        "申请人姓名/名称": "张三",
        "申请人证件号码": VALID_ID,
        "被申请人": "东区市场监督管理局",
        "被申请行为类型": "行政处罚",
        "被申请行为": "罚款五千元的行政处罚决定",
        **kw,
    }
    return [values.get(h) for h in HEADERS]


def workbook(rows: list[list]) -> io.BytesIO:
    """The downloaded template with rows typed in from row 2, as a user fills it."""
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes("reconsideration")))
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
    return factories.user(
        tree["east_justice"], roles=("officer", "reviewer"), username="fuyi", full_name="复议专员"
    )


# --- template ------------------------------------------------------------------------------------


def test_template_from_the_command_line_has_chinese_headers_and_instructions(tmp_path):
    target = tmp_path / "t.xlsx"
    out = io.StringIO()
    call_command("import", "--template", "reconsideration", "-o", str(target), stdout=out)
    assert "已生成行政复议案件导入模板" in out.getvalue()
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["行政复议案件", "填写说明"]
    assert [c.value for c in wb["行政复议案件"][1]] == HEADERS
    notes = "".join(str(v) for r in wb["填写说明"].iter_rows(values_only=True) for v in r if v)
    assert "2024年1月1日前收到的申请适用2017年《行政复议法》" in notes
    assert "整个文件都不会导入" in notes
    drops = {dv.formula1 for dv in wb["行政复议案件"].data_validations.dataValidation}
    assert '"网上申请,当面递交,邮寄,口头申请,经作出行政处罚决定的机关转交"' in drops


def test_import_screen_lists_the_kind_by_role_and_serves_the_template(client, tree, officer):
    leader = factories.user(tree["east_justice"], roles=("leader",), username="lingdao")
    sysadmin = factories.user(None, roles=("sysadmin",), username="xitong")

    client.force_login(officer)
    page = client.get("/staff/import/").content.decode()
    assert 'href="/staff/import/reconsideration/template.xlsx"' in page
    assert "行政复议案件" in page
    response = client.get("/staff/import/reconsideration/template.xlsx")
    assert response.status_code == 200
    name = unquote(response["Content-Disposition"].split("filename*=utf-8''")[1])
    assert name == "行政复议案件导入模板.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]] == HEADERS

    for other in (leader, sysadmin):  # not an importing role: the kind is not even disclosed
        client.force_login(other)
        assert "/staff/import/reconsideration/" not in client.get("/staff/import/").content.decode()
        assert client.get("/staff/import/reconsideration/template.xlsx").status_code == 404


# --- good files ------------------------------------------------------------------------------------


def test_each_row_lands_in_its_state_with_parties_history_and_clocks(tree, officer):
    rows = [
        row(),  # 受理审查中
        row(**{"受理日期": "2022-03-04", "申请人姓名/名称": "李四"}),  # 审理中
        row(
            **{
                "受理日期": "2022-03-04",
                "审结日期": "2022-04-20",
                "决定类型": "撤销",
                "申请人姓名/名称": "王五",
            }
        ),
        row(
            **{
                "受理日期": "2022-03-04",
                "审结日期": "2022-04-10",
                "决定类型": "终止",
                "终止理由": "申请人撤回",
                "送达日期": "2022-04-12",
                "申请人姓名/名称": "赵六",
            }
        ),
        row(**{"审结日期": "2022-03-05", "决定类型": "不予受理", "申请人姓名/名称": "钱七"}),
        row(
            **{
                "案号": "东区司法复〔2022〕7号",
                "申请人姓名/名称": "云岭商贸有限公司",
                "申请人类型": "法人或者其他组织",
                "申请人证件号码": None,  # may be left blank
            }
        ),
    ]
    result = excel.run_import("reconsideration", workbook(rows), actor=officer)
    assert result.ok, result.messages
    assert result.created == 6

    cases = list(ReconsiderationCase.objects.order_by("pk"))
    assert [c.status for c in cases] == ["review", "reviewing", "decided", "served", "rejected", "review"]
    assert {c.law_version for c in cases} == {"2017"}
    decided, served, rejected = cases[2], cases[3], cases[4]
    assert (decided.decision_type, decided.decided_on) == ("revoke", dt.date(2022, 4, 20))
    assert (served.decision_type, served.termination_ground) == ("terminated", "withdrawn")
    assert served.served_on == dt.date(2022, 4, 12)
    assert rejected.accepted_on is None and rejected.decision_type == ""

    # Blank numbers were generated after the one written in the file (serial 7).
    assert cases[5].case_number == "东区司法复〔2022〕7号"
    assert [c.case_number for c in cases[:5]] == [f"东区司法复〔2022〕{n}号" for n in range(8, 13)]

    parties = Party.objects.filter(case=cases[0]).order_by("id")
    assert [(p.role, p.name, p.id_number) for p in parties] == [
        ("applicant", "张三", VALID_ID),
        ("respondent", "东区市场监督管理局", ""),
    ]
    assert cases[0].applicant_names == "张三"
    company = Party.objects.get(case=cases[5], role="applicant")
    assert company.kind == "organisation"

    labels = [(log.label, log.legal_date) for log in engine.history(served)]
    assert labels == [
        ("登记收件（历史数据导入）", dt.date(2022, 3, 1)),
        ("受理（历史数据导入）", dt.date(2022, 3, 4)),
        ("终止审理（历史数据导入）", dt.date(2022, 4, 10)),
        ("送达（历史数据导入）", dt.date(2022, 4, 12)),
    ]
    assert engine.history(served).last().actor == officer
    # A decision is taken only in 审理中: the steps the file does not record (副本, 答复) are
    # inferred, dated with the next known date.
    assert [(log.label, log.legal_date) for log in engine.history(decided)][2:] == [
        ("向被申请人发送申请书副本（历史数据导入，推定）", dt.date(2022, 4, 20)),
        ("登记答复（历史数据导入，推定）", dt.date(2022, 4, 20)),
        ("作出行政复议决定（历史数据导入）", dt.date(2022, 4, 20)),
    ]

    running = {c.subject_id: c.code for c in Clock.objects.exclude(state="stopped")}
    assert running == {
        cases[0].pk: "acceptance_review",
        cases[1].pk: "decision",
        cases[5].pk: "acceptance_review",
    }
    decision = Clock.objects.get(subject_id=cases[2].pk, code="decision")  # 2022-03-04 + 60 日
    assert (decision.stopped_on, decision.met) == (dt.date(2022, 4, 20), True)

    # One audit row for the batch (from the engine) and one for the import.
    batch = AuditEvent.objects.get(action="record.import")
    assert batch.detail["count"] == 6 and batch.username == "fuyi"
    assert AuditEvent.objects.filter(action="import", object_type="import.reconsideration").count() == 1


def test_imported_open_case_continues_through_the_engine(tree, officer):
    excel.run_import("reconsideration", workbook([row(**{"受理日期": "2022-03-04"})]), actor=officer)
    case = ReconsiderationCase.objects.get()
    with pytest.raises(engine.TransitionError, match="不能早于"):  # the imported 受理 is in the log
        engine.perform(case, "decide", actor=officer, data=rf.decision("uphold", "2022-03-01"))
    engine.perform(case, "decide", actor=officer, data=rf.decision("uphold", "2022-04-01"))
    assert case.status == "decided"


# --- bad files: nothing imported --------------------------------------------------------------------


def test_bad_rows_import_nothing_and_every_error_names_its_row_in_chinese(tree, officer):
    rows = [
        row(),
        row(**{"申请人证件号码": BAD_ID}),
        row(**{"收件日期": "2022-02-30"}),
        row(**{"渠道": "传真"}),
        row(**{"受理日期": "2022-03-04", "决定类型": "维持"}),  # no 审结日期
        row(**{"承办单位": "西区司法局"}),  # outside the officer's data scope
        row(**{"受理日期": "2022-02-01"}),  # accepted before received
    ]
    result = excel.run_import("reconsideration", workbook(rows), actor=officer)
    assert not result.ok
    assert ReconsiderationCase.objects.count() == 0 and Party.objects.count() == 0
    text = "\n".join(result.messages)
    assert "第3行“申请人证件号码”：公民身份号码校验位错误" in text
    assert "第4行“收件日期”：“2022-02-30”不是有效日期" in text
    assert "第5行“渠道”：“传真”不是有效的选项" in text
    assert "第6行“审结日期”：填写了决定类型，须同时填写审结日期" in text
    assert "第7行“承办单位”：找不到单位“西区司法局”" in text
    assert "第8行“受理日期”：不能早于收件日期" in text
    assert not any(m.startswith("第2行") for m in result.messages)  # the good row has no error
    assert result.summary.startswith("导入失败")


def test_decision_type_the_2017_law_did_not_have_is_refused(tree, officer):
    decided = {"受理日期": "2023-06-05", "审结日期": "2023-07-20"}
    rows = [
        row(**{"收件日期": "2023-06-01", "决定类型": "驳回复议请求", **decided}),
        row(**{"收件日期": "2023-06-01", "决定类型": "确认无效", "申请人姓名/名称": "李四", **decided}),
        row(**{"收件日期": "2023-06-01", "是否简易程序": "是", "申请人姓名/名称": "王五"}),
    ]
    result = excel.run_import("reconsideration", workbook(rows), actor=officer)
    assert not result.ok and ReconsiderationCase.objects.count() == 0
    text = "\n".join(result.messages)
    assert "第2行“决定类型”：收件日期适用2017年《行政复议法》，不能作出“驳回复议请求”决定" in text
    assert "第3行“决定类型”：收件日期适用2017年《行政复议法》，不能作出“确认无效”决定" in text
    assert "第4行“是否简易程序”：2024年1月1日前收到的申请适用2017年《行政复议法》，没有简易程序" in text

    # The same decisions on cases received in 2024 follow the 2023 law and are accepted; the 2017
    # "驳回行政复议申请" is not a 2023 decision, and a bare "驳回" is ambiguous there.
    later = {"受理日期": "2024-01-08", "审结日期": "2024-02-20"}
    good = [
        row(**{"收件日期": "2024-01-03", "决定类型": "驳回复议请求", **later}),
        row(**{"收件日期": "2024-01-03", "决定类型": "确认无效", "申请人姓名/名称": "李四", **later}),
    ]
    assert excel.run_import("reconsideration", workbook(good), actor=officer).ok
    assert set(ReconsiderationCase.objects.values_list("law_version", flat=True)) == {"2023"}
    bad = [
        row(**{"收件日期": "2024-01-04", "决定类型": "驳回行政复议申请", **later}),
        row(**{"收件日期": "2024-01-04", "决定类型": "驳回", "申请人姓名/名称": "李四", **later}),
    ]
    result = excel.run_import("reconsideration", workbook(bad), actor=officer)
    assert not result.ok
    assert "适用2023年《行政复议法》，不能作出“驳回行政复议申请”决定" in result.messages[0]
    assert "请写明其一" in result.messages[1]
    assert ReconsiderationCase.objects.count() == 2


def test_duplicate_case_numbers_in_the_file_are_refused_and_those_in_the_database_skipped(tree, officer):
    assert excel.run_import(
        "reconsideration", workbook([row(**{"案号": "东区司法复〔2022〕3号"})]), actor=officer
    ).ok
    rows = [
        row(**{"案号": "东区司法复〔2022〕3号", "受理日期": "2022-03-04"}),
        row(**{"案号": "东区司法复[2022]5号"}),
        row(**{"案号": "东区司法复（2022）5号"}),
        row(**{"案号": "二〇二二年五号"}),
    ]
    result = excel.run_import("reconsideration", workbook(rows), actor=officer)
    text = "\n".join(result.messages)
    assert "第2行" not in text and result.skipped_rows == [2]  # already in the system: skipped
    assert "第4行：与第3行重复（案号，或承办单位、收件日期、申请人和被申请行为相同）" in text
    assert "第5行“案号”：应含〔年份〕和序号" in text
    assert ReconsiderationCase.objects.count() == 1
    assert ReconsiderationCase.objects.get().status == "review"  # the stored case is not changed


def test_reimporting_a_file_without_case_numbers_never_doubles_it(tree, officer):
    rows = [
        row(),
        row(**{"申请人姓名/名称": "李四", "受理日期": "2022-03-04"}),
        row(**{"申请人姓名/名称": "李四", "被申请行为": "责令停产停业决定"}),
    ]
    first = excel.run_import("reconsideration", workbook(rows), actor=officer)
    assert first.ok and first.created == 3
    numbers = set(ReconsiderationCase.objects.values_list("case_number", flat=True))
    again = excel.run_import(
        "reconsideration", workbook([*rows, row(**{"申请人姓名/名称": "孙八"})]), actor=officer
    )
    assert again.ok, again.messages
    assert (again.created, again.skipped_rows) == (1, [2, 3, 4])
    assert again.summary == "导入成功：共 1 条。已存在，跳过 3 条（第2、3、4行），未作修改。"
    assert ReconsiderationCase.objects.count() == 4
    assert numbers < set(ReconsiderationCase.objects.values_list("case_number", flat=True))


def test_every_problem_of_a_bad_row_is_reported_in_one_attempt(tree, officer):
    bad = row(
        **{
            "收件日期": "2022-13-01",  # not a date (a required column)
            "渠道": "传真",  # not a choice
            "承办单位": "西区司法局",  # outside the officer's scope
            "申请人证件号码": BAD_ID,  # check digit
            "受理日期": "2022-03-04",
            "决定类型": "维持",  # without 审结日期
        }
    )
    result = excel.run_import("reconsideration", workbook([bad]), actor=officer)
    assert not result.ok
    assert sorted(result.messages) == sorted(
        [
            "第2行“收件日期”：“2022-13-01”不是有效日期，请写成 2022-03-05 的形式。",
            "第2行“渠道”：“传真”不是有效的选项，可选：网上申请、当面递交、邮寄、口头申请、经作出行政处罚决定的机关转交、网上、当面、口头。",
            "第2行“承办单位”：找不到单位“西区司法局”（或该单位不在您的数据范围内）。",
            "第2行“申请人证件号码”：公民身份号码校验位错误，请核对。",
            "第2行“审结日期”：填写了决定类型，须同时填写审结日期（决定或终止的日期）。",
        ]
    )
    assert ReconsiderationCase.objects.count() == 0


def test_command_line_import_prints_row_errors_and_exits_1(tree, tmp_path):
    path = tmp_path / "cases.xlsx"
    path.write_bytes(workbook([row(), row(**{"申请人证件号码": BAD_ID})]).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError) as exc_info:  # the log must name who took the steps
        call_command("import", "reconsideration", str(path), stderr=err)
    assert "须指明操作人（命令行导入请加 --actor 用户名）" in err.getvalue()
    factories.user(tree["east_justice"], roles=("officer",), username="fuyi")
    with pytest.raises(CommandError) as exc_info:
        call_command("import", "reconsideration", str(path), "--actor", "fuyi", stderr=err)
    assert "第3行“申请人证件号码”" in err.getvalue() and "未导入任何数据" in str(exc_info.value)
    assert ReconsiderationCase.objects.count() == 0

    path.write_bytes(workbook([row(), row(**{"申请人姓名/名称": "李四"})]).getvalue())
    out = io.StringIO()
    call_command("import", "reconsideration", str(path), "--actor", "fuyi", stdout=out)
    assert "导入成功：共 2 条。" in out.getvalue()
    assert ReconsiderationCase.objects.count() == 2


def test_upload_through_the_staff_screen(client, tree, officer):
    client.force_login(officer)
    upload = SimpleUploadedFile("历史案件.xlsx", workbook([row(), row(**{"渠道": "传真"})]).getvalue())
    response = client.post("/staff/import/reconsideration/", {"file": upload})
    assert response.status_code == 400
    page = re.sub(r"\s+", " ", response.content.decode())
    assert "“传真”不是有效的选项" in page and "未导入任何数据" in page
    assert ReconsiderationCase.objects.count() == 0


# --- seed 000 -------------------------------------------------------------------------------------


def seed_000_rows() -> list[list]:
    """2022 in 东区: 46 applications, 40 accepted, 33 concluded (维持 11, 驳回 6, 撤销 2, 确认违法 1,
    终止 13), 6 not accepted, 7 still under review — decided under the 2017 law."""
    outcomes = ["维持"] * 11 + ["驳回"] * 6 + ["撤销"] * 2 + ["确认违法"] * 1 + ["终止"] * 13
    rows = []
    for i in range(46):
        received = dt.date(2022, 1 + i % 10, 3 + i % 20)
        values = {"收件日期": received.isoformat(), "申请人姓名/名称": f"申请人{i + 1}"}
        if i < 6:
            values.update({"决定类型": "不予受理", "审结日期": (received + dt.timedelta(days=4)).isoformat()})
        else:
            values["受理日期"] = (received + dt.timedelta(days=4)).isoformat()
            if i - 6 < len(outcomes):
                outcome = outcomes[i - 6]
                values.update(
                    {"决定类型": outcome, "审结日期": (received + dt.timedelta(days=50)).isoformat()}
                )
                if outcome == "终止":
                    values["终止理由"] = "申请人撤回"
        rows.append(row(**values))
    return rows


def test_seed_000_import_gives_correction_rate_9_1_percent(tree, officer):
    result = excel.run_import("reconsideration", workbook(seed_000_rows()), actor=officer)
    assert result.ok, result.messages[:5]
    assert result.created == 46

    prefix = tree["east"].prefix
    assert figure("reconsideration.received", prefix, *YEAR)[0].numerator == 46
    assert figure("reconsideration.accepted", prefix, *YEAR)[0].numerator == 40
    assert figure("reconsideration.concluded", prefix, *YEAR)[0].numerator == 33
    assert rf.concluded_by_type(prefix, *YEAR) == {
        "uphold": 11,
        "reject": 6,
        "revoke": 2,
        "confirm_illegal": 1,
        "terminated": 13,
    }
    rate, shown = figure("reconsideration.correction_rate", prefix, *YEAR)
    assert (rate.numerator, rate.denominator, shown) == (3, 33, "9.09%")
    corrected = ReconsiderationCase.objects.filter(decision_type__in=("revoke", "confirm_illegal"))
    assert list(rate.numerator_ids) == sorted(corrected.values_list("pk", flat=True))
    assert set(ReconsiderationCase.objects.values_list("law_version", flat=True)) == {"2017"}


# --- identifiers stay text --------------------------------------------------------------------------


def test_identifier_columns_are_text_cells_and_read_back_exactly(tree, officer):
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes("reconsideration")))
    ws = wb.worksheets[0]
    id_col = HEADERS.index("申请人证件号码") + 1
    number_col = HEADERS.index("案号") + 1
    for r in (2, 500, 1001):
        assert ws.cell(row=r, column=id_col).number_format == "@"
        assert ws.cell(row=r, column=number_col).number_format == "@"
    # typed into the template's text cells, an 18-character ID and a number keep every character
    result = excel.run_import(
        "reconsideration",
        workbook([row(**{"申请人证件号码": "110105194912310\u200b02X", "案号": "东区司法复〔2022〕007号"})]),
        actor=officer,
    )
    assert result.ok, result.messages
    assert Party.objects.get(role="applicant").id_number == VALID_ID
    assert ReconsiderationCase.objects.get().case_number == "东区司法复〔2022〕007号"


def test_an_id_excel_stored_as_a_number_is_refused_with_the_rows_other_errors(tree, officer):
    # What Excel does to 18 digits typed into a General cell: a float with the last digits lost.
    bad = row(**{"申请人证件号码": 110105194912310021, "渠道": "传真"})
    result = excel.run_import("reconsideration", workbook([row(), bad]), actor=officer)
    assert not result.ok and ReconsiderationCase.objects.count() == 0
    assert sorted(result.messages) == [
        "第3行“渠道”：“传真”不是有效的选项，可选：网上申请、当面递交、邮寄、口头申请、经作出行政处罚决定的机关转交、网上、当面、口头。",
        "第3行“申请人证件号码”：Excel把该号码存成了数字（110105194912310000），超过15位的数字末几位已丢失；"
        "请把该列设为文本格式（或在号码前加英文单引号）后重新填写。",
    ]


def test_a_row_whose_steps_the_procedure_does_not_allow_is_refused_naming_row_and_step(
    tree, officer, monkeypatch
):
    from fazhi.core.excel.histories import Step
    from fazhi.reconsideration import imports

    # a source that skipped 送达 before 归档
    importer = imports.RECONSIDERATION.save_row.__self__
    monkeypatch.setattr(importer, "history", (*importer.history, Step("received_on", "archive")))
    result = excel.run_import("reconsideration", workbook([row()]), actor=officer)
    assert not result.ok and ReconsiderationCase.objects.count() == 0
    assert result.messages == [
        "第2行：办理经过不符合程序：第2步“归档”（2022年3月1日）不能在“受理审查中”状态下进行（仅在“已送达”状态下可以进行），"
        "且不能由此依程序到达。"
    ]
