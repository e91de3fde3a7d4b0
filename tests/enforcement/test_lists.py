"""行政执法's published lists: the 权责清单 changed only by a dynamic adjustment with its 合法性审查,
the 裁量基准 a penalty case reads (《行政处罚法》第三十四条), the 免罚清单's outcome (第三十二条、
第三十三条), their figures at a period's end, and the Excel import."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from fazhi.core.models import DataScope
from fazhi.enforcement.models_lists import (
    AdjustmentKind,
    Circumstance,
    DiscretionStandard,
    ExemptionKind,
    ExemptionListItem,
    ListStatus,
    PowerItem,
    PowerItemAdjustment,
    proposed_outcome,
    suggest,
)
from fazhi.indicators import periods, registry
from tests import factories
from tests.enforcement import factories as ef
from tests.formdata import page_data

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def people(tree):
    return {
        "market": factories.user(tree["east_market"], roles=("officer",), username="shichang"),
        "justice": factories.user(
            tree["east_justice"], roles=("supervisor",), scope=DataScope.REGION, username="sifa"
        ),
        "west": factories.user(tree["west_justice"], roles=("officer",), scope=DataScope.REGION),
    }


# --- 权责清单: dynamic adjustment ------------------------------------------------------------------


def test_a_published_item_is_not_changed_without_the_legality_review(client, tree, people):
    item = ef.power_item(tree["east_market"], people["market"])
    client.force_login(people["market"])
    url = f"/staff/enforcement-powers/{item.pk}/edit/"
    form = client.get(url)
    assert "合法性审查意见" in form.content.decode()
    response = client.post(
        url, page_data(form, legal_basis="《中华人民共和国食品安全法》第一百二十二条第一款")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "清单公布后的调整须先经合法性审查" in page
    item.refresh_from_db()
    assert item.legal_basis == "《中华人民共和国食品安全法》第一百二十二条"
    assert not PowerItemAdjustment.objects.exists()


def test_an_adjustment_is_written_with_the_change_before_and_after(client, tree, people):
    item = ef.power_item(tree["east_market"], people["market"])
    client.force_login(people["market"])
    url = f"/staff/enforcement-powers/{item.pk}/edit/"
    data = page_data(
        client.get(url),
        legal_basis="《中华人民共和国食品安全法》第一百二十二条第一款",
        adjustment_reason="法律修改",
        reviewed_on="2026-03-02",
        review_opinion="经审查，调整合法。",
    )
    assert client.post(url, data).status_code == 302
    adjustment = PowerItemAdjustment.objects.get()
    assert (adjustment.kind, adjustment.reviewed_on, adjustment.by) == (
        AdjustmentKind.CHANGED,
        D(2026, 3, 2),
        people["market"],
    )
    assert adjustment.changes == [
        {
            "field": "legal_basis",
            "label": "设定依据",
            "before": "《中华人民共和国食品安全法》第一百二十二条",
            "after": "《中华人民共和国食品安全法》第一百二十二条第一款",
        }
    ]
    page = client.get(f"/staff/enforcement-powers/{item.pk}/").content.decode()
    assert "动态调整记录" in page and "法律修改" in page and "经审查，调整合法。" in page


def test_cancelling_a_published_item_is_a_cancellation_adjustment(client, tree, people):
    item = ef.power_item(tree["east_market"], people["market"])
    client.force_login(people["market"])
    url = f"/staff/enforcement-powers/{item.pk}/edit/"
    data = page_data(
        client.get(url),
        validity=ListStatus.CANCELLED,
        cancelled_on="2026-03-05",
        adjustment_reason="上位法取消该项处罚",
        reviewed_on="2026-03-01",
        review_opinion="同意取消。",
    )
    assert client.post(url, data).status_code == 302
    assert PowerItemAdjustment.objects.get().kind == AdjustmentKind.CANCELLED
    item.refresh_from_db()
    assert item.validity == ListStatus.CANCELLED
    # once cancelled it is not adjusted again
    again = client.post(url, page_data(client.get(url), name="改名", adjustment_reason="x",
                                       reviewed_on="2026-03-06", review_opinion="y"))  # fmt: skip
    assert again.status_code == 400 and "已取消的事项不能再调整" in again.content.decode()


def test_an_item_added_to_a_published_list_is_an_addition_with_its_review(client, tree, people):
    market = tree["east_market"]
    ef.power_item(market, people["market"], published_on=D(2025, 3, 1))  # the list as published
    client.force_login(people["market"])
    data = {
        "organisation": market.pk,
        "power_type": "inspection",
        "name": "食品经营监督检查",
        "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
        "level": "county",
        "validity": "in_force",
        "published_on": "2026-02-01",
    }
    refused = client.post("/staff/enforcement-powers/new/", data)
    assert refused.status_code == 400 and "清单公布后的调整须先经合法性审查" in refused.content.decode()
    assert PowerItem.objects.count() == 1
    data |= {"adjustment_reason": "新设监督检查职责", "reviewed_on": "2026-01-20", "review_opinion": "合法。"}
    assert client.post("/staff/enforcement-powers/new/", data).status_code == 302
    added = PowerItemAdjustment.objects.get()
    assert (added.kind, added.item.name, added.reason) == (
        AdjustmentKind.ADDED,
        "食品经营监督检查",
        "新设监督检查职责",
    )
    # an item of the list's own publication day is the list itself, no adjustment
    data |= {"name": "同日公布的事项", "published_on": "2025-03-01", "adjustment_reason": "", "reviewed_on": "",
             "review_opinion": ""}  # fmt: skip
    assert client.post("/staff/enforcement-powers/new/", data).status_code == 302
    assert PowerItemAdjustment.objects.count() == 1


def test_an_unpublished_item_is_edited_freely(client, tree, people):
    item = ef.power_item(tree["east_market"], people["market"], published_on=None)
    client.force_login(people["market"])
    url = f"/staff/enforcement-powers/{item.pk}/edit/"
    assert client.post(url, page_data(client.get(url), name="新名称")).status_code == 302
    assert PowerItem.objects.get().name == "新名称" and not PowerItemAdjustment.objects.exists()


# --- 裁量基准 ------------------------------------------------------------------------------------------


def test_suggest_gives_the_standard_in_force_for_the_violation_and_circumstance(tree, people):
    market = tree["east_market"]
    ordinary = ef.standard(market, people["market"])
    ef.standard(market, people["market"], circumstance=Circumstance.SERIOUS, min_amount="80000",
                max_amount="150000")  # fmt: skip
    ef.standard(market, people["market"], effective_on=D(2020, 1, 1), expires_on=D(2024, 12, 31),
                min_amount="10000")  # fmt: skip
    ef.standard(tree["west_justice"], people["west"])  # another county
    found = list(
        suggest(market, "未取得食品经营许可从事食品经营活动", Circumstance.ORDINARY, on=D(2026, 1, 5))
    )
    assert found == [ordinary]
    assert ordinary.amount_range == "50000元至80000元"
    assert not suggest(market, "无照经营", Circumstance.ORDINARY, on=D(2026, 1, 5)).exists()


def test_suggest_falls_back_to_a_standard_of_the_county(tree, people):
    county_wide = ef.standard(tree["east_justice"], people["justice"])
    found = list(suggest(tree["east_market"], "食品经营许可", Circumstance.ORDINARY, on=D(2026, 1, 5)))
    assert found == [county_wide]


def test_a_range_upside_down_is_refused(tree, people):
    with pytest.raises(ValidationError, match="罚款上限不能低于下限"):
        ef.standard(tree["east_market"], people["market"], min_amount="9000", max_amount="5000")
    assert not DiscretionStandard.objects.exists()


# --- 免罚清单 ------------------------------------------------------------------------------------------


def test_the_exemption_list_proposes_its_outcome_with_the_article(tree, people):
    market = tree["east_market"]
    violation = "未按规定公示食品经营许可证"
    ef.exemption(market, people["market"], kind=ExemptionKind.FIRST_OFFENCE)
    ef.exemption(market, people["market"], kind=ExemptionKind.LIGHTER)
    first = proposed_outcome(market, violation, first_offence=True, harm_minor=True, corrected=True)
    assert first.kind == ExemptionKind.FIRST_OFFENCE and "第三十三条第一款" in first.basis
    repeat = proposed_outcome(market, violation, first_offence=False, harm_minor=True, corrected=True)
    assert repeat.kind == ExemptionKind.LIGHTER and "第三十二条" in repeat.basis
    ef.exemption(market, people["market"], kind=ExemptionKind.NO_PENALTY)
    minor = proposed_outcome(market, violation, first_offence=False, harm_minor=True, corrected=True)
    assert minor.kind == ExemptionKind.NO_PENALTY
    uncorrected = proposed_outcome(market, violation, first_offence=True, harm_minor=True, corrected=False)
    assert uncorrected.kind == ExemptionKind.LIGHTER
    assert (
        proposed_outcome(market, "其他违法行为", first_offence=True, harm_minor=True, corrected=True) is None
    )
    assert proposed_outcome(tree["west_justice"], violation, first_offence=True, harm_minor=True,
                            corrected=True) is None  # fmt: skip


# --- figures -------------------------------------------------------------------------------------


def test_units_with_lists_in_force_at_the_periods_end_are_counted_once(tree, people):
    market, justice = tree["east_market"], tree["east_justice"]
    ef.exemption(market, people["market"])
    ef.exemption(market, people["market"], kind=ExemptionKind.LIGHTER)
    ef.exemption(justice, people["justice"], effective_on=D(2025, 1, 1), expires_on=D(2025, 6, 30))
    ef.standard(market, people["market"], effective_on=D(2026, 2, 1))
    codes = ["enforcement.exempt_list_units", "enforcement.discretion_units"]
    indicators = [registry.get(c) for c in codes]
    region = market.region_id

    def figures(year):
        period = periods.year(year)
        out = registry.evaluate(indicators, [region], period.start, period.end)[region]
        return [out[c].numerator for c in codes]

    assert figures(2025) == [1, 0]
    assert figures(2026) == [1, 1]
    assert not registry.get("enforcement.exempt_list_units").reported_only


# --- import --------------------------------------------------------------------------------------


def _sheet(kind, rows):
    from fazhi.core.excel.template import template_bytes

    book = openpyxl.load_workbook(io.BytesIO(template_bytes(kind)))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=r, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_lists_import_and_are_not_doubled(tree, people):
    from fazhi.core.excel import services as excel

    powers = _sheet("enforcement-powers", [
        {"权力类型": "行政处罚", "事项名称": "对无证经营的处罚", "设定依据": "《无证无照经营查处办法》第十三条",
         "行使层级": "县级", "公布日期": "2025-03-01"},
        {"权力类型": "行政检查", "事项名称": "食品生产经营监督检查", "设定依据": "《食品安全法》第一百一十条"},
    ])  # fmt: skip
    standards = _sheet("enforcement-discretion", [
        {"违法行为": "无证经营", "违法条款": "第六条", "处罚依据": "第十三条", "情节": "轻微",
         "处罚种类": "警告、通报批评", "施行日期": "2025-01-01"},
        {"违法行为": "无证经营", "违法条款": "第六条", "处罚依据": "第十三条", "情节": "一般",
         "处罚种类": "罚款、没收违法所得、没收非法财物", "罚款下限（元）": "1000", "罚款上限（元）": "5000",
         "施行日期": "2025-01-01"},
    ])  # fmt: skip
    exemptions = _sheet("enforcement-exemptions", [
        {"清单类型": "首违不罚", "违法行为": "未按规定公示证照", "依据": "《行政处罚法》第三十三条第一款",
         "适用条件": "初次违法且及时改正。", "施行日期": "2025-01-01"},
    ])  # fmt: skip
    for kind, data, count in (
        ("enforcement-powers", powers, 2),
        ("enforcement-discretion", standards, 2),
        ("enforcement-exemptions", exemptions, 1),
    ):
        result = excel.run_import(kind, io.BytesIO(data), actor=people["market"])
        assert result.errors == [] and result.created == count, result.messages
        again = excel.run_import(kind, io.BytesIO(data), actor=people["market"])
        assert again.created == 0, kind
    assert PowerItem.objects.count() == 2 and DiscretionStandard.objects.count() == 2
    fine = DiscretionStandard.objects.get(circumstance=Circumstance.ORDINARY)
    assert (fine.organisation, fine.max_amount) == (tree["east_market"], 5000)
    assert ExemptionListItem.objects.get().kind == ExemptionKind.FIRST_OFFENCE


def test_a_bad_standard_row_is_reported_and_nothing_is_imported(people):
    from fazhi.core.excel import services as excel

    data = _sheet("enforcement-discretion", [
        {"违法行为": "无证经营", "违法条款": "第六条", "处罚依据": "第十三条", "情节": "一般",
         "处罚种类": "罚款、没收违法所得、没收非法财物", "罚款下限（元）": "9000", "罚款上限（元）": "5000",
         "施行日期": "2025-01-01"},
    ])  # fmt: skip
    result = excel.run_import("enforcement-discretion", io.BytesIO(data), actor=people["market"])
    assert any("罚款上限不能低于下限" in m for m in result.messages), result.messages
    assert not DiscretionStandard.objects.exists()


def test_the_adjustment_inputs_have_their_own_headed_section_on_the_edit_page(client, tree):
    from tests import factories
    from tests.enforcement import factories as ef

    officer = factories.user(tree["east_market"], roles=("officer",))
    item = ef.power_item(tree["east_market"], officer)
    client.force_login(officer)
    page = client.get(f"/staff/enforcement-powers/{item.pk}/edit/").content.decode()
    heading = page.index("<h2>动态调整（已公布的清单新增、修改或者取消事项时填写）</h2>")
    assert page.index('name="name"') < heading < page.index('name="adjustment_reason"')
