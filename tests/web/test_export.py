import io

import pytest
from openpyxl import load_workbook

from fazhi.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in wb.active.iter_rows(values_only=True)]


def test_export_has_chinese_headers_and_only_in_scope_rows(login, people, make_matter, tree):
    make_matter(tree["east_justice"], people["a"], title="甲部门事项", applicant="张三")
    make_matter(tree["east_market"], people["b"], title="乙部门事项")
    rows = _sheet(login(people["a"]).get("/staff/sample-matters/export.xlsx"))
    assert rows[0] == ["事项名称", "申请人", "办理状态", "承办单位", "登记时间"]
    assert [r[0] for r in rows[1:]] == ["甲部门事项"]
    assert rows[1][1:4] == ["张三", "已收件", "东区司法局"]


def test_export_follows_the_current_filter_and_writes_one_audit_row(login, people, make_matter, tree):
    make_matter(tree["east_justice"], people["a"], title="罚款复议")
    make_matter(tree["east_justice"], people["a"], title="许可复议")
    before = AuditEvent.objects.filter(action="export").count()
    rows = _sheet(login(people["a"]).get("/staff/sample-matters/export.xlsx", {"q": "许可"}))
    assert [r[0] for r in rows[1:]] == ["许可复议"]
    events = AuditEvent.objects.filter(action="export")
    assert events.count() == before + 1
    event = events.first()
    assert event.username == "officer_a"
    assert event.detail["rows"] == 1 and event.detail["list"] == "sample-matters"
    assert "关键词：许可" in event.detail["filters"]


def test_export_neutralises_formulas(login, people, make_matter, tree):
    make_matter(tree["east_justice"], people["a"], title='=HYPERLINK("http://x")')
    rows = _sheet(login(people["a"]).get("/staff/sample-matters/export.xlsx"))
    assert rows[1][0].startswith("'=")
