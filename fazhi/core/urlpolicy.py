"""Who may reach which URL: one table for every route (docs/security.md 9).

Every route the URL resolver knows has a rule in :data:`RULES`, by its view name (``namespace:name``)
or, for the admin site, by its namespace. The table is assembled from declarations: the app that
mounts a route declares its rule in its own ``urlpolicy`` module with :func:`declare` (the staff
shell for its pages, the API for its routes, a domain for its portal and staff routes), so no table
here names a domain. ``tests/security/test_urls.py`` walks the whole resolver
(portal, staff pages, the API's ninja routes, the admin) and fails on any route missing here, and
requests every non-public route anonymously expecting a redirect to the login page or 401/403/404.

:class:`UrlPolicyMiddleware` enforces the table before any view runs, in addition to the views' own
checks (``login_required``, role checks, data scope) — a view that forgets its decorator is still
closed. A route missing from the table is treated as :data:`STAFF` (login required) and logged, so
a forgotten entry never opens a page to the public.

Access levels:

``public``      anyone (the portal, the login page, the API's health check, schema and docs);
``staff``       any signed-in, active account (what the account sees is then cut down by its roles
                and data scope, e.g. the three administrators see no case rows);
``api``         the API: a bearer token or a staff session; requests with neither get the API's JSON
                401 here, the API itself checks the token and the caller's scope;
``admin-site``  the Django admin: only the three administrator roles (``is_staff`` is derived from
                them); each admin page further checks the model permission derived from the roles;
a role tuple    signed-in accounts holding at least one of these roles; others get 404 (as the
                views themselves answer, so the page's existence is not disclosed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.urls import reverse

from fazhi.core.registry import Registry

logger = logging.getLogger("fazhi.security")

PUBLIC = "public"
STAFF = "staff"
API = "api"
ADMIN_SITE = "admin-site"
LEVELS = frozenset({PUBLIC, STAFF, API, ADMIN_SITE})


@dataclass(frozen=True)
class Rule:
    """Who may reach the route named ``view_name`` (``namespace:name``)."""

    view_name: str
    access: str | tuple[str, ...]


#: Every route's rule, declared by the app that mounts the route in its ``urlpolicy`` module
#: (discovered like every other declaration, :mod:`fazhi.core.registry`).
RULES: Registry[Rule] = Registry("访问权限", key=lambda r: r.view_name)


def declare(table: Mapping[str, str | Iterable[str]]) -> None:
    """Declare the access of routes: ``{"web:lawsuit-register": ("officer", "reviewer"), …}``."""
    for name, access in table.items():
        level = access if isinstance(access, str) else tuple(str(a) for a in access)
        if isinstance(level, str) and level not in LEVELS:
            raise ValueError(f"{name}: unknown access level {level!r}")
        RULES.register(Rule(name, level))


def table() -> dict[str, str | tuple[str, ...]]:
    """The assembled table: view name → access level."""
    return {rule.view_name: rule.access for rule in RULES}


#: How a refused request is answered, per level, when the default (login page) does not fit: the
#: API shell declares its JSON 401 here (core does not import the shells).
REFUSALS: Registry[tuple[str, Callable]] = Registry("拒绝访问的答复", key=lambda r: r[0])


def on_unauthenticated(level: str, respond: Callable) -> None:
    REFUSALS.register((level, respond))


#: Whole namespaces governed by one rule (the admin site adds a route per registered model).
NAMESPACES: dict[str, str] = {"admin": ADMIN_SITE}

#: Admin pages an anonymous visitor must reach to sign in or out of the admin.
ADMIN_OPEN = frozenset({"admin:login", "admin:logout", "admin:jsi18n"})


@dataclass(frozen=True)
class BodyLimit:
    """The largest request body the route named ``view_name`` accepts, in bytes."""

    view_name: str
    max_bytes: int


#: Routes that take more than their level's default body (uploads), declared beside their access rule.
BODY_LIMITS: Registry[BodyLimit] = Registry("请求体上限", key=lambda r: r.view_name)


def declare_body_limits(table: Mapping[str, int]) -> None:
    """Declare routes whose bodies may exceed the default: ``{"web:attachment-upload": 22 * 2**20}``.
    No limit may exceed ``settings.BODY_LIMIT_MAX`` (what the server itself reads at most)."""
    for name, max_bytes in table.items():
        if not 0 < int(max_bytes) <= settings.BODY_LIMIT_MAX:
            raise ValueError(f"{name}: body limit {max_bytes} outside 1..{settings.BODY_LIMIT_MAX}")
        BODY_LIMITS.register(BodyLimit(name, int(max_bytes)))


def body_limit_for(view_name: str, access: str | tuple[str, ...]) -> int:
    """A declared limit, else ``BODY_LIMIT_PUBLIC`` for routes anyone may reach (anonymous bodies stay
    small) and ``BODY_LIMIT_DEFAULT`` for the others."""
    declared = BODY_LIMITS.find(view_name)
    if declared is not None:
        return declared.max_bytes
    return settings.BODY_LIMIT_PUBLIC if access == PUBLIC else settings.BODY_LIMIT_DEFAULT


class BodyLimitMiddleware:
    """Refuses (413) a request whose declared body exceeds its route's limit before anything reads
    the body: placed before the CSRF middleware, which parses POST bodies in ``process_view``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None:
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("请求长度无效。", status=400, content_type="text/plain; charset=utf-8")
        limit = body_limit_for(match.view_name, access_for(match.view_name, match.namespaces).access)
        if length <= limit:
            return None
        logger.warning("请求体过大：%s %s 字节，上限 %s 字节。", match.view_name, length, limit)
        shown = f"{limit / 2**20:.0f}MB" if limit >= 2**20 else f"{limit // 1024}KB"
        response = HttpResponse(
            f"提交的内容过大（此处上限为{shown}），未予处理。",
            status=413,
            content_type="text/plain; charset=utf-8",
        )
        response["Connection"] = "close"
        return response


@dataclass(frozen=True)
class Decision:
    access: str | tuple[str, ...]
    known: bool


def access_for(view_name: str, namespaces: list[str] | tuple[str, ...] = ()) -> Decision:
    """The access level of a route, by its view name (``None`` names use the namespace rule)."""
    rule = RULES.find(view_name)
    if rule is not None:
        return Decision(rule.access, True)
    top = namespaces[0] if namespaces else (view_name.split(":", 1)[0] if ":" in view_name else "")
    if top in NAMESPACES:
        return Decision(NAMESPACES[top], True)
    return Decision(STAFF, False)


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _api_unauthenticated():
    refusal = REFUSALS.find(API)
    if refusal is not None:
        return refusal[1]()
    return HttpResponse("未登录或令牌无效。", status=401, content_type="text/plain; charset=utf-8")


class UrlPolicyMiddleware:
    """Applies the table (:data:`RULES`) to each resolved request before the view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None:
            return None
        decision = access_for(match.view_name, match.namespaces)
        if not decision.known:
            logger.warning("路由 %s（%s）未登记在访问权限表中，按需登录处理。", match.view_name, match.route)
        access = decision.access
        user = getattr(request, "user", None)
        if access == PUBLIC:
            return None
        if access == API:
            if _signed_in(user) or request.headers.get("Authorization"):
                return None  # the API checks the token (or session) and the scope itself
            return _api_unauthenticated()
        if access == ADMIN_SITE:
            if match.view_name in ADMIN_OPEN or (_signed_in(user) and user.is_staff):
                return None
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not _signed_in(user):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if access == STAFF:
            return None
        if any(role in (user.roles or ()) for role in access):
            return None
        raise Http404("页面不存在。")


# The first-run page (fazhi.core.setup): anyone, but only while no administrator exists (then 404)
# and only with the setup code written on the server; it takes the two template uploads.
declare({"setup:first-run": PUBLIC})
declare_body_limits({"setup:first-run": 12 * 1024 * 1024})
