"""``/api/v1``: one NinjaAPI, token or session auth, JSON errors in Chinese, OpenAPI at openapi.json.

Domain resources come from each app's ``api`` module through :mod:`fazhi.api.resources`; they are
mounted when the URLs (or the OpenAPI schema) are first built.
"""

from __future__ import annotations

from django.urls import reverse
from ninja import NinjaAPI, Query

from fazhi.api import errors, resources
from fazhi.api.auth import ApiTokenAuth, StaffSessionAuth
from fazhi.api.docs import OfflineSwagger
from fazhi.api.schemas import ErrorOut, MeOut, OrganisationOut, OrganisationPage, PageFilters
from fazhi.core import access
from fazhi.core.models import DataScope, RoleCode

DESCRIPTION = """法治政府建设工作平台数据接口。

认证：在请求头中提供 `Authorization: Bearer <令牌>`（令牌由管理员用 `fazhi apitoken create` 签发，只显示一次）；
已登录的工作人员也可在浏览器中以登录会话进行查询（仅 GET）。

数据范围：所有列表、计数和详情都按调用人的数据范围过滤；范围外的记录返回 404。
错误：统一返回 `{"detail": 中文说明, "code": 错误代码, "field_errors": {字段: 说明}}`。
"""


class FazhiAPI(NinjaAPI):
    """Mounts the registered resources just before ninja builds URLs or the schema."""

    @property
    def urls(self):
        resources.assemble(self)
        return super().urls

    def get_openapi_schema(self, *args, **kwargs):
        resources.assemble(self)
        return super().get_openapi_schema(*args, **kwargs)


api = FazhiAPI(
    title="法治政府建设工作平台 API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[ApiTokenAuth(), StaffSessionAuth()],
    docs=OfflineSwagger(),
)
errors.install(api)


@api.get("/", auth=None, include_in_schema=False)
def index(request):
    return resources.respond(
        {
            "name": api.title,
            "version": api.version,
            "openapi": reverse("api:openapi-json"),
            "docs": reverse("api:openapi-view"),
        }
    )


@api.get("/health", auth=None, summary="健康检查", tags=["系统"])
def health(request):
    return {"status": "ok"}


@api.get("/me", response={200: MeOut, 401: ErrorOut}, summary="当前用户", tags=["系统"])
def me(request):
    user = request.auth
    org = user.organisation
    return resources.respond(
        {
            "id": user.pk,
            "username": user.username,
            "full_name": user.full_name,
            "organisation": resources.dump(OrganisationOut, org) if org else None,
            "roles": [
                {"code": code, "label": RoleCode(code).label}
                for code in user.roles
                if code in RoleCode.values
            ],
            "data_scope": {"code": user.data_scope, "label": DataScope(user.data_scope).label},
            "auth_method": getattr(request, "auth_method", "token"),
        }
    )


@api.get(
    "/organisations",
    response={200: OrganisationPage, 401: ErrorOut, 422: ErrorOut},
    summary="可见单位",
    description="调用人数据范围内的单位（用于筛选条件）。",
    tags=["系统"],
)
def organisations(request, filters: Query[PageFilters]):
    qs = access.visible_organisations(request.auth).select_related("region").order_by("region_id", "path")
    return resources.respond(resources.page(qs, OrganisationOut, filters.page, filters.page_size))
