"""Only the 行政复议机构 registers and handles a 行政复议 case (2023 《行政复议法》第四条: 行政复议机关办理
行政复议事项的机构; issue 11 item 8). A 市场监督管理局 officer once registered a case with its own bureau
as both 复议机构 and 被申请人, and it counted in the county's figures: every write path now refuses an
organisation that does not hold the function ``OrgFunction.RECONSIDERATION_BODY``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fazhi.core import excel
from fazhi.reconsideration import services
from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories
from tests.reconsideration.test_imports import row, workbook
from tests.reconsideration.test_staff_register import URL, form_data

pytestmark = pytest.mark.django_db

APPLICANT = {"role": "applicant", "kind": "person", "name": "张三", "id_number": "11010519491231002X"}


def test_a_department_officer_gets_no_register_button_and_cannot_post(client, tree):
    market = factories.user(tree["east_market"], roles=("officer", "reviewer"), username="shichang")
    client.force_login(market)
    listing = client.get("/staff/reconsideration/")
    assert listing.status_code == 200 and "登记新案件" not in listing.content.decode()
    assert client.get(URL).status_code == 404
    assert client.post(URL, form_data()).status_code == 404
    assert ReconsiderationCase.objects.count() == 0

    justice = factories.user(tree["east_justice"], roles=("officer",), username="sifa")
    client.force_login(justice)
    assert "登记新案件" in client.get("/staff/reconsideration/").content.decode()


def test_the_service_refuses_a_case_in_an_organisation_that_is_not_a_reconsideration_body(tree):
    market = factories.user(tree["east_market"], roles=("officer",), username="shichang")
    with pytest.raises(ValidationError) as caught:
        services.reconsideration_case_register(
            actor=market,
            organisation=tree["east_market"],
            received_on=dt.date(2026, 3, 2),
            channel="in_person",
            respondent_name="东区市场监督管理局",
            act_type="penalty",
            act_description="罚款五千元",
            requests="撤销",
            parties=[APPLICANT],
        )
    assert "“东区市场监督管理局”不是行政复议机构" in " ".join(caught.value.messages)
    assert ReconsiderationCase.objects.count() == 0


def test_an_import_row_naming_a_department_as_the_body_is_refused_under_its_column(tree):
    importer = factories.user(tree["east_gov"], roles=("supervisor",), scope="region", username="daoru")
    result = excel.run_import(
        "reconsideration",
        workbook([row(), row(**{"承办单位": "东区市场监督管理局", "申请人姓名/名称": "李四"})]),
        actor=importer,
    )
    assert not result.ok
    assert any("第3行“承办单位”" in m and "不是行政复议机构" in m for m in result.messages), result.messages
    assert ReconsiderationCase.objects.count() == 0
