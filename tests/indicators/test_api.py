"""/api/v1/indicators/: the figures and the records behind them, for systems that pull them."""

import pytest
from django.test import Client

from fazhi.api import tokens
from fazhi.core.models import DataScope
from fazhi.indicators import periods, services
from fazhi.reconsideration.models import CORRECTIVE, ReconsiderationCase
from tests import factories

pytestmark = pytest.mark.django_db

RATE = "reconsideration.correction_rate"


def _get(user, path, **params):
    _, raw = tokens.issue(user, name="省级平台")
    return Client().get(f"/api/v1/indicators/{path}", params, headers={"Authorization": f"Bearer {raw}"})


def test_figures_of_a_region_with_parts_source_and_definition(seed000, supervisor):
    response = _get(supervisor, "", region="450206", period="2022")
    assert response.status_code == 200
    body = response.json()
    assert (body["region"], body["period"], body["run_id"]) == ("450206", "2022", None)
    rate = {f["code"]: f for f in body["figures"]}[RATE]
    assert (rate["numerator"], rate["denominator"], rate["display"], rate["source"]) == (
        3,
        33,
        "9.09%",
        "computed",
    )
    assert rate["definition"]["basis"] == "审结" and "第二十八条" in rate["definition"]["source"]
    assert {f["code"]: f for f in body["figures"]}["reconsideration.concluded.uphold"]["numerator"] == 11

    run = services.compute_run("450206", periods.parse("2022")).run
    assert _get(supervisor, "", region="450206", period="2022").json()["run_id"] == run.pk


def test_records_behind_the_numerator_are_the_corrected_cases(seed000, supervisor):
    body = _get(supervisor, f"{RATE}/records", region="450206", period="2022", part="numerator").json()
    corrected = ReconsiderationCase.objects.filter(
        region_code="450206", decision_type__in=CORRECTIVE, decided_on__year=2022
    )
    assert body["ids"] == sorted(corrected.values_list("pk", flat=True)) and body["counted"] == 3
    den = _get(supervisor, f"{RATE}/records", region="450206", period="2022", part="denominator").json()
    assert den["counted"] == 33 and len(den["ids"]) == 33 and den["hidden"] == 0


def test_bad_input_gets_a_chinese_error_and_other_scopes_get_404(seed000, supervisor, tree):
    bad = _get(supervisor, "", region="450206", period="2022-13")
    assert (
        bad.status_code == 400
        and bad.json()["code"] == "bad_period"
        and "月份应为1至12" in bad.json()["detail"]
    )
    part = _get(supervisor, f"{RATE}/records", region="450206", period="2022", part="all")
    assert part.status_code == 400 and "分子" in part.json()["detail"]
    assert _get(supervisor, "no.such/records", region="450206", period="2022").status_code == 404
    # 东区's supervisor may not read 西区 or the city; an officer without region scope reads nothing.
    assert _get(supervisor, "", region="450207", period="2022").status_code == 404
    assert _get(supervisor, "", region="450200", period="2022").status_code == 404
    officer = factories.user(tree["east_justice"], roles=("officer",), scope=DataScope.OWN)
    assert _get(officer, "", region="450206", period="2022").status_code == 404
