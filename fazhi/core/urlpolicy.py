"""Who may reach which URL: one table for every route (SECURITY.md 9).

Every route the URL resolver knows is listed in :data:`TABLE` by its view name (``namespace:name``)
or, for the admin site, by its namespace. ``tests/security/test_urls.py`` walks the whole resolver
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
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse

from fazhi.core.models import RoleCode

logger = logging.getLogger("fazhi.security")

PUBLIC = "public"
STAFF = "staff"
API = "api"
ADMIN_SITE = "admin-site"


#: view name → access level. Role tuples mirror the views' own checks (which stay authoritative).
TABLE: dict[str, str | tuple[str, ...]] = {
    # --- portal (public) ---------------------------------------------------------------------
    "portal:home": PUBLIC,
    "portal:search": PUBLIC,
    "portal:reconsideration_portal:index": PUBLIC,
    "portal:reconsideration_portal:apply": PUBLIC,  # 行政复议申请 online (行政复议法 art. 22)
    "portal:reconsideration_portal:query": PUBLIC,  # progress by query code
    "portal:reconsideration_portal:decisions": PUBLIC,  # published decisions (art. 79)
    "portal:reconsideration_portal:decision": PUBLIC,
    # --- staff shell -------------------------------------------------------------------------
    "web:login": PUBLIC,
    "web:logout": PUBLIC,  # POST only; signing out must work even once the session has expired
    # account security (fazhi.core.security): the code step of a login runs before anyone is signed in
    "web:totp-verify": PUBLIC,  # acts only on a login pending in this session (or a signed-in step-up)
    "web:totp-setup": STAFF,
    "web:password-change": STAFF,
    # the security administrator's account screen: reset a lost second factor, unlock, force a
    # password change (fazhi.core.security.account_views; the views also answer 404 to anyone else)
    "web:security-accounts": (RoleCode.SECADMIN.value,),
    "web:security-account": (RoleCode.SECADMIN.value,),
    "web:dashboard": STAFF,
    # 指标 and 年度报告: the views check the readers/writers/signers roles and the region scope
    "web:indicators": STAFF,
    "web:indicators-compare": STAFF,
    "web:indicators-compare-export": STAFF,
    "web:indicators-run": STAFF,
    "web:indicators-reported-new": STAFF,
    "web:indicators-records": STAFF,
    "web:indicators-records-export": STAFF,
    "web:annual-reports": STAFF,
    "web:annual-report": STAFF,
    "web:annual-report-part": STAFF,
    "web:annual-report-download": STAFF,
    "web:annual-report-sign-off": STAFF,
    "web:attachment-download": STAFF,  # data scope checked by get_visible_or_404
    "web:import-index": STAFF,  # lists only the import kinds the account's roles allow
    "web:import-template": STAFF,  # 404 for a kind the roles do not allow
    "web:import-upload": STAFF,
    "web:document-generate": STAFF,  # document kinds carry their own roles
    "web:list": STAFF,  # rows cut by data scope; administrators see none
    "web:export": STAFF,
    "web:detail": STAFF,
    "web:transition": STAFF,  # the procedure's transition roles are checked by the engine
    "web:attachment-upload": STAFF,
    # create and edit pages declared on a ListSpec (FormSpec): the views check the declared roles
    # and states and the data scope, and answer 404 to anyone else
    "web:create": STAFF,
    "web:edit": STAFF,
    # 查看明文 with a reason (SECURITY.md 11); the view also checks data scope (404) and the roles.
    "web:personal-data-reveal": (RoleCode.REVIEWER.value, RoleCode.LEADER.value),
    # 信息公开审核 (SECURITY.md 18, 20): the view and fazhi.core.publication.services check the same
    # roles and the data scope; approving is the 法制审核人员's, withdrawing also the 分管领导's.
    "web:publication-review": (RoleCode.REVIEWER.value, RoleCode.LEADER.value, RoleCode.SUPERVISOR.value),
    "web:publication-approve": (RoleCode.REVIEWER.value,),
    "web:publication-withdraw": (RoleCode.REVIEWER.value, RoleCode.LEADER.value),
    # --- API ---------------------------------------------------------------------------------
    "api:api-root": PUBLIC,
    "api:index": PUBLIC,
    "api:health": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:me": API,
    "api:organisations": API,
    "api:indicators": API,
    "api:indicator_records": API,
    "api:list_": API,
    "api:detail": API,
    "api:options": API,
    "api:transition": API,
    "api:list_any": API,
    "api:detail_any": API,
    "api:options_any": API,
    "api:transition_any": API,
    "api:unknown": API,
}

#: Whole namespaces governed by one rule (the admin site adds a route per registered model).
NAMESPACES: dict[str, str] = {"admin": ADMIN_SITE}

#: Admin pages an anonymous visitor must reach to sign in or out of the admin.
ADMIN_OPEN = frozenset({"admin:login", "admin:logout", "admin:jsi18n"})


@dataclass(frozen=True)
class Decision:
    access: str | tuple[str, ...]
    known: bool


def access_for(view_name: str, namespaces: list[str] | tuple[str, ...] = ()) -> Decision:
    """The access level of a route, by its view name (``None`` names use the namespace rule)."""
    if view_name in TABLE:
        return Decision(TABLE[view_name], True)
    top = namespaces[0] if namespaces else (view_name.split(":", 1)[0] if ":" in view_name else "")
    if top in NAMESPACES:
        return Decision(NAMESPACES[top], True)
    return Decision(STAFF, False)


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _api_unauthenticated():
    from fazhi.api.errors import UNAUTHENTICATED, error_response

    return error_response(401, UNAUTHENTICATED, "unauthenticated", WWW_Authenticate="Bearer")


class UrlPolicyMiddleware:
    """Applies :data:`TABLE` to each resolved request before the view runs."""

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
