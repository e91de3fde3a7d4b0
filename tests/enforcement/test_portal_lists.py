"""行政执法事前公开 on the portal (国办发〔2018〕118号): the 执法主体, the 执法人员 in post with a valid
certificate, the 权责清单, the 裁量基准 and the 免罚清单 in force — to anyone, with no login, and
nothing personal or out of force."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core import urlpolicy
from fazhi.core.models import DataScope
from fazhi.enforcement.models_lists import ExemptionKind, ListStatus
from fazhi.portal import registry
from tests import factories
from tests.enforcement import factories as ef

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree):
    return {
        "market": factories.user(tree["east_market"], roles=("officer",), username="shichang"),
        "justice": factories.user(
            tree["east_justice"], roles=("supervisor",), scope=DataScope.REGION, username="sifa"
        ),
    }


def _page(path, **params):
    response = Client().get(path, params)
    assert response.status_code == 200, path
    return response.content.decode()


def test_every_register_route_is_public():
    rules = urlpolicy.table()
    for name in ("index", "register_bodies", "register_officers", "register_powers", "register_discretion",
                 "register_exemptions"):  # fmt: skip
        assert rules[f"portal:enforcement_portal:{name}"] == urlpolicy.PUBLIC
    index = _page("/enforcement/")
    for title in ("行政执法主体公示", "行政执法人员公示", "权责清单", "行政处罚裁量基准", "免罚清单"):
        assert title in index


def test_bodies_in_force_are_public_with_the_entrustment(tree, people):
    ef.body(tree["east_market"], people["justice"], basis_kind="entrusted", entrusted_by=tree["east_gov"],
            entrustment_number="东政委〔2024〕1号")  # fmt: skip
    ef.body(tree["east_justice"], people["justice"], cancelled_on=dt.date(2025, 1, 1))  # no longer
    page = _page("/enforcement/bodies/")
    assert "东区市场监督管理局" in page and "受委托的组织" in page and "东政委〔2024〕1号" in page
    assert "东区司法局" not in page


def test_only_officers_in_post_with_a_valid_certificate_are_public_and_nothing_personal(tree, people):
    today = timezone.localdate()
    market = tree["east_market"]
    ef.officer(market, people["market"], full_name="王明", certificate_number="45020600001")
    ef.officer(market, people["market"], full_name="过期人", issued_on=today - dt.timedelta(days=2000),
               valid_until=today - dt.timedelta(days=1))  # fmt: skip
    ef.officer(market, people["market"], full_name="调离人", left_on=today - dt.timedelta(days=3),
               issued_on=today - dt.timedelta(days=100))  # fmt: skip
    ef.officer(market, people["market"], full_name="未持证", certificate_number="", issued_on=None,
               valid_until=None)  # fmt: skip
    page = _page("/enforcement/officers/")
    assert "王明" in page and "45020600001" in page and "市场监管" in page
    assert "过期人" not in page and "调离人" not in page and "未持证" not in page
    assert "培训学时" not in page and "考试" not in page
    assert "王明" in _page("/enforcement/officers/", q="45020600001")
    assert "王明" not in _page("/enforcement/officers/", q="45020699999")


def test_the_lists_show_only_what_is_in_force(tree, people):
    market = tree["east_market"]
    ef.power_item(market, people["market"], name="对无证经营的行政处罚")
    ef.power_item(market, people["market"], name="尚未公布的事项", published_on=None)
    ef.power_item(market, people["market"], name="已取消的事项", validity=ListStatus.CANCELLED,
                  cancelled_on=dt.date(2025, 6, 1))  # fmt: skip
    ef.standard(market, people["market"], violation="无证经营")
    ef.standard(market, people["market"], violation="已废止的基准", effective_on=dt.date(2020, 1, 1),
                expires_on=dt.date(2021, 1, 1))  # fmt: skip
    ef.exemption(market, people["market"], kind=ExemptionKind.NO_PENALTY, violation="未按规定公示证照")
    powers = _page("/enforcement/powers/")
    assert (
        "对无证经营的行政处罚" in powers and "尚未公布的事项" not in powers and "已取消的事项" not in powers
    )
    standards = _page("/enforcement/discretion/")
    assert "无证经营" in standards and "50000元至80000元" in standards and "已废止的基准" not in standards
    exemptions = _page("/enforcement/exemptions/")
    assert (
        "不予处罚" in exemptions
        and "未按规定公示证照" in exemptions
        and "第三十二条、第三十三条" in exemptions
    )


def test_the_portal_search_finds_the_registers(tree, people):
    ef.officer(tree["east_market"], people["market"], full_name="王明", certificate_number="45020600001")
    section = next(s for s in registry.sections() if s.key == "enforcement")
    hits = list(section.search("45020600001", 10))
    assert [h.title for h in hits] == ["行政执法人员公示：王明"]
    assert hits[0].url.startswith("/enforcement/officers/?q=")


def test_a_standards_tiers_are_listed_from_the_lightest_to_the_gravest(tree, people):
    from fazhi.enforcement.models_lists import Circumstance

    market = tree["east_market"]
    for tier, low in ((Circumstance.GRAVE, "150000"), (Circumstance.MINOR, "0"), (Circumstance.SERIOUS, "100000"),
                      (Circumstance.ORDINARY, "50000")):  # fmt: skip
        ef.standard(market, people["market"], circumstance=tier, min_amount=low, max_amount="200000")
    page = _page("/enforcement/discretion/")
    positions = [page.index(label) for label in ("轻微", "一般", "较重", "严重")]
    assert positions == sorted(positions)
