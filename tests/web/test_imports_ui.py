"""The staff Excel import screen (issue #2 item 4): template, upload, row errors, one-time passwords."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fazhi.core.audit.models import AuditEvent
from fazhi.core.models import Organisation, User
from fazhi.web import imports as import_views
from tests import factories

ORG_HEADERS = [
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
STAFF_HEADERS = ["用户名", "姓名", "所属单位", "角色", "数据范围"]


def xlsx_upload(headers: list[str], rows: list[list], name: str = "导入.xlsx") -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=import_views.XLSX_TYPE)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def sysadmin(tree):
    return factories.user(None, roles=("sysadmin",), username="sysadmin", full_name="管理员甲")


@pytest.fixture
def admin_client(sysadmin, login):
    return login(sysadmin)


def test_sysadmin_without_organisation_sees_the_import_screen_and_nav_item(admin_client):
    dashboard = admin_client.get("/staff/")
    assert dashboard.status_code == 200
    assert 'href="/staff/import/"' in dashboard.content.decode()  # nav item 数据导入
    page = admin_client.get("/staff/import/")
    assert page.status_code == 200
    text = page_text(page)
    assert "管理员甲" in text and "系统管理员" in text  # the header copes with no organisation
    for kind in ("organisations", "staff"):
        assert f'href="/staff/import/{kind}/template.xlsx"' in text
        assert f'action="/staff/import/{kind}/"' in text
    assert 'enctype="multipart/form-data"' in text and "csrfmiddlewaretoken" in text
    assert "下载模板" in text and "批量导入工作人员账号" in text


def test_template_download_is_an_xlsx_attachment_with_chinese_headers(admin_client):
    response = admin_client.get("/staff/import/organisations/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == import_views.XLSX_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=utf-8''")[1]) == "单位导入模板.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]] == ORG_HEADERS


def test_good_organisation_file_imports_through_the_screen(admin_client, tree, sysadmin):
    before = Organisation.objects.count()
    upload = xlsx_upload(
        ORG_HEADERS,
        [
            ["东区财政局", "工作部门", "450206", "东区人民政府", None, "否"],
            ["东区财政局国库科", "其他", "450206", "东区财政局", None, None],
        ],
    )
    response = admin_client.post("/staff/import/organisations/", {"file": upload})
    assert response.status_code == 200
    assert "导入成功：共 2 条。" in page_text(response)
    assert Organisation.objects.count() == before + 2
    child = Organisation.objects.get(name="东区财政局国库科")
    assert child.parent.name == "东区财政局" and child.parent.parent == tree["east_gov"]
    event = AuditEvent.objects.filter(action="import").latest("pk")
    assert event.user_id == sysadmin.pk and event.result == "ok"


def test_two_bad_rows_are_both_listed_and_nothing_is_imported(admin_client, tree):
    before = Organisation.objects.count()
    upload = xlsx_upload(
        ORG_HEADERS,
        [
            ["东区财政局", "工作部门", "450206", "东区人民政府", None, "否"],  # row 2: fine
            ["东区教育局", "科室", "450206", "东区人民政府", None, "否"],  # row 3: bad 类型
            ["东区卫健局", "工作部门", "450206", "东区人民政府", None, "否"],  # row 4: fine
            ["北区人民政府", "人民政府", "450299", None, None, "否"],  # row 5: no such region
        ],
    )
    response = admin_client.post("/staff/import/organisations/", {"file": upload})
    assert response.status_code == 400
    text = page_text(response)
    assert re.search(r"导入失败：.*未导入任何数据", text)
    table = text.split('id="import-errors"')[1].split("</table>")[0]
    assert "<th>行号</th><th>列</th><th>问题</th>" in table
    rows = re.findall(r'<tr><td class="nowrap">(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>', table)
    assert {(row, col) for row, col, _ in rows} == {("3", "类型"), ("5", "所属区划代码")}
    assert any(row == "5" and "不存在" in problem for row, _, problem in rows)
    assert Organisation.objects.count() == before  # the good rows 2 and 4 were not kept either
    assert not Organisation.objects.filter(name__in=["东区财政局", "东区卫健局"]).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("单位.csv", "名称,类型\n东区财政局,工作部门\n".encode(), "只能导入 .xlsx 格式的Excel文件"),
        ("单位.xlsx", b"this is not a workbook", "文件不是有效的Excel文件"),
    ],
)
def test_a_file_that_is_not_xlsx_gets_a_chinese_error(admin_client, tree, name, content, message):
    before = Organisation.objects.count()
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    response = admin_client.post("/staff/import/organisations/", {"file": upload})
    assert response.status_code == 400
    assert message in page_text(response)
    assert Organisation.objects.count() == before


def test_an_oversized_file_is_refused_in_chinese(admin_client, tree, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_IMPORT_BYTES", 100)
    upload = xlsx_upload(ORG_HEADERS, [["东区财政局", "工作部门", "450206", None, None, "否"]])
    response = admin_client.post("/staff/import/organisations/", {"file": upload})
    assert response.status_code == 400
    assert "文件不能超过10MB" in page_text(response)
    assert not Organisation.objects.filter(name="东区财政局").exists()


def test_missing_file_is_refused_in_chinese(admin_client):
    response = admin_client.post("/staff/import/staff/", {})
    assert response.status_code == 400
    assert "请选择要导入的Excel文件。" in page_text(response)


def test_an_officer_can_neither_see_nor_use_the_organisation_kind(tree, login):
    officer = factories.user(tree["east_justice"], roles=("officer",), username="officer_x")
    client = login(officer)
    # Officers import their domain's historical cases (行政复议, 行政应诉), never organisations.
    assert 'href="/staff/import/"' in client.get("/staff/").content.decode()
    page = client.get("/staff/import/")
    assert page.status_code == 200
    assert "/staff/import/organisations/" not in page.content.decode()
    assert "/staff/import/reconsideration/" in page.content.decode()
    assert client.get("/staff/import/organisations/template.xlsx").status_code == 404
    assert client.get("/staff/import/organisations/").status_code == 404
    before = Organisation.objects.count()
    upload = xlsx_upload(ORG_HEADERS, [["东区财政局", "工作部门", "450206", None, None, "否"]])
    assert client.post("/staff/import/organisations/", {"file": upload}).status_code == 404
    assert Organisation.objects.count() == before
    # An unknown kind looks exactly the same.
    assert client.get("/staff/import/nope/").status_code == 404

    # A user with no import kind at all gets no nav entry and an empty screen.
    client.logout()
    client = login(factories.user(tree["east_justice"], roles=("leader",), username="leader_x"))
    assert 'href="/staff/import/"' not in client.get("/staff/").content.decode()
    page = client.get("/staff/import/")
    assert "下载模板" not in page.content.decode() and "您没有可使用的导入功能" in page_text(page)


def test_anonymous_users_are_sent_to_login(db):
    client = Client()
    for url in ("/staff/import/", "/staff/import/staff/", "/staff/import/staff/template.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


def test_staff_import_requests_accounts_approved_with_one_time_passwords(admin_client, tree, caplog):
    # docs/security.md 29, 31: imported on the screen, each row is a request; the account and its
    # one-time password (shown once, to the approving 安全管理员) come with approval.
    from fazhi.core.security.models import AccountChange

    before = User.objects.count()
    upload = xlsx_upload(
        STAFF_HEADERS,
        [
            ["zhouqi", "周七", "东区司法局", "承办人", "本单位"],
            ["wuba", "吴八", "东区市场监督管理局", "承办人、法制审核人员", None],
        ],
    )
    response = admin_client.post("/staff/import/staff/", {"file": upload})
    assert response.status_code == 200
    text = page_text(response)
    assert "导入成功：共 2 条。" in text and "安全管理员" in text
    assert "初始密码只显示这一次" not in text
    assert User.objects.count() == before

    secadmin = factories.user(None, roles=("secadmin",), username="anquan")
    approver = Client()
    approver.force_login(secadmin)
    passwords = {}
    for change in AccountChange.objects.order_by("id"):
        shown = approver.post(f"/staff/security/changes/{change.pk}/", {"decision": "approve"})
        assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
        first = admin_client.post(f"/staff/accounts/parts/{change.pk}/")
        assert first.status_code == 200 and "no-store" in first["Cache-Control"]
        passwords[change.payload["username"]] = first.context["password"] + shown.context["password"]
    assert User.objects.count() == before + 3  # the two accounts and the 安全管理员
    for pw in passwords.values():
        assert pw not in caplog.text
        assert not User.objects.filter(password=pw).exists()
        assert not AuditEvent.objects.filter(detail__icontains=pw).exists()

    new = Client()
    response = new.post("/staff/login/", {"username": "zhouqi", "password": passwords["zhouqi"]})
    assert response.status_code == 302
    gated = new.get("/staff/")
    assert gated.status_code == 302 and gated["Location"].startswith("/staff/security/password/")


def test_a_refused_staff_import_shows_no_passwords_and_creates_no_account(admin_client, tree):
    before = User.objects.count()
    upload = xlsx_upload(
        STAFF_HEADERS,
        [
            ["zhengjiu", "郑九", "东区司法局", "承办人", None],
            ["wangshi", "王十", "不存在的单位", "承办人", None],  # row 3
        ],
    )
    response = admin_client.post("/staff/import/staff/", {"file": upload})
    assert response.status_code == 400
    text = page_text(response)
    assert "未导入任何数据" in text and 'id="credentials"' not in text
    assert '<td class="nowrap">3</td><td>所属单位</td>' in text
    assert User.objects.count() == before


def test_a_kind_open_to_business_roles_is_offered_to_an_officer_not_to_the_sysadmin(
    tree, login, sysadmin, monkeypatch
):
    from fazhi.core.excel import registry
    from fazhi.core.excel.spec import Column, ImportKind

    registry.all_kinds()  # discover the real kinds first
    notes = ImportKind(
        name="sample-notes",
        title="测试台账",
        description="测试用的导入类型。",
        columns=(Column("title", "标题", required=True),),
        save_row=lambda values, session: values["title"],
    )  # no roles given: the business roles by default
    monkeypatch.setitem(registry.KINDS._items, notes.name, notes)

    officer = factories.user(tree["east_justice"], roles=("officer",), username="officer_y")
    client = login(officer)
    assert 'href="/staff/import/"' in client.get("/staff/").content.decode()
    page = page_text(client.get("/staff/import/"))
    assert "测试台账" in page and "/staff/import/staff/" not in page
    response = client.post("/staff/import/sample-notes/", {"file": xlsx_upload(["标题"], [["甲"], ["乙"]])})
    assert response.status_code == 200 and "导入成功：共 2 条。" in page_text(response)

    client.post("/staff/logout/")
    admin = login(sysadmin)
    assert admin.get("/staff/import/sample-notes/template.xlsx").status_code == 404
