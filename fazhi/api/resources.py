"""Generic read/transition endpoints for any scoped model a domain registers.

A domain's ``api.py`` declares what it exposes, and nothing else::

    from fazhi.api import resources
    from fazhi.api.schemas import model_schema

    resources.register(
        "reconsideration-cases",
        ReconsiderationCase,
        list_schema=model_schema(ReconsiderationCase, ("case_number", "decision_type"), labels=("decision_type",)),
    )

(``model_schema``: a whitelist of model fields with their types and Chinese descriptions, never an
encrypted field or the 查询码; a hand-written ``WorkflowOut`` subclass works too.)

and gets, under ``/api/v1/``:

- ``GET <slug>/`` — paginated list of the rows the caller may see (``access.visible``), filterable by
  ``status`` and ``organisation``, with ``count``;
- ``GET <slug>/{id}`` — one row (``access.get_visible_or_404``; out of scope is 404, never 403);
- ``GET <slug>/{id}/transitions`` — the transitions the caller may take (workflow models only);
- ``POST <slug>/{id}/transitions/{name}`` — ``engine.perform`` with ``{"data": …, "expected_version": n}``.

``fazhi.api.router`` imports every installed app's ``api`` module before the URLs are built
(the one discovery rule of :mod:`fazhi.core.registry`) and mounts a typed router per resource, so the OpenAPI schema
documents each one with its own schema. A resource registered later (e.g. by a test) is still
served, by the generic ``{slug}`` routes mounted after the typed ones, which dispatch through the
same registry and the same functions below — typed and generic routes cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import JsonResponse
from ninja import Query, Router, Schema
from pydantic import create_model

from fazhi.api.errors import ApiError, NotFound
from fazhi.api.schemas import ErrorOut, ListFilters, TransitionIn, TransitionOptionOut
from fazhi.core import access
from fazhi.core.models import ScopedModel, User
from fazhi.core.registry import Registry
from fazhi.core.workflow import engine
from fazhi.core.workflow import registry as workflow_registry
from fazhi.core.workflow.models import StatusProtected, WorkflowModel

SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{0,48}[a-z0-9]$")
RESERVED = frozenset({"me", "organisations", "health", "docs", "openapi.json", "tokens", "indicators"})
PK_RE = re.compile(r"^[0-9]{1,18}$")
UNKNOWN_ENDPOINT = "接口不存在。"

# HTTP status for each refused transition; subclasses not listed fall back to their nearest base.
TRANSITION_STATUS: dict[type[engine.TransitionError], int] = {
    engine.UnknownTransition: 404,
    engine.IllegalTransition: 409,
    engine.StaleRecord: 409,
    engine.NotPermitted: 403,
    engine.MissingInput: 422,
    engine.ApprovalRefused: 422,  # the approver named is the asker, or lacks the authority
    engine.GuardFailed: 422,
    engine.TransitionError: 409,
}


@dataclass(frozen=True)
class Resource:
    slug: str
    model: type[ScopedModel]
    list_schema: type[Schema]
    detail_schema: type[Schema]
    label: str
    ordering: tuple[str, ...] = ("-pk",)
    select_related: tuple[str, ...] = ()

    @property
    def is_workflow(self) -> bool:
        return issubclass(self.model, WorkflowModel)

    def base_queryset(self) -> models.QuerySet:
        qs = self.model._default_manager.select_related("organisation", *self.select_related)
        return qs.order_by(*self.ordering)

    def queryset(self, user) -> models.QuerySet:
        return access.visible(user, self.base_queryset())


RESOURCES: Registry[Resource] = Registry("接口资源", key=lambda r: r.slug)
_extra_routers: list[tuple[str, Router]] = []
_assembled = False


def register(
    slug: str,
    model: type[ScopedModel],
    *,
    list_schema: type[Schema],
    detail_schema: type[Schema] | None = None,
    label: str | None = None,
    ordering: tuple[str, ...] = ("-pk",),
    select_related: tuple[str, ...] = (),
) -> Resource:
    if not SLUG_RE.match(slug) or slug in RESERVED:
        raise ValueError(f"invalid or reserved API slug {slug!r}")
    if not (isinstance(model, type) and issubclass(model, ScopedModel)):
        raise TypeError(f"{model!r}: only ScopedModel subclasses can be API resources (data scope)")
    resource = Resource(
        slug=slug,
        model=model,
        list_schema=list_schema,
        detail_schema=detail_schema or list_schema,
        label=label or str(model._meta.verbose_name_plural),
        ordering=tuple(ordering),
        select_related=tuple(select_related),
    )
    return RESOURCES.register(resource)


def unregister(slug: str) -> None:
    """Tests only: forget a resource (its typed routes, if mounted, stay until restart)."""
    RESOURCES.unregister(slug)


def add_router(prefix: str, router: Router) -> None:
    """A domain's own endpoints beyond the generic ones; mounted with the resources."""
    if _assembled:
        raise RuntimeError("API routers must be added before the API URLs are built (in the app's api.py)")
    _extra_routers.append((prefix, router))


def get(slug: str) -> Resource:
    found = RESOURCES.find(slug)
    if found is not None:
        return found
    raise NotFound(UNKNOWN_ENDPOINT, code="unknown_endpoint")


def registered() -> list[Resource]:
    return sorted(RESOURCES, key=lambda r: r.slug)


# --- the behaviour, shared by typed and generic routes -------------------------------------------


def respond(payload, status: int = 200) -> JsonResponse:
    return JsonResponse(payload, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def dump(schema: type[Schema], obj) -> dict:
    return schema.from_orm(obj).model_dump(mode="json")


def page(qs: models.QuerySet, schema: type[Schema], number: int, size: int) -> dict:
    start = (number - 1) * size
    return {
        "count": qs.count(),
        "page": number,
        "page_size": size,
        "results": [dump(schema, obj) for obj in qs[start : start + size]],
    }


def _pk(raw: str) -> int:
    if not PK_RE.match(raw or ""):
        raise NotFound()
    return int(raw)


def _fetch(request, resource: Resource, raw_id: str):
    return access.get_visible_or_404(request.auth, resource.base_queryset(), pk=_pk(raw_id))


def list_records(request, resource: Resource, filters: ListFilters) -> JsonResponse:
    qs = resource.queryset(request.auth)
    if filters.status is not None:
        if not resource.is_workflow:
            raise ApiError(
                422,
                "提交的内容有误，请按提示修改。",
                code="invalid_input",
                field_errors={"status": f"{resource.label}没有办理状态，不能按状态筛选。"},
            )
        procedure = workflow_registry.get(resource.model.procedure_name)
        if filters.status not in {s.code for s in procedure.states}:
            codes = "、".join(f"{s.code}（{s.label}）" for s in procedure.states)
            raise ApiError(
                422,
                "提交的内容有误，请按提示修改。",
                code="invalid_input",
                field_errors={"status": f"没有这个办理状态。可选：{codes}"},
            )
        qs = qs.filter(status=filters.status)
    if filters.organisation is not None:
        qs = qs.filter(organisation_id=filters.organisation)
    return respond(page(qs, resource.list_schema, filters.page, filters.page_size))


def record_detail(request, resource: Resource, raw_id: str) -> JsonResponse:
    return respond(dump(resource.detail_schema, _fetch(request, resource, raw_id)))


def _require_workflow(resource: Resource) -> None:
    if not resource.is_workflow:
        raise NotFound("该类记录没有办理程序。", code="no_procedure")


def transition_options(request, resource: Resource, raw_id: str) -> JsonResponse:
    _require_workflow(resource)
    record = _fetch(request, resource, raw_id)
    out = []
    for option in engine.options(record, request.auth):
        t = option.transition
        out.append(
            {
                "name": t.name,
                "label": t.label,
                "enabled": option.enabled,
                "reason": option.reason,
                "article": t.article,
                "fields": [
                    {
                        "name": f.name,
                        "label": f.label,
                        "kind": f.kind,
                        "required": f.required,
                        "choices": [{"value": v, "label": label} for v, label in f.choices],
                        "help": f.help,
                    }
                    for f in t.fields
                ],
                "attachments": list(t.attachments),
            }
        )
    return respond(out)


# Plain text may carry line breaks and tabs; no other control character (PostgreSQL refuses NUL).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_DATA_ITEMS = 50


def check_transition_data(actor, record, name: str, data: dict) -> None:
    """What ``engine.clean_data`` cannot see in JSON: only the transition's own fields, scalar
    values, no control characters, staff references within the caller's scope (docs/security.md 21).
    Raises a 422 ApiError with one Chinese message per field."""
    invalid = "提交的内容有误，请按提示修改。"
    if len(data) > MAX_DATA_ITEMS:
        raise ApiError(
            422, invalid, code="invalid_input", field_errors={"data": f"办理内容不能超过{MAX_DATA_ITEMS}项。"}
        )
    try:
        fields = {f.name: f for f in record.procedure.transition(name).fields}
    except KeyError:
        return  # the engine answers an unknown transition (404)
    errors: dict[str, str] = {}
    for key, value in data.items():
        label = f"“{fields[key].label}”" if key in fields else ""
        if key not in fields:
            allowed = "、".join(fields) or "无"
            errors[key[:50]] = f"不接受此项。该操作可填写：{allowed}。"
        elif isinstance(value, (dict, list)):
            errors[key] = f"{label}应为文本、数字或日期，不能是列表或对象。"
        elif isinstance(value, str) and CONTROL_RE.search(value):
            errors[key] = f"{label}不能含有控制字符。"
        elif fields[key].kind == "user" and value is not None:
            if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
                errors[key] = f"{label}应为工作人员 ID（整数）。"
            elif (
                len(str(value)) > 18
                or not User.objects.filter(
                    pk=int(value), is_active=True, organisation__in=access.visible_organisations(actor)
                ).exists()
            ):
                errors[key] = f"{label}不是有效的工作人员。"
    if errors:
        raise ApiError(422, invalid, code="invalid_input", field_errors=errors)


def take_transition(request, resource: Resource, raw_id: str, name: str, payload: TransitionIn):
    _require_workflow(resource)
    record = _fetch(request, resource, raw_id)
    check_transition_data(request.auth, record, name, payload.data)
    try:
        record = engine.perform(
            record, name, actor=request.auth, data=payload.data, expected_version=payload.expected_version
        )
    except engine.TransitionError as exc:
        status = next(TRANSITION_STATUS[c] for c in type(exc).__mro__ if c in TRANSITION_STATUS)
        raise ApiError(status, exc.message, code=exc.code, field_errors=exc.field_errors) from None
    except (DjangoValidationError, StatusProtected) as exc:
        messages = exc.messages if isinstance(exc, DjangoValidationError) else [str(exc)]
        raise ApiError(422, "；".join(messages), code="invalid_input") from None
    record = resource.queryset(request.auth).get(pk=record.pk)
    return respond(dump(resource.detail_schema, record))


# --- routers ---------------------------------------------------------------------------------------

ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _camel(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.split("-"))


def typed_router(resource: Resource) -> Router:
    """Routes for one resource, documented in OpenAPI with the resource's own schemas."""
    router = Router(tags=[resource.label])
    op = resource.slug.replace("-", "_")
    page_schema = create_model(
        f"{_camel(resource.slug)}Page",
        __base__=Schema,
        count=(int, ...),
        page=(int, ...),
        page_size=(int, ...),
        results=(list[resource.list_schema], ...),
    )

    @router.get(
        "/", response={200: page_schema, **ERRORS}, summary=f"{resource.label}列表", operation_id=f"{op}_list"
    )
    def list_(request, filters: Query[ListFilters]):
        return list_records(request, resource, filters)

    @router.get(
        "/{id}",
        response={200: resource.detail_schema, **ERRORS},
        summary=f"{resource.label}详情",
        operation_id=f"{op}_detail",
    )
    def detail(request, id: str):
        return record_detail(request, resource, id)

    if resource.is_workflow:

        @router.get(
            "/{id}/transitions",
            response={200: list[TransitionOptionOut], **ERRORS},
            summary=f"{resource.label}可办理的操作",
            operation_id=f"{op}_transitions",
        )
        def options(request, id: str):
            return transition_options(request, resource, id)

        @router.post(
            "/{id}/transitions/{name}",
            response={200: resource.detail_schema, 403: ErrorOut, 409: ErrorOut, **ERRORS},
            summary=f"办理{resource.label}",
            description="按办理程序进行一项操作。状态不允许（409）、版本已变（409）、无权限（403）、"
            "缺少必填内容或条件不满足（422）时不作任何变更。",
            operation_id=f"{op}_transition",
        )
        def transition(request, id: str, name: str, payload: TransitionIn):
            return take_transition(request, resource, id, name, payload)

    return router


def generic_router() -> Router:
    """``{slug}`` routes for resources registered after the URLs were built, then a JSON 404."""
    router = Router()

    @router.get("/{slug}/", include_in_schema=False)
    def list_any(request, slug: str, filters: Query[ListFilters]):
        return list_records(request, get(slug), filters)

    @router.get("/{slug}/{id}", include_in_schema=False)
    def detail_any(request, slug: str, id: str):
        return record_detail(request, get(slug), id)

    @router.get("/{slug}/{id}/transitions", include_in_schema=False)
    def options_any(request, slug: str, id: str):
        return transition_options(request, get(slug), id)

    @router.post("/{slug}/{id}/transitions/{name}", include_in_schema=False)
    def transition_any(request, slug: str, id: str, name: str, payload: TransitionIn):
        return take_transition(request, get(slug), id, name, payload)

    @router.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False)
    def unknown(request, rest: str):
        raise NotFound(UNKNOWN_ENDPOINT, code="unknown_endpoint")

    return router


def assemble(api) -> None:
    """Import each app's ``api`` module, then mount typed routes, extra routers and the fallback."""
    global _assembled
    if _assembled:
        return
    for resource in registered():
        api.add_router(resource.slug, typed_router(resource))
    for prefix, router in _extra_routers:
        api.add_router(prefix, router)
    api.add_router("", generic_router())
    _assembled = True
