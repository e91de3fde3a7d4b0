"""Excel import of organisations and staff (issue #2 item 4): template, row errors, all or nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core import excel
from fazhi.core.audit.models import AuditEvent
from fazhi.core.excel.reader import read_rows
from fazhi.core.models import DataScope, Organisation, OrganisationKind, RegionLevel, User
from fazhi.core.validators import org_code_check_char, uscc_check_char
from tests import factories


def good_uscc(region6: str = "450206", body: str = "00749812") -> str:
    first17 = "11" + region6 + body + org_code_check_char(body)
    return first17 + uscc_check_char(first17)


def xlsx(kind: str, rows: list[list]) -> io.BytesIO:
    """A file as a user would fill it: the downloaded template with rows typed in from row 2."""
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes(kind)))
    ws = wb.worksheets[0]
    for number, row in enumerate(rows, start=2):  # typed into the template's rows, from row 2
        for column, value in enumerate(row, start=1):
            ws.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


@pytest.fixture
def regions(db):
    city, east, west = factories.county_tree()
    town = factories.region("450206101", "东风镇", RegionLevel.TOWNSHIP, east)
    return {"city": city, "east": east, "west": west, "town": town}


# --- template --------------------------------------------------------------------------------


def test_organisation_template_has_chinese_headers_instructions_and_dropdowns():
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes("organisations")))
    assert wb.sheetnames == ["单位", "填写说明"]
    headers = [c.value for c in wb["单位"][1]]
    assert headers == [
        "名称",
        "类型",
        "所属区划代码",
        "上级单位名称",
        "统一社会信用代码",
        "是否执法主体",
        "单位职能",
        "办公地址",
        "联系电话",
        "办公时间",
    ]
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in wb["单位"].data_validations.dataValidation}
    assert lists["B"] == '"人民政府,工作部门,乡镇,街道,司法所,其他"'
    assert lists["F"] == '"是,否"'
    explained = [row[0] for row in wb["填写说明"].iter_rows(values_only=True)]
    for header in headers:
        assert header in explained
    text = "".join(str(v) for row in wb["填写说明"].iter_rows(values_only=True) for v in row if v)
    assert "整个文件都不会导入" in text


def test_staff_template_headers():
    wb = openpyxl.load_workbook(io.BytesIO(excel.template_bytes("staff")))
    assert [c.value for c in wb.worksheets[0][1]] == ["用户名", "姓名", "所属单位", "角色", "数据范围"]
    assert "系统管理员、安全管理员、审计管理员三个角色互斥" in "".join(
        str(v) for row in wb["填写说明"].iter_rows(values_only=True) for v in row if v
    )


def test_unknown_kind_is_refused_in_chinese():
    with pytest.raises(excel.UnknownKind, match="没有名为“nope”的导入类型"):
        excel.template_bytes("nope")


# --- organisations ---------------------------------------------------------------------------


def test_good_organisation_file_imports_every_row_with_parents_from_earlier_rows(regions):
    parent_uscc = good_uscc()
    result = excel.run_import(
        "organisations",
        xlsx(
            "organisations",
            [
                ["东区人民政府", "人民政府", "450206", None, parent_uscc, "否"],
                ["东区司法局", "工作部门", 450206, "东区人民政府", None, "是"],  # code typed as a number
                [
                    "东区市场监督管理局",
                    "工作部门",
                    "４５０２０６",
                    "东区人民政府",
                    good_uscc(body="12345678"),
                    "是",
                ],
                ["东风镇人民政府", "乡镇", "450206101", "东区人民政府", None, None],
                ["东风镇司法所", "司法所", "450206101", "东区司法局", None, "否"],
            ],
        ),
        actor=None,
    )
    assert result.ok, result.messages
    assert result.created == 5
    gov = Organisation.objects.get(name="东区人民政府")
    assert gov.uscc == parent_uscc and gov.kind == OrganisationKind.GOVERNMENT
    justice = Organisation.objects.get(name="东区司法局")
    assert justice.parent == gov and justice.is_enforcement_body
    office = Organisation.objects.get(name="东风镇司法所")
    assert office.kind == OrganisationKind.JUSTICE_OFFICE and office.region_id == "450206101"
    assert office.path == f"/{gov.pk}/{justice.pk}/{office.pk}/"
    assert Organisation.objects.get(name="东风镇人民政府").is_enforcement_body is False
    event = AuditEvent.objects.get(pk=result.audit_event_id)
    assert event.action == "import" and event.result == "ok" and event.detail["created"] == 5


def test_two_bad_rows_import_nothing_and_both_are_reported_in_chinese(regions):
    bad_uscc = good_uscc()[:-1] + ("0" if good_uscc()[-1] != "0" else "1")
    before = Organisation.objects.count()
    result = excel.run_import(
        "organisations",
        xlsx(
            "organisations",
            [
                ["东区人民政府", "人民政府", "450206", None, None, "否"],
                ["东区司法局", "工作部门", "450206", "东区人民政府", bad_uscc, "是"],  # row 3
                ["东区公安局", "工作部门", "450206", "东区人民政府", None, "是"],
                ["北区人民政府", "人民政府", "450299", None, None, "否"],  # row 5: no such region
            ],
        ),
        actor=None,
    )
    assert not result.ok
    assert Organisation.objects.count() == before  # the good rows 2 and 4 were rolled back too
    assert "第3行“统一社会信用代码”：校验位错误，请核对。" in result.messages
    assert any(m.startswith("第5行“所属区划代码”：") and "不存在" in m for m in result.messages)
    assert {e.row for e in result.errors} == {3, 5}
    assert "未导入任何数据" in result.summary
    event = AuditEvent.objects.get(pk=result.audit_event_id)
    assert event.action == "import" and event.result == "failed" and event.detail["error_rows"] == [3, 5]


def test_organisation_row_errors_cover_required_choice_duplicates_and_failed_parent(regions):
    factories.organisation("西区人民政府", regions["west"], kind="government")
    result = excel.run_import(
        "organisations",
        xlsx(
            "organisations",
            [
                [None, "工作部门", "450206", None, None, None],  # 2: name missing
                ["东区司法局", "科室", "450206", None, None, "否"],  # 3: bad kind
                ["西区人民政府", "人民政府", "450207", None, None, None],  # 4: exists already: skipped
                ["西区人民政府", "人民政府", "450207", None, None, None],  # 5: twice in the file
                ["东区人民政府", "人民政府", "450206", None, None, "也许"],  # 6: bad yes/no
                ["东区财政局", "工作部门", "450206", "东区人民政府", None, "是"],  # 7: parent row failed
                ["东区税务局", "工作部门", "450206", "西区人民政府", None, "是"],  # 8: parent elsewhere
            ],
        ),
    )
    messages = result.messages
    assert "第2行“名称”：必填，不能为空。" in messages
    assert any(m.startswith("第3行“类型”：“科室”不是有效的选项") for m in messages)
    assert not any(m.startswith("第4行") for m in messages) and result.skipped_rows == [4]
    assert "第5行“名称”：与第4行重复（所属区划代码和名称相同）。" in messages
    assert any(m.startswith("第6行“是否执法主体”：") for m in messages)
    assert "第7行“上级单位名称”：上级单位“东区人民政府”在第6行，该行有错误未能导入。" in messages
    assert any(m.startswith("第8行“上级单位名称”：") and "不在本单位所属区划" in m for m in messages)
    assert Organisation.objects.count() == 1


def test_every_problem_of_an_organisation_row_is_reported_in_one_attempt(regions):
    result = excel.run_import(
        "organisations",
        xlsx("organisations", [["东区公安局", "科室", "450299", "东区人民政府", "123", "也许"]]),
    )
    assert not result.ok and not Organisation.objects.filter(name="东区公安局").exists()
    assert {e.column for e in result.errors} == {"类型", "所属区划代码", "统一社会信用代码", "是否执法主体"}
    assert any("450299" in m and "不存在" in m for m in result.messages)


def test_reimporting_an_organisation_file_adds_only_the_new_ones(regions):
    rows = [
        ["东区人民政府", "人民政府", "450206", None, None, "否"],
        ["东区司法局", "工作部门", "450206", "东区人民政府", None, "是"],
    ]
    assert excel.run_import("organisations", xlsx("organisations", rows)).created == 2
    again = excel.run_import(
        "organisations",
        xlsx("organisations", [*rows, ["东区公安局", "工作部门", "450206", "东区人民政府", None, "是"]]),
    )
    assert again.ok and again.created == 1 and again.skipped_rows == [2, 3]
    assert Organisation.objects.filter(region_id="450206").count() == 3
    assert Organisation.objects.get(name="东区公安局").parent.name == "东区人民政府"


def test_not_an_excel_file_is_a_clear_error(db):
    result = excel.run_import("organisations", io.BytesIO(b"name,kind\n"), actor=None)
    assert not result.ok
    assert result.messages == ["文件不是有效的Excel文件（.xlsx）。请使用下载的导入模板填写后上传。"]


def test_missing_required_header_is_reported(db):
    wb = openpyxl.Workbook()
    wb.active.append(["名称", "类型"])
    wb.active.append(["东区司法局", "工作部门"])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result = excel.run_import("organisations", out)
    assert result.messages == ["表头缺少必填列：“所属区划代码”。请使用导入模板。"]


# --- staff -----------------------------------------------------------------------------------


@pytest.fixture
def orgs(regions):
    gov = factories.organisation("东区人民政府", regions["east"], kind="government")
    justice = factories.organisation("东区司法局", regions["east"], parent=gov)
    return {"gov": gov, "justice": justice}


def test_good_staff_file_creates_accounts_with_random_initial_passwords_shown_once(orgs):
    result = excel.run_import(
        "staff",
        xlsx(
            "staff",
            [
                ["zhangsan", "张三", "东区司法局", "承办人、法制审核人员", "本单位"],
                ["lisi", "李四", "450206:东区司法局", "分管领导", "本级及下级"],
                ["wangwu", "王五", None, "系统管理员", None],
            ],
        ),
    )
    assert result.ok, result.messages
    assert [c.username for c in result.credentials] == ["zhangsan", "lisi", "wangwu"]
    zhang = User.objects.get(username="zhangsan")
    assert zhang.roles == ["officer", "reviewer"] and zhang.organisation == orgs["justice"]
    assert User.objects.get(username="lisi").data_scope == DataScope.SUBTREE
    for cred in result.credentials:
        user = User.objects.get(username=cred.username)
        assert cred.password not in user.password  # only the hash is stored
        assert authenticate(username=cred.username, password=cred.password) == user
        pw = cred.password
        assert len(pw) >= 10 and cred.username not in pw.lower()
        assert sum(any(f(c) for c in pw) for f in (str.isupper, str.islower, str.isdigit)) >= 3
    assert len({c.password for c in result.credentials}) == 3
    event = AuditEvent.objects.get(pk=result.audit_event_id)
    assert all(c.password not in str(event.detail) for c in result.credentials)


def test_duplicate_username_is_refused_regardless_of_case_and_width(orgs):
    factories.user(orgs["justice"], username="ZhangSan")
    result = excel.run_import(
        "staff",
        xlsx(
            "staff",
            [
                ["ｚｈａｎｇｓａｎ", "张三", "东区司法局", "承办人", None],
                ["LiSi", "李四", "东区司法局", "承办人", None],
                ["lisi", "李四", "东区司法局", "承办人", None],
            ],
        ),
    )
    assert not result.ok
    assert "第2行“用户名”：与已有账号“ZhangSan”重复（用户名不区分大小写和全角半角）。" in result.messages
    assert "第4行“用户名”：与第3行的用户名“LiSi”重复（用户名不区分大小写和全角半角）。" in result.messages
    assert User.objects.count() == 1


def test_every_problem_of_a_staff_row_is_reported_in_one_attempt(orgs):
    factories.user(orgs["justice"], username="ZhangSan")
    result = excel.run_import("staff", xlsx("staff", [["zhangsan", "张三", "不存在的单位", "厨师", "全国"]]))
    assert not result.ok and User.objects.count() == 1
    assert {e.column for e in result.errors} == {"用户名", "所属单位", "角色", "数据范围"}


def test_three_administrator_roles_exclude_each_other_and_case_roles(orgs):
    result = excel.run_import(
        "staff",
        xlsx(
            "staff",
            [
                ["admin1", "甲", None, "系统管理员、安全管理员", None],
                ["admin2", "乙", "东区司法局", "审计管理员，承办人", None],
                ["clerk", "丙", None, "承办人", None],
                ["clerk2", "丁", "东区司法局", "科长", None],
                ["clerk3", "戊", "东区财政局", "承办人", None],
            ],
        ),
    )
    assert not result.ok
    messages = result.messages
    assert "第2行“角色”：系统管理员、安全管理员、审计管理员三个角色互斥，不能由同一账号兼任。" in messages
    assert "第3行“角色”：管理员账号不能同时担任业务角色。" in messages
    assert "第4行“所属单位”：业务人员必须属于一个单位。" in messages
    assert any(m.startswith("第5行“角色”：“科长”不是有效的选项") for m in messages)
    assert "第6行“所属单位”：找不到单位“东区财政局”，请先导入单位或核对名称。" in messages
    assert not User.objects.exists()


def test_ambiguous_organisation_name_asks_for_region_code(orgs, regions):
    factories.organisation("司法局", regions["east"])
    factories.organisation("司法局", regions["west"])
    result = excel.run_import("staff", xlsx("staff", [["a1", "甲", "司法局", "承办人", None]]))
    assert any("请写成“区划代码:单位名称”" in m for m in result.messages)


# --- command ---------------------------------------------------------------------------------


def test_import_command_writes_template_and_imports(regions, tmp_path):
    template = tmp_path / "t.xlsx"
    call_command("import", "--template", "organisations", "-o", str(template), stdout=io.StringIO())
    assert openpyxl.load_workbook(template).sheetnames == ["单位", "填写说明"]
    data = tmp_path / "orgs.xlsx"
    data.write_bytes(
        xlsx("organisations", [["东区人民政府", "人民政府", "450206", None, None, "否"]]).getvalue()
    )
    out = io.StringIO()
    call_command("import", "organisations", str(data), stdout=out)
    assert "导入成功：共 1 条。" in out.getvalue()
    assert Organisation.objects.filter(name="东区人民政府").exists()


def test_import_command_exits_1_and_prints_every_row_error(regions, tmp_path):
    # call_command with the command's own stderr: going through fazhi.cli would close the test's
    # database connection (Django closes all connections when a command run from argv ends).
    data = tmp_path / "orgs.xlsx"
    data.write_bytes(
        xlsx(
            "organisations",
            [
                ["东区人民政府", "人民政府", "450299", None, None, "否"],
                ["东区司法局", "部门", "450206", None, None, "是"],
            ],
        ).getvalue()
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as exc_info:
        call_command("import", "organisations", str(data), stderr=err)
    assert exc_info.value.returncode == 1
    text = err.getvalue() + str(exc_info.value)
    assert "第2行“所属区划代码”" in text and "第3行“类型”" in text and "未导入任何数据" in text
    assert not Organisation.objects.exists()


def test_import_command_prints_staff_passwords_once(orgs, tmp_path):
    data = tmp_path / "staff.xlsx"
    data.write_bytes(xlsx("staff", [["zhaoliu", "赵六", "东区司法局", "承办人", None]]).getvalue())
    out = io.StringIO()
    call_command("import", "staff", str(data), stdout=out)
    line = next(line for line in out.getvalue().splitlines() if "zhaoliu" in line)
    password = line.split("\t")[-1]
    assert authenticate(username="ZHAOLIU", password=password) is not None


def test_import_command_unknown_kind(db):
    with pytest.raises(CommandError, match="没有名为“people”的导入类型"):
        call_command("import", "--template", "people")


# --- bounds and the real rows (issue 10 item 7) ----------------------------------------------------


def _rewrite_sheet(data: io.BytesIO, change) -> io.BytesIO:
    """Edit the first worksheet's XML of a workbook, as another program might have written it."""
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(data) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = change(re, content.decode()).encode()
            dst.writestr(info, content)
    out.seek(0)
    return out


def _org_rows(n: int) -> list[list]:
    return [[f"东区第{i}局", "工作部门", "450206", None, None, "否"] for i in range(n)]


def test_rows_beyond_a_wrong_dimension_are_read_not_dropped(regions):
    """The <dimension> said A1:Q5 over 20 rows: 4 were imported and 16 dropped silently."""
    data = _rewrite_sheet(
        xlsx("organisations", _org_rows(20)),
        lambda re, xml: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:Q5"/>', xml),
    )
    sheet = read_rows(excel.get("organisations"), data)
    assert not sheet.errors and len(sheet.rows) == 20


def test_a_sheet_of_a_million_blank_rows_is_refused_quickly(regions):
    import time

    blank = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(22, 1_000_000))
    data = _rewrite_sheet(
        xlsx("organisations", _org_rows(20)),
        lambda re, xml: xml.replace("</sheetData>", blank + "</sheetData>"),
    )
    assert len(data.getvalue()) < 10 * 1024 * 1024
    started = time.monotonic()
    sheet = read_rows(excel.get("organisations"), data)
    assert time.monotonic() - started < 10
    assert sheet.errors and "超过" in sheet.errors[0].message


def test_rows_over_the_limit_with_blank_rows_are_refused_by_count(regions):
    from fazhi.core.excel import reader

    blank = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(22, 22 + 200))
    data = _rewrite_sheet(
        xlsx("organisations", _org_rows(20)),
        lambda re, xml: xml.replace("</sheetData>", blank + "</sheetData>"),
    )
    kind = excel.get("organisations")
    original = reader.BLANK_ROWS_ALLOWED
    try:
        reader.BLANK_ROWS_ALLOWED = 100 - kind.max_rows  # i.e. at most 100 rows read
        sheet = read_rows(kind, data)
    finally:
        reader.BLANK_ROWS_ALLOWED = original
    assert "工作表超过 100 行（含空行）" in sheet.errors[0].message


def test_a_workbook_that_unpacks_too_large_is_refused_before_parsing(regions, monkeypatch):
    from fazhi.core.excel import reader

    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 1000)
    monkeypatch.setattr(reader, "load_workbook", lambda *a, **k: pytest.fail("parsed"))
    sheet = read_rows(excel.get("organisations"), xlsx("organisations", _org_rows(3)))
    assert "文件解压后有" in sheet.errors[0].message and not sheet.rows


def test_organisation_address_phone_and_hours_are_imported_and_a_bad_phone_is_refused(regions):
    """Issue 11 item 18: the portal names the 行政复议机关 and 行政复议机构 with these; a phone that is
    no phone number is refused in Chinese and nothing is imported."""
    row = ["东区司法局", "工作部门", "450206", None, None, "否", "司法行政机关、行政复议机构"]
    contact = ["人民路1号政务服务中心二楼", "０７７１－５５５１２３４", "工作日8:30—17:30"]
    bad = excel.run_import(
        "organisations", xlsx("organisations", [row + [contact[0], "5551234", contact[2]]])
    )
    assert not bad.ok and not Organisation.objects.filter(name="东区司法局").exists(), bad.messages
    assert any(m.startswith("第2行“联系电话”：应为11位手机号码或带区号的固定电话") for m in bad.messages)

    good = excel.run_import("organisations", xlsx("organisations", [row + contact]))
    assert good.ok, good.messages
    org = Organisation.objects.get(name="东区司法局")
    assert (org.address, org.phone, org.office_hours) == (contact[0], "0771-5551234", contact[2])
