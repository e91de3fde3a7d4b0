"""Small factories shared by the core tests (domain apps keep their own beside their tests)."""

from __future__ import annotations

import itertools

from fazhi.core.models import (
    DataScope,
    Organisation,
    OrganisationFunction,
    OrganisationKind,
    OrgFunction,
    Region,
    RegionLevel,
    User,
)

_seq = itertools.count(1)
PASSWORD = "Ce-shi-Mima-2026"


def region(code="450206", name="示范区", level=RegionLevel.COUNTY, parent=None) -> Region:
    obj, _ = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )
    return obj


def county_tree():
    """A city (4502) with two counties, each with a government and departments."""
    city = region("450200", "示范市", RegionLevel.PREFECTURE)
    a = region("450206", "东区", RegionLevel.COUNTY, city)
    b = region("450207", "西区", RegionLevel.COUNTY, city)
    return city, a, b


def organisation(
    name=None, region_obj=None, kind=OrganisationKind.DEPARTMENT, parent=None, functions=(), **kw
) -> Organisation:
    region_obj = region_obj or region()
    org = Organisation.objects.create(
        name=name or f"测试单位{next(_seq)}", kind=kind, region=region_obj, parent=parent, **kw
    )
    for function in functions:
        OrganisationFunction.objects.get_or_create(organisation=org, function=function)
    return org


JUSTICE_FUNCTIONS = (OrgFunction.JUSTICE_ADMINISTRATION, OrgFunction.RECONSIDERATION_BODY)


def user(org=None, roles=("officer",), scope=DataScope.OWN, username=None, **kw) -> User:
    username = username or f"user{next(_seq)}"
    u = User(
        username=username,
        full_name=kw.pop("full_name", "测试人员"),
        organisation=org,
        roles=list(roles),
        data_scope=scope,
        **kw,
    )
    u.set_password(PASSWORD)
    u.full_clean(exclude=["password"])
    u.save()
    return u


def figure(code: str, region_prefix: str, start, end):
    """A declared indicator's figure for one region (``fazhi.indicators.registry``, as runs and
    reports compute it) and its value as the reports print it ("12.5%", "46件", "—")."""
    from fazhi.indicators import registry

    indicator = registry.get(code)
    result = indicator.run(region_prefix, start, end)
    return result, indicator.show(result.value(indicator.unit))
