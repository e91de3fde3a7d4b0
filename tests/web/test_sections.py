import io

import pytest
from openpyxl import load_workbook

from fazhi.core.models import DataScope
from tests import factories

pytestmark = pytest.mark.django_db


def test_organisation_list_is_scoped_by_visible_organisations(login, tree):
    leader = factories.user(tree["east_gov"], scope=DataScope.SUBTREE, username="leader")
    response = login(leader).get("/staff/organisations/")
    names = [r["obj"].name for r in response.context["rows"]]
    assert sorted(names) == sorted(["东区人民政府", "东区司法局", "东区市场监督管理局"])
    assert "西区" not in response.content.decode()


def test_organisation_detail_outside_scope_is_404(login, tree):
    officer = factories.user(tree["east_justice"], username="officer")
    client = login(officer)
    assert client.get(f"/staff/organisations/{tree['east_justice'].pk}/").status_code == 200
    assert client.get(f"/staff/organisations/{tree['west_justice'].pk}/").status_code == 404


def test_staff_list_shows_colleagues_in_scope_only_and_exports(login, tree):
    me = factories.user(tree["east_justice"], username="me", full_name="王林")
    factories.user(tree["east_justice"], username="colleague", full_name="赵强", roles=("reviewer",))
    factories.user(tree["west_justice"], username="stranger", full_name="孙丽")
    client = login(me)
    body = client.get("/staff/staff/").content.decode()
    assert "赵强" in body and "法制审核人员" in body
    assert "孙丽" not in body
    assert "password" not in body and "pbkdf2" not in body and "md5$" not in body
    response = client.get("/staff/staff/export.xlsx")
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert rows[0][:3] == ("姓名", "用户名", "所属单位")
    assert sorted(r[0] for r in rows[1:]) == ["王林", "赵强"]


def test_sections_are_read_only(login, tree):
    officer = factories.user(tree["east_justice"], username="officer")
    body = login(officer).get(f"/staff/organisations/{tree['east_justice'].pk}/").content.decode()
    assert "上传附件" not in body and "可办理操作" not in body
    assert (
        login(officer).post(f"/staff/organisations/{tree['east_justice'].pk}/attachments/").status_code == 404
    )


def test_reconsideration_and_litigation_sit_together_under_one_menu_group(login, tree):
    """行政应诉 is listed beside 行政复议 under 复议应诉, not alone under a vague 业务 group."""
    officer = factories.user(tree["east_justice"], username="officer")
    nav = login(officer).get("/staff/").context["staff_nav"]
    groups = {group["group"]: [item["title"] for item in group["items"]] for group in nav}
    assert {"行政复议", "行政应诉"} <= set(groups["复议应诉"]), groups
    assert not any("应诉" in title for title in groups.get("业务", [])), groups
