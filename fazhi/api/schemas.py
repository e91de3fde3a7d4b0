"""Schemas shared by every resource. Domains extend :class:`ScopedOut` / :class:`WorkflowOut`.

A domain's schema is a whitelist: list only fields the API may show, and mask personal
identifiers (身份证号, phone, address) in resolvers unless the caller's role may see them
(docs/security.md 11).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import models
from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from fazhi.core.crypto.fields import EncryptedCharField


class ErrorOut(Schema):
    detail: str = Field(description="中文说明，可直接展示给用户")
    code: str = Field(description="机器可读的错误代码")
    field_errors: dict[str, str] = Field(default_factory=dict, description="各字段的错误说明")


#: The largest id a database column holds (a signed 64-bit integer): a larger filter value would
#: overflow in the database driver (a 500) instead of being a clear 422 (issue 10 item 9).
MAX_ID = 2**63 - 1


class ListFilters(Schema):
    status: str | None = Field(None, description="按办理状态筛选（状态代码）", max_length=30)
    organisation: int | None = Field(None, description="按承办单位筛选（单位 ID）", ge=1, le=MAX_ID)
    page: int = Field(1, description="页码，从 1 开始", ge=1, le=100000)
    page_size: int = Field(50, description="每页条数", ge=1, le=200)


class PageFilters(Schema):
    page: int = Field(1, description="页码，从 1 开始", ge=1, le=100000)
    page_size: int = Field(50, description="每页条数", ge=1, le=200)


class ScopedOut(Schema):
    id: int
    organisation_id: int = Field(description="承办单位 ID")
    organisation_name: str = Field(description="承办单位")
    region_code: str = Field(description="区划代码")

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name


class WorkflowOut(ScopedOut):
    status: str = Field(description="办理状态代码")
    status_label: str = Field(description="办理状态")
    version: int = Field(description="版本号；办理时作为 expected_version 提交，防止覆盖他人的更新")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.state.label


def label_of(field: str) -> staticmethod:
    """A resolver of a choice field's label, "" when the field is empty:
    ``resolve_outcome_label = label_of("outcome")``."""

    def resolve(obj) -> str:
        return getattr(obj, f"get_{field}_display")() if getattr(obj, field) else ""

    return staticmethod(resolve)


def value_of(attribute: str) -> staticmethod:
    """A resolver giving ``attribute`` under the API's stable name (a column the model renamed):
    ``resolve_act_number = value_of("act_document_number")``."""

    def resolve(obj):
        return getattr(obj, attribute)

    return staticmethod(resolve)


class TransitionIn(BaseModel):
    # A plain pydantic model, not a ninja Schema: a Schema would read attributes off any object
    # (a JSON list would pass as an empty payload), and unknown keys must be refused, not ignored.
    model_config = ConfigDict(extra="forbid")

    data: dict[str, Any] = Field(default_factory=dict, description='办理时填写的内容，如 {"reason": "…"}')
    expected_version: int | None = Field(
        None, ge=1, le=MAX_ID, description="您读取记录时的版本号；记录已被他人更新时返回 409，操作不保存"
    )


class ChoiceOut(Schema):
    value: str
    label: str


class FieldOut(Schema):
    name: str
    label: str
    kind: str
    required: bool
    choices: list[ChoiceOut]
    help: str


class TransitionOptionOut(Schema):
    name: str
    label: str
    enabled: bool
    reason: str = Field(description="不可办理时的原因")
    article: str = Field(description="法律依据")
    fields: list[FieldOut]
    attachments: list[str] = Field(description="须先上传的材料类型")


class LabelledCode(Schema):
    code: str
    label: str


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    region_code: str
    region_name: str
    parent_id: int | None
    is_enforcement_body: bool

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj) -> str:
        return obj.region.name


class OrganisationPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[OrganisationOut]


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    organisation: OrganisationOut | None
    roles: list[LabelledCode]
    data_scope: LabelledCode
    auth_method: str = Field(description="token（访问令牌）或 session（登录会话）")


# --- schemas declared from model fields -----------------------------------------------------------

_TYPES: tuple[tuple[type[models.Field], type], ...] = (
    (models.BooleanField, bool),
    (models.DateTimeField, dt.datetime),
    (models.DateField, dt.date),
    (models.DecimalField, Decimal),
    (models.IntegerField, int),
    (models.AutoField, int),
    (models.ForeignKey, int),
    (models.CharField, str),
    (models.TextField, str),
)
#: Never in an API schema, whatever a declaration lists (docs/security.md 11): the portal's 查询码.
NEVER_SHOWN = frozenset({"query_code"})
CHOICES_LISTED = 8  # a choice field's description lists its codes when it has at most this many


def _described(field: models.Field) -> str:
    label = str(field.verbose_name)
    if field.is_relation:
        return f"{label}ID"
    if not field.choices:
        return label
    if len(field.choices) > CHOICES_LISTED:
        return f"{label}代码"
    return f"{label}代码：" + "、".join(f"{value} {text}" for value, text in field.choices)


def model_schema(
    model: type[models.Model],
    fields: Sequence[str],
    *,
    base: type[Schema] = None,
    labels: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
    extra: Mapping[str, tuple[type, str]] | None = None,
) -> type[Schema]:
    """The output schema of a resource, declared as a whitelist of ``model``'s fields: each with its
    type, its ``verbose_name`` as description (a choice field's codes listed: “审级代码：first 一审、
    second 二审”), ``None`` allowed where the column is nullable; a foreign key by its ``<name>_id``.
    ``labels``: choice fields also given as ``<field>_label`` (the Chinese label); ``names``: API name
    → model field for a field published under another stable name; ``extra``: API name → (type,
    description) read from an attribute of the same name (a property such as ``lost``).

    Personal data cannot be listed: an encrypted field (身份证号, phone, address) or the 查询码 is a
    start-up error (docs/security.md 11)."""
    base = base or WorkflowOut
    names = dict(names or {})
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": model.__module__}
    for api_name in [*fields, *names]:
        attribute = names.get(api_name, api_name)
        field = next((f for f in model._meta.concrete_fields if attribute in (f.name, f.attname)), None)
        if field is None:
            raise ValueError(f"{model.__name__} has no field {attribute!r} for the API")
        if isinstance(field, EncryptedCharField) or field.name in NEVER_SHOWN:
            raise ValueError(f"{model.__name__}.{field.name} is personal data and never in the API")
        kind = next((t for cls, t in _TYPES if isinstance(field, cls)), str)
        optional = field.null
        annotations[api_name] = kind | None if optional else kind
        namespace[api_name] = Field(None if optional else ..., description=_described(field))
        if api_name != field.attname:  # another stable name, or a foreign key by its id
            namespace[f"resolve_{api_name}"] = value_of(field.attname)
    for name in labels:
        field = model._meta.get_field(name)
        annotations[f"{name}_label"] = str
        namespace[f"{name}_label"] = Field(description=str(field.verbose_name))
        namespace[f"resolve_{name}_label"] = label_of(name)
    for name, (kind, description) in (extra or {}).items():
        annotations[name] = kind
        namespace[name] = Field(description=description)
    namespace["__annotations__"] = annotations
    return type(f"{model.__name__}Out", (base,), namespace)
