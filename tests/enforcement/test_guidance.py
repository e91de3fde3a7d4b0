"""Beside a 行政处罚案件 being decided, the 裁量基准 tiers and the 免罚清单 items its 案由 matches
(《行政处罚法》第三十四条; 第三十二条、第三十三条): the department's own, else its county's; none once
decided or when nothing matches."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.enforcement.models_lists import Circumstance, guidance_for
from tests import factories
from tests.enforcement import factories as ef

pytestmark = pytest.mark.django_db
VIOLATION = "未取得食品经营许可从事食品经营活动"


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_market"], roles=("officer", "leader"))


def test_the_case_page_shows_the_matching_tiers_lightest_first_and_the_list_items(client, tree, officer):
    market = tree["east_market"]
    for tier, low in (
        (Circumstance.GRAVE, "100000"),
        (Circumstance.MINOR, "0"),
        (Circumstance.ORDINARY, "50000"),
    ):
        ef.standard(
            market, officer, violation=VIOLATION, circumstance=tier, min_amount=low, max_amount="150000"
        )
    ef.standard(market, officer, violation="未按规定公示食品经营许可证")  # another violation
    ef.exemption(market, officer, violation=VIOLATION, kind="first_offence")
    case = ef.penalty_case(market, officer, title=f"涉嫌{VIOLATION}案")
    client.force_login(officer)
    page = client.get(f"/staff/enforcement-penalties/{case.pk}/").content.decode()
    panel = page.split("裁量基准和免罚清单（参考）")[1]
    assert [panel.index(t) for t in ("轻微", "一般", "严重")] == sorted(
        panel.index(t) for t in ("轻微", "一般", "严重")
    )
    assert "未按规定公示食品经营许可证" not in panel and "首违不罚" in panel


def test_a_department_without_its_own_standards_reads_the_countys(tree, officer):
    justice = tree["east_justice"]
    ef.standard(justice, factories.user(justice, roles=("officer",)), violation=VIOLATION)
    found = guidance_for(tree["east_market"], f"涉嫌{VIOLATION}案", on=dt.date(2026, 9, 1))
    assert [s.organisation for s in found["standards"]] == [justice]
    west = guidance_for(tree["west_justice"], f"涉嫌{VIOLATION}案", on=dt.date(2026, 9, 1))
    assert west == {"standards": [], "exemptions": []}


def test_nothing_is_shown_when_nothing_matches(client, tree, officer):
    ef.standard(tree["east_market"], officer, violation=VIOLATION)
    case = ef.penalty_case(tree["east_market"], officer, title="涉嫌违规排放污水案")
    client.force_login(officer)
    assert (
        "裁量基准和免罚清单（参考）"
        not in client.get(f"/staff/enforcement-penalties/{case.pk}/").content.decode()
    )
