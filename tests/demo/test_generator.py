"""Demo generator (issue #2 item 11): deterministic, fictional, valid codes, realistic shape."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth import authenticate

from fazhi.core.access import visible_organisations
from fazhi.core.models import ADMIN_ROLES, Organisation, OrganisationKind, Region, User
from fazhi.core.validators import org_code_check_char, validate_region_code, validate_uscc
from fazhi.demo import generator, registry


@pytest.fixture(scope="module")
def county_plan():
    return generator.build_plan("county")


def test_same_seed_gives_the_same_demo_and_another_seed_another(county_plan):
    again = generator.build_plan("county")
    assert [(o.name, o.region, o.uscc) for o in again.orgs] == [
        (o.name, o.region, o.uscc) for o in county_plan.orgs
    ]
    assert [(r.code, r.name) for r in again.regions] == [(r.code, r.name) for r in county_plan.regions]
    assert [(s.username, s.full_name, s.org) for s in again.staff] == [
        (s.username, s.full_name, s.org) for s in county_plan.staff
    ]
    other = generator.build_plan("county", seed=7)
    assert [o.name for o in other.orgs] != [o.name for o in county_plan.orgs]


def test_a_county_is_the_same_at_city_scale(county_plan):
    city = generator.build_plan("city")
    county_orgs = [(o.name, o.uscc) for o in county_plan.orgs]
    in_city = [(o.name, o.uscc) for o in city.orgs if o.region.startswith(generator.DEMO_COUNTY)]
    assert in_city == county_orgs
    assert Counter(r.level for r in city.regions)["county"] == 8


def test_every_credit_code_and_region_code_is_valid(county_plan):
    plan = generator.build_plan("city")
    codes = [o.uscc for o in plan.orgs if o.uscc]
    assert len(codes) == len(set(codes))
    for org in plan.orgs:
        if org.kind == OrganisationKind.JUSTICE_OFFICE:
            assert org.uscc is None  # 派出机构 of the 司法局
            continue
        validate_uscc(org.uscc)
        assert org.uscc[:2] == "11"  # 机构编制 · 机关
        assert org.uscc[2:8] == org.region[:6]
        assert org_code_check_char(org.uscc[8:16]) == org.uscc[16]
    for region in plan.regions:
        validate_region_code(region.code)
        # province 45 with prefectures 4571–4580, which GB/T 2260 leaves unused: fictional
        assert region.code == "450000" or "4571" <= region.code < "4581"


def test_county_has_realistic_organisations_and_staff(county_plan):
    by_name = {o.name: o for o in county_plan.orgs}
    county = next(r for r in county_plan.regions if r.code == generator.DEMO_COUNTY)
    departments = [o for o in county_plan.orgs if o.kind == OrganisationKind.DEPARTMENT]
    assert 28 <= len(departments) <= 32
    for name in ("司法局", "市场监督管理局", "公安局"):
        assert by_name[county.name + name].enforcement
    assert not by_name[county.name + "信访局"].enforcement
    townships = [o for o in county_plan.orgs if o.kind == OrganisationKind.TOWNSHIP]
    offices = [o for o in county_plan.orgs if o.kind == OrganisationKind.JUSTICE_OFFICE]
    assert 10 <= len(townships) <= 14 and len(offices) == len(townships)
    assert {o.region for o in offices} == {t.region for t in townships}
    assert 250 <= len(county_plan.staff) <= 350
    assert len({s.username for s in county_plan.staff}) == len(county_plan.staff)


def test_province_scale_is_ten_cities_of_eight_counties():
    plan = generator.build_plan("province")
    levels = Counter(r.level for r in plan.regions)
    assert levels["prefecture"] == 10 and levels["county"] == 80


@pytest.fixture
def installed(db):
    return generator.install("county")


def test_install_writes_the_plan_with_correct_tree_paths(installed, county_plan):
    assert installed.created
    assert Organisation.objects.count() == len(county_plan.orgs)
    assert User.objects.count() == len(county_plan.staff)
    assert Region.objects.filter(code__gte="4571", code__lt="4581").count() == len(county_plan.regions) - 1
    for org in Organisation.objects.select_related("parent"):
        expected = (org.parent.path if org.parent else "/") + f"{org.pk}/"
        assert org.path == expected
    # data scopes work on the generated tree
    supervisor = User.objects.get(username="supervisor")
    officer = User.objects.get(username="officer")
    leader = User.objects.get(username="leader")
    assert visible_organisations(supervisor).count() == Organisation.objects.count()
    assert list(visible_organisations(officer)) == [officer.organisation]
    assert visible_organisations(leader).filter(kind=OrganisationKind.JUSTICE_OFFICE).count() == len(
        [o for o in county_plan.orgs if o.kind == OrganisationKind.JUSTICE_OFFICE]
    )


def test_demo_logins_authenticate_and_follow_the_rules(installed):
    roles = {login.username: login for login in installed.logins}
    assert set(roles) >= {"officer", "reviewer", "leader", "supervisor", "sysadmin", "secadmin", "auditadmin"}
    for login in installed.logins:
        user = authenticate(username=login.username, password=login.password)
        assert user is not None, login.username
        user.full_clean(exclude=["password", "username_key"])  # 三员 and organisation rules
        pw = login.password
        assert len(pw) >= 10 and login.username not in pw.lower()
        assert sum(any(f(c) for c in pw) for f in (str.isupper, str.islower, str.isdigit)) >= 3
    admins = User.objects.filter(username__in=["sysadmin", "secadmin", "auditadmin"])
    assert all(len(set(u.roles) & ADMIN_ROLES) == 1 and len(u.roles) == 1 for u in admins)
    # filler staff cannot log in at all
    filler = User.objects.exclude(username__in=generator.LOGIN_USERNAMES).first()
    assert not filler.has_usable_password()


def test_reinstall_does_not_duplicate_and_gives_new_passwords(installed):
    orgs, users = Organisation.objects.count(), User.objects.count()
    again = generator.install("county")
    assert not again.created
    assert (Organisation.objects.count(), User.objects.count()) == (orgs, users)
    old = {login.username: login.password for login in installed.logins}
    new = {login.username: login.password for login in again.logins}
    assert old.keys() == new.keys()
    for username in old:
        assert old[username] != new[username]
        assert authenticate(username=username, password=old[username]) is None
        assert authenticate(username=username, password=new[username]) is not None


def test_reset_rebuilds_the_same_demo(installed):
    names_before = sorted(Organisation.objects.values_list("name", "uscc"))
    first_id = Organisation.objects.order_by("pk").first().pk
    rebuilt = generator.install("county", reset=True)
    assert rebuilt.created
    assert sorted(Organisation.objects.values_list("name", "uscc")) == names_before
    assert Organisation.objects.order_by("pk").first().pk != first_id


def test_domain_hooks_receive_rng_scale_orgs_and_users(db):
    calls = []

    def hook(rng, scale, orgs, users):
        calls.append(
            (rng.random(), scale, len(orgs), len(users), orgs[0].pk is not None, users[0].pk is not None)
        )

    registry.register(hook)
    try:
        generator.install("county")
        generator.install("county", reset=True)
    finally:
        registry.unregister(hook)
    assert calls[0] == calls[1]  # same seed → same rng stream for the hook
    _, scale, n_orgs, n_users, org_saved, user_saved = calls[0]
    assert scale == "county" and n_orgs == Organisation.objects.count() and n_users == User.objects.count()
    assert org_saved and user_saved
