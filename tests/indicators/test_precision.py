"""Figures print as the reports print them (issue 12 item 4): rates to two decimals by default
(seed 000: 实体性化解 2/6 = 33.33%, 程序性办结 4/6 = 66.67%; seed 001: 1218/1218 = 100%, not 100.0%),
counts as integers, money in 万元; the stored value stays exact; a 同比 change is never “-0”."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.indicators import comparison, formatting, periods, registry, services
from fazhi.indicators.models import ReportedFigure

pytestmark = pytest.mark.django_db

Y2022, Y2021 = periods.parse("2022"), periods.parse("2021")


def _enter(actor, code, num, den, period=Y2022, region="450206", value=None):
    return services.enter_reported_figure(
        actor=actor,
        region_code=region,
        period=period,
        code=code,
        numerator=num,
        denominator=den,
        value=value,
        source_document="《2022年度法治政府建设情况报告》",
    )


@pytest.mark.parametrize(
    ("num", "den", "shown"),
    [(2, 6, "33.33%"), (4, 6, "66.67%"), (1218, 1218, "100%"), (1, 2, "50%"), (3, 33, "9.09%"), (0, 5, "0%")],
)
def test_rates_print_with_two_decimals_and_no_trailing_zeros(num, den, shown):
    rate = registry.get("petition.substantive_resolution_rate")
    assert rate.decimals == 2
    assert rate.show(registry.percent(num, den)) == shown


def test_each_unit_has_its_precision_and_an_indicator_may_declare_its_own():
    assert formatting.display(Decimal(46), "件") == "46件"
    assert formatting.display(formatting.value_of("万元", 12_345_678), "万元") == "1234.57万元"
    assert formatting.value_of("万元", 12_345_678) == Decimal("1234.5678")  # exact to the yuan
    assert formatting.display(registry.percent(19, 21), "%", 1) == "90.5%"
    assert formatting.display(None, "%") == "—"


def test_the_indicator_page_prints_the_seeds_figures_as_they_print_them(tree, client, supervisor):
    _enter(supervisor, "petition.substantive_resolution_rate", 2, 6)
    _enter(supervisor, "random_inspection.item_share", 1218, 1218)
    stored = ReportedFigure.objects.get(code="petition.substantive_resolution_rate")
    assert stored.value == Decimal("33.3333")  # exact; only the print is rounded
    client.force_login(supervisor)
    html = client.get(reverse("web:indicators"), {"region": "450206", "period": "2022"}).content.decode()

    def row(code):
        return re.search(rf'<tr id="figure-{re.escape(code)}".*?</tr>', html, re.S).group(0)

    assert "33.33%" in row("petition.substantive_resolution_rate")
    share = row("random_inspection.item_share")
    assert "100%" in share and "100.0" not in share


def test_a_change_that_rounds_to_nothing_is_zero_points_not_minus_zero(tree, client, city_supervisor):
    # 2/6 = 33.3333% this year, 33.33% stated last year: the printed numbers are equal.
    _enter(city_supervisor, "petition.substantive_resolution_rate", 2, 6)
    _enter(city_supervisor, "petition.substantive_resolution_rate", 1, 3, Y2021, value=Decimal("33.33"))
    _enter(city_supervisor, "random_inspection.item_share", 4, 6)
    _enter(city_supervisor, "random_inspection.item_share", 2, 6, Y2021)
    rate = registry.get("petition.substantive_resolution_rate")
    assert comparison.change_display(rate, comparison.change(rate, Decimal("33.3333"), Decimal("33.33"))) == (
        "0个百分点"
    )
    client.force_login(city_supervisor)
    html = client.get(
        reverse("web:indicators-compare"), {"region": "450206", "period": "2022"}
    ).content.decode()
    assert "-0个百分点" not in html and "-0.0" not in html
    yoy = re.search(r'<tr[^>]*data-code="random_inspection.item_share".*?</tr>', html, re.S)
    assert yoy is not None and "66.67%" in yoy.group(0) and "+33.34个百分点" in yoy.group(0)
