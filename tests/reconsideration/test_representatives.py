"""代表人 (2023《行政复议法》第十五条第一款; 《行政复议法实施条例》第八条): 申请人超过5人的，推选1至5名
代表参加行政复议. Marked on the 申请人 rows when registering; refused — nothing saved, the reason in
Chinese — for five or fewer applicants or more than five representatives."""

from __future__ import annotations

import pytest

from fazhi.reconsideration.models import Party, ReconsiderationCase
from tests import factories
from tests.reconsideration.test_staff_register import URL, form_data, text

pytestmark = pytest.mark.django_db

# Valid 公民身份号码 (GB 11643 check digits), one per applicant.
IDS = [
    "11010519491231002X",
    "110105194912310038",
    "110105194912310046",
    "110105194912310054",
    "110105194912310062",
    "110105194912310070",
    "110105194912310089",
]


def applicants(count: int, representatives: int) -> dict:
    data = {"applicants-TOTAL_FORMS": str(count), "applicants-MAX_NUM_FORMS": "60"}
    for i in range(count):
        data |= {
            f"applicants-{i}-kind": "person",
            f"applicants-{i}-name": f"村民{i + 1}",
            f"applicants-{i}-id_number": IDS[i],
        }
        if i < representatives:
            data[f"applicants-{i}-is_representative"] = "on"
    return form_data(**data)


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_justice"], roles=("officer",))


def test_more_than_five_applicants_elect_representatives_shown_with_the_parties(client, officer):
    client.force_login(officer)
    response = client.post(URL, applicants(7, 2))
    assert response.status_code == 302, text(response)[:2000]
    case = ReconsiderationCase.objects.get()
    chosen = Party.objects.filter(case=case, role="applicant", is_representative=True)
    assert sorted(p.name for p in chosen) == ["村民1", "村民2"]
    page = text(client.get(response["Location"]))
    assert "申请人（代表人）：村民1" in page and "申请人：村民3" in page


@pytest.mark.parametrize(
    ("count", "chosen", "message"),
    [
        (3, 1, "申请人超过5人的，才推选代表人参加行政复议"),
        (7, 6, "代表人为1至5人（《行政复议法实施条例》第八条），本案选了6人"),
    ],
)
def test_representatives_outside_the_rule_are_refused_and_nothing_is_saved(
    client, officer, count, chosen, message
):
    client.force_login(officer)
    response = client.post(URL, applicants(count, chosen))
    assert response.status_code == 400
    assert message in text(response)
    assert not ReconsiderationCase.objects.exists() and not Party.objects.exists()
