"""docs/security.md 9: every URL is in the permission table; anonymous access to any non-public route is
refused (redirect to the login page, 401, 403 or 404), never a page and never a 500."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from fazhi.core import urlpolicy
from fazhi.core.models import RoleCode
from tests import factories

DUMMY = {
    "int": "1",
    "slug": "sample",
    "str": "x",
    "path": "x/y",
    "uuid": "00000000-0000-0000-0000-000000000001",
}


def _fill_route(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: DUMMY.get(m.group(1) or "str", "x"), route)


def _fill_regex(regex: str) -> str:
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    # (?P<name>a|b|c) → a ; (?P<name>.*) / [^/]+ → x
    text = re.sub(r"\(\?P<\w+>([\w|]+)\)", lambda m: m.group(1).split("|")[0], text)
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "x", text)
    return text


def _piece(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return _fill_route(str(pattern))
    if isinstance(pattern, RegexPattern):
        return _fill_regex(pattern.regex.pattern)
    return str(pattern)


def walk(resolver=None, prefix="", namespaces=()):
    """Yield (view name, namespaces, sample path, route) for every route, recursively."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from walk(entry, prefix + _piece(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = ":".join(namespaces + ((entry.name,) if entry.name else ("<unnamed>",)))
            yield name, namespaces, "/" + prefix + _piece(entry.pattern), prefix + str(entry.pattern)


ROUTES = list(walk())


def test_resolver_walk_sees_portal_staff_api_and_admin():
    names = {name for name, *_ in ROUTES}
    # The walk really reaches every part of the site, including ninja's generated routes.
    assert {"portal:home", "web:dashboard", "api:me", "api:organisations", "admin:index"} <= names
    assert any(route.startswith("api/v1/") and name == "api:list_" for name, _, _, route in ROUTES)
    assert len(ROUTES) > 60


def test_every_route_is_in_the_permission_table():
    missing = [
        f"{name}  ({route})"
        for name, namespaces, _, route in ROUTES
        if not urlpolicy.access_for(name, namespaces).known
    ]
    assert not missing, "以下路由未登记访问权限（在挂载它的应用的 urlpolicy.py 中 declare）：\n" + "\n".join(
        missing
    )


def test_table_has_no_stale_entries():
    names = {name for name, *_ in ROUTES}
    assert not set(urlpolicy.table()) - names


def test_body_limits_name_routes_that_exist():
    names = {name for name, *_ in ROUTES}
    assert {limit.view_name for limit in urlpolicy.BODY_LIMITS} - names == set()


def test_table_entries_are_valid_access_levels():
    roles = set(RoleCode.values)
    for name, access in urlpolicy.table().items():
        if isinstance(access, tuple):
            assert access and set(access) <= roles, name
        else:
            assert access in {urlpolicy.PUBLIC, urlpolicy.STAFF, urlpolicy.API, urlpolicy.ADMIN_SITE}, name


NON_PUBLIC = [
    (name, path)
    for name, namespaces, path, _ in ROUTES
    if urlpolicy.access_for(name, namespaces).access != urlpolicy.PUBLIC and name not in urlpolicy.ADMIN_OPEN
]


def _refused(response, name: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code == 302:
        login = reverse("admin:login") if name.startswith("admin:") else reverse("web:login")
        return response["Location"].startswith(login)
    return False


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_refused_on_every_non_public_route(client, method):
    assert len(NON_PUBLIC) > 40
    bad = []
    for name, path in NON_PUBLIC:
        response = getattr(client, method)(path)
        if not _refused(response, name):
            bad.append(f"{method.upper()} {path} ({name}) → {response.status_code}")
    assert not bad, "匿名访问未被拒绝：\n" + "\n".join(bad)


@pytest.mark.django_db
def test_public_routes_answer_anonymously_without_error(client):
    public = [
        (name, path)
        for name, namespaces, path, _ in ROUTES
        if urlpolicy.access_for(name, namespaces).access == urlpolicy.PUBLIC and "<" not in path
    ]
    for name, path in public:
        response = client.get(path)
        assert response.status_code < 500, (name, path, response.status_code)


@pytest.mark.django_db
@pytest.mark.urls("tests.security.urls_unlisted")
def test_a_route_missing_from_the_table_still_requires_login(client):
    response = client.get("/unlisted/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))
    assert "机密".encode() not in response.content


def test_api_route_answers_json_401_before_the_view(client, db):
    response = client.get("/api/v1/lawsuits/")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_role_entries_are_enforced_by_the_middleware(client, tree, monkeypatch):
    officer = factories.user(tree["east_justice"], roles=("officer",), username="policy_officer")
    client.force_login(officer)
    assert client.get(reverse("web:dashboard")).status_code == 200
    with urlpolicy.RULES.declared(urlpolicy.Rule("web:dashboard", ("leader",))):
        assert client.get(reverse("web:dashboard")).status_code == 404
        officer.roles = ["leader"]
        officer.save()
        assert client.get(reverse("web:dashboard")).status_code == 200


def test_case_staff_do_not_pass_the_admin_site(client, tree):
    officer = factories.user(tree["east_justice"], roles=("officer",), username="policy_officer2")
    client.force_login(officer)
    response = client.get("/admin/core/user/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
