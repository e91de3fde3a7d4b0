"""Staff pages, API resource and demo data of 行政应诉."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from fazhi.core.calendar import services as clock_services
from fazhi.litigation import demo
from fazhi.litigation.models import Appearance, Hearing, JudicialRecommendation, Lawsuit, Party
from tests import factories
from tests.litigation import factories as lf


@pytest.fixture
def staff(tree):
    return {
        "east": factories.user(tree["east_market"], roles=("officer",)),
        "west": factories.user(tree["west_justice"], roles=("officer",)),
    }


def test_staff_list_shows_lawsuits_in_scope_only(client, tree, staff):
    mine = lf.register(
        tree["east_market"], staff["east"], received_on=dt.date(2026, 9, 16), today=dt.date(2026, 9, 16)
    )
    lf.register(tree["west_justice"], staff["west"])
    client.force_login(staff["east"])
    response = client.get("/staff/lawsuits/")
    assert response.status_code == 200
    body = response.content.decode()
    assert mine.case_number in body and "张三" in body and "行政应诉" in body
    assert response.context["count"] == 1
    detail = client.get(f"/staff/lawsuits/{mine.pk}/")
    assert detail.status_code == 200 and "答辩及举证期限" in detail.content.decode()


def test_api_lists_lawsuits_without_personal_identifiers(client, tree, staff):
    case = lf.register(
        tree["east_market"], staff["east"], received_on=dt.date(2026, 9, 16), today=dt.date(2026, 9, 16)
    )
    client.force_login(staff["east"])
    response = client.get("/api/v1/lawsuits/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    row = data["results"][0]
    assert (row["case_number"], row["status_label"], row["plaintiff_summary"]) == (
        case.case_number,
        "答辩期",
        "张三",
    )
    text = response.content.decode()
    assert lf.PERSON_ID not in text and "13800138000" not in text
    client.force_login(staff["west"])
    assert client.get(f"/api/v1/lawsuits/{case.pk}").status_code == 404


def test_demo_hook_builds_lawsuits_in_every_state(db):
    from fazhi.demo import generator

    plan = generator.build_plan("county")
    generator.Region.objects.bulk_create(
        [generator.Region(code=r.code, name=r.name, level=r.level, parent_id=r.parent) for r in plan.regions],
        ignore_conflicts=True,
    )
    orgs = list(generator._load_organisations(plan).values())
    county = next(o for o in orgs if o.region_id == demo.COUNTY and o.kind == "government")
    users = [factories.user(county, roles=("officer",))]  # who the replayed steps name
    demo.lawsuits(random.Random(1), "county", orgs, users)
    assert Lawsuit.objects.count() == demo.LAWSUITS
    states = set(Lawsuit.objects.values_list("status", flat=True))
    assert states == {
        "registered",
        "answering",
        "answered",
        "heard",
        "appeal_period",
        "appealed",
        "effective",
        "closed",
    }
    assert Party.objects.count() >= demo.LAWSUITS
    for p in Party.objects.exclude(id_number=""):
        p.clean()  # valid ID numbers / credit codes
    assert Appearance.objects.filter(capacity__in=["chief", "deputy", "deputy_in_charge"]).exists()
    assert Hearing.objects.filter(held=False).exists() and JudicialRecommendation.objects.exists()
    today = timezone.localdate()
    assert not Lawsuit.objects.filter(judged_on__gt=today).exists()
    assert not Lawsuit.objects.filter(effective_on__gt=today).exists()
    for case in Lawsuit.objects.filter(status="answering"):
        assert clock_services.clocks_for(case).filter(state="running").count() == 1
    # 本机关's 上诉期 and the last party's (《行政诉讼法》第八十五条: each from its own service).
    for case in Lawsuit.objects.filter(status="appeal_period"):
        running = clock_services.clocks_for(case).filter(state="running")
        assert set(running.values_list("code", flat=True)) == {"appeal", "own_appeal"}
    # 二审 judgments (第八十九条) take effect on service (第七条): no 上诉期.
    second = Lawsuit.objects.filter(instance="second")
    assert second.exists() and set(second.values_list("status", flat=True)) <= {"effective", "closed"}
    assert not any(clock_services.clocks_for(c).filter(code="appeal").exists() for c in second)
    # Same rng, same cases.
    first = list(Lawsuit.objects.order_by("pk").values_list("status", "outcome", "plaintiff_summary"))
    Lawsuit.objects.all().delete()
    demo.lawsuits(random.Random(1), "county", orgs, users)
    assert list(Lawsuit.objects.order_by("pk").values_list("status", "outcome", "plaintiff_summary")) == first
