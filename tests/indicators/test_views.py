"""Staff pages: the figures of a region and period, and the drill-down to the exact records."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.core.models import DataScope
from fazhi.indicators import periods, services
from fazhi.indicators.models import ReportedFigure
from tests import factories

pytestmark = pytest.mark.django_db

Y2022 = periods.parse("2022")


def _records(client, code, part, region="450206", period="2022"):
    url = reverse("web:indicators-records", args=[code])
    return client.get(url, {"region": region, "period": period, "part": part})


def _pks(response) -> list[int]:
    return sorted(int(pk) for pk in re.findall(r'data-pk="(\d+)"', response.content.decode()))


def test_drill_down_lists_exactly_the_3_corrected_and_the_33_concluded_cases(seed000, client, supervisor):
    services.compute_run("450206", Y2022, actor=supervisor)
    client.force_login(supervisor)
    page = client.get(reverse("web:indicators"), {"region": "450206", "period": "2022"})
    html = page.content.decode()
    assert page.status_code == 200
    row = re.search(r'<tr id="figure-reconsideration.correction_rate".*?</tr>', html, re.S).group(0)
    assert "9.09%" in row and "计算" in row
    num_url = re.search(r'href="([^"]*part=numerator)"', row).group(1).replace("&amp;", "&")
    den_url = re.search(r'href="([^"]*part=denominator)"', row).group(1).replace("&amp;", "&")

    numerator = client.get(num_url)
    assert numerator.status_code == 200
    corrected = sorted(c.pk for c in seed000 if c.decision_type in ("revoke", "confirm_illegal"))
    assert _pks(numerator) == corrected
    text = numerator.content.decode()
    assert 'id="result-count">3<' in text
    # Each record links to its detail page.
    for pk in corrected:
        assert reverse("web:detail", args=["reconsideration", pk]) in text

    denominator = client.get(den_url)
    concluded = sorted(c.pk for c in seed000 if c.decision_type)
    assert len(concluded) == 33 and _pks(denominator) == concluded


def test_drill_down_without_a_saved_run_computes_the_same_records(seed000, client, supervisor):
    client.force_login(supervisor)
    page = _records(client, "reconsideration.correction_rate", "denominator")
    assert len(_pks(page)) == 33


def test_reported_figures_are_labelled_and_conflicts_show_the_difference(seed000, client, supervisor):
    for code, num, den, value in [
        ("mediation.land_dispute_settlement_rate", 19, 21, "90.5"),
        ("petition.substantive_resolution_rate", 2, 6, "33.33"),
        ("reconsideration.correction_rate", 3, 30, "10.0"),
    ]:
        services.enter_reported_figure(
            actor=supervisor,
            region_code="450206",
            period=Y2022,
            code=code,
            numerator=num,
            denominator=den,
            value=Decimal(value),
            source_document="年度报告",
        )
    client.force_login(supervisor)
    html = client.get(reverse("web:indicators"), {"region": "450206", "period": "2022"}).content.decode()

    def row(code):
        return re.search(rf'<tr id="figure-{re.escape(code)}".*?</tr>', html, re.S).group(0)

    land = row("mediation.land_dispute_settlement_rate")
    assert "90.5%" in land and "上报" in land and 'data-source="reported"' in land
    assert "33.33%" in row("petition.substantive_resolution_rate")
    conflict = row("reconsideration.correction_rate")
    assert 'data-source="computed"' in conflict and "9.09%" in conflict and "10%" in conflict
    assert "-0.91个百分点" in conflict


def test_staff_without_region_scope_and_other_regions_get_404(seed000, client, tree, supervisor):
    officer = factories.user(tree["east_justice"], roles=("officer",), scope=DataScope.OWN)
    client.force_login(officer)
    assert client.get(reverse("web:indicators")).status_code == 404
    assert _records(client, "reconsideration.correction_rate", "numerator").status_code == 404

    client.force_login(supervisor)
    assert client.get(reverse("web:indicators"), {"region": "450207"}).status_code == 404  # 西区
    assert (
        _records(client, "reconsideration.correction_rate", "numerator", region="450207").status_code == 404
    )
    assert _records(client, "no.such_indicator", "numerator").status_code == 404
    assert _records(client, "reconsideration.correction_rate", "everything").status_code == 404


def test_the_city_sees_its_counties(seed000, client, city_supervisor):
    client.force_login(city_supervisor)
    page = client.get(reverse("web:indicators"), {"region": "450207", "period": "2022"})
    assert page.status_code == 200
    west = _records(client, "reconsideration.correction_rate", "numerator", region="450207")
    assert len(_pks(west)) == 5


def test_nav_section_only_for_region_scope(client, tree, supervisor):
    client.force_login(supervisor)
    assert "指标统计" in client.get(reverse("web:dashboard")).content.decode()
    officer = factories.user(tree["east_justice"], roles=("officer",))
    client.force_login(officer)
    assert "指标统计" not in client.get(reverse("web:dashboard")).content.decode()


def test_supervisor_enters_a_reported_figure_and_saves_a_run(tree, client, supervisor):
    client.force_login(supervisor)
    url = reverse("web:indicators-reported-new")
    bad = client.post(
        url,
        {
            "region": "450206",
            "period": "2022",
            "code": "mediation.land_dispute_settlement_rate",
            "numerator": "19",
            "denominator": "21",
            "value": "95",
            "source_document": "年度报告",
        },
    )
    assert bad.status_code == 400 and "与分子分母不符" in bad.content.decode()
    ok = client.post(
        url,
        {
            "region": "450206",
            "period": "2022",
            "code": "mediation.land_dispute_settlement_rate",
            "numerator": "19",
            "denominator": "21",
            "value": "90.5",
            "source_document": "年度报告",
        },
    )
    assert ok.status_code == 302
    assert ReportedFigure.objects.get().entered_by == supervisor
    saved = client.post(reverse("web:indicators-run"), {"region": "450206", "period": "2022"})
    assert saved.status_code == 302
    run = services.current_run("450206", Y2022)
    assert run.actor == supervisor and run.snapshots.filter(source="reported").count() == 1
    page = client.get(reverse("web:indicators"), {"region": "450206", "period": "2022"}).content.decode()
    assert f"计算批次 {run.pk}" in page


def test_a_leader_may_view_but_not_report(tree, client):
    leader = factories.user(tree["east_gov"], roles=("leader",), scope=DataScope.REGION)
    client.force_login(leader)
    assert client.get(reverse("web:indicators")).status_code == 200
    assert client.get(reverse("web:indicators-reported-new")).status_code == 404
    assert client.post(reverse("web:indicators-run"), {"region": "450206"}).status_code == 404


def test_indicator_codes_are_a_tooltip_not_text_under_every_name(seed000, client, supervisor):
    client.force_login(supervisor)
    html = client.get(reverse("web:indicators"), {"region": "450206", "period": "2022"}).content.decode()
    row = re.search(r'<tr id="figure-reconsideration.correction_rate".*?</tr>', html, re.S).group(0)
    assert 'title="指标编码：reconsideration.correction_rate"' in row
    visible = re.sub(r"<[^>]+>", " ", row)  # the text a reader sees, without tags and attributes
    assert "reconsideration.correction_rate" not in visible
