"""Every API error is JSON ``{"detail": 中文说明, "code": …, "field_errors": {字段: 中文说明}}``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

logger = logging.getLogger("fazhi.api")

NOT_FOUND = "记录不存在或您无权查看。"
UNAUTHENTICATED = "未提供有效的访问令牌，或令牌已吊销、已过期，或账号已停用。请在请求头中提供 Authorization: Bearer <令牌>。"


class ApiError(Exception):
    def __init__(self, status: int, detail: str, *, code: str, field_errors: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.field_errors = field_errors or {}


class NotFound(ApiError):
    def __init__(self, detail: str = NOT_FOUND, *, code: str = "not_found"):
        super().__init__(404, detail, code=code)


def error_response(status: int, detail: str, code: str, field_errors: dict | None = None, **headers):
    body = {"detail": detail, "code": code, "field_errors": field_errors or {}}
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


_TYPE_MESSAGES = {
    "missing": "此项必填。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "int_from_float": "应为整数。",
    "float_parsing": "应为数字。",
    "bool_parsing": "应为是或否（true/false）。",
    "string_type": "应为文本。",
    "dict_type": "应为 JSON 对象。",
    "model_type": "应为 JSON 对象。",
    "model_attributes_type": "应为 JSON 对象。",
    "list_type": "应为列表。",
    "extra_forbidden": "不接受此项。",
    "string_too_long": "内容过长。",
}


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "greater_than_equal":
        return f"不能小于{ctx.get('ge')}。"
    if kind == "less_than_equal":
        return f"不能大于{ctx.get('le')}。"
    if kind == "greater_than":
        return f"应大于{ctx.get('gt')}。"
    if kind == "less_than":
        return f"应小于{ctx.get('lt')}。"
    return _TYPE_MESSAGES.get(kind, "取值无效。")


def _field(loc) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"query", "path", "body", "header", "cookie", "form", "file"}:
        source = parts.pop(0)
        # Body and query-schema errors carry the Python parameter name next; clients never see it.
        if source in {"body", "query"} and parts and parts[0] in {"payload", "filters", "params"}:
            parts.pop(0)
    return ".".join(parts) or "body"


def validation_field_errors(errors: list[dict]) -> dict[str, str]:
    out: dict[str, str] = {}
    for error in errors:
        field = _field(error.get("loc", ()))
        message = _message(error)
        if field == "body" and error.get("type") == "missing":
            message = "请提交 JSON 请求体。"
        out.setdefault(field, message)
    return out


_HTTP_MESSAGES = {
    400: ("请求格式有误：请求体应为有效的 JSON。", "bad_request"),
    401: (UNAUTHENTICATED, "unauthenticated"),
    403: ("您没有进行此操作的权限。", "forbidden"),
    404: ("接口不存在。", "not_found"),
    405: ("不支持该请求方法。", "method_not_allowed"),
    429: ("请求过于频繁，请稍后再试。", "throttled"),
}


def install(api) -> None:
    """Replace ninja's English error bodies with ours."""

    @api.exception_handler(ApiError)
    def _api_error(request, exc: ApiError):
        return error_response(exc.status, exc.detail, exc.code, exc.field_errors)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return error_response(401, UNAUTHENTICATED, "unauthenticated", WWW_Authenticate="Bearer")

    @api.exception_handler(AuthorizationError)
    def _forbidden(request, exc):
        return error_response(403, *_HTTP_MESSAGES[403])

    @api.exception_handler(PermissionDenied)
    def _permission_denied(request, exc):
        return error_response(403, *_HTTP_MESSAGES[403])

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        # access.AccessDenied carries the Chinese sentence; ninja's own 404s do not.
        message = str(exc) if exc.args and not str(exc).isascii() else NOT_FOUND
        return error_response(404, message, "not_found")

    @api.exception_handler(ValidationError)
    def _invalid(request, exc: ValidationError):
        field_errors = validation_field_errors(exc.errors)
        return error_response(422, "提交的内容有误，请按提示修改。", "invalid_input", field_errors)

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        detail, code = _HTTP_MESSAGES.get(exc.status_code, ("请求无法处理。", "error"))
        return error_response(exc.status_code, detail, code)

    @api.exception_handler(Exception)
    def _unexpected(request, exc: Exception):
        if settings.DEBUG:
            raise exc
        logger.exception("API error", exc_info=exc)
        return error_response(500, "服务器内部错误，请稍后重试或联系系统管理员。", "server_error")
