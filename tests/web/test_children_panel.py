"""The records made in a case show on the case's own page (children_panel): a 行政复议 case lists its
规范性文件附带审查 and 意见书 with a link to each, and offers 登记附带审查 for that case to those who
may register one — the case filled in."""

import datetime as dt

import pytest

from fazhi.core.workflow import engine
from fazhi.reconsideration.models import IncidentalReview
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db


def test_a_case_page_lists_what_was_made_in_it(client, tree):
    desk = factories.user(tree["east_justice"], roles=("officer", "reviewer"), username="desk")
    case = rf.new_case(tree["east_justice"], desk, dt.date(2026, 8, 3), accepted_on=dt.date(2026, 8, 5))
    other = rf.new_case(tree["east_justice"], desk, dt.date(2026, 8, 4), accepted_on=dt.date(2026, 8, 6))
    fields = {
        "actor": desk,
        "organisation": tree["east_justice"],
        "origin": "applicant",
        "maker": "东区人民政府",
    }
    mine = engine.create(
        IncidentalReview,
        case=case,
        document_title="《东区宅基地管理办法》",
        started_on=dt.date(2026, 8, 10),
        **fields,
    )
    engine.create(
        IncidentalReview,
        case=other,
        document_title="《东区占道经营规定》",
        started_on=dt.date(2026, 8, 10),
        **fields,
    )
    client.force_login(desk)
    page = client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert "规范性文件附带审查" in page and "《东区宅基地管理办法》" in page
    assert f"/staff/reconsideration-incidental/{mine.pk}/" in page
    assert "《东区占道经营规定》" not in page  # another case's
    assert f"/staff/reconsideration-incidental/new/?case={case.pk}" in page

    market = factories.user(tree["east_market"], roles=("officer",), username="market")
    client.force_login(market)  # the 被申请人 sees the case, makes no 附带审查 and sees none of its records
    shown = client.get(f"/staff/reconsideration/{case.pk}/").content.decode()
    assert "reconsideration-incidental/new/" not in shown and "《东区宅基地管理办法》" not in shown
