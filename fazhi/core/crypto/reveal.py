"""查看明文: a staff member who may see a personal identifier asks for it with a reason; each view
writes one audit row ``personal_data.view`` holding the reason (docs/security.md 11, 12;
《个人信息保护法》第五十一条: 采取相应的加密、去标识化等安全技术措施，合理确定处理个人信息的操作权限).

Which values may be revealed follows from the models: every ``EncryptedCharField`` of a model that
says how it is reached through data scope — either the model is a ScopedModel itself, or it names
the foreign key to one in ``reveal_through`` (e.g. a party is reached through its case). The
lookup goes through :func:`fazhi.core.access.visible`, so a record outside the user's scope is a
404 exactly as on its detail page; only then is the role checked (403).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from fazhi.core.access import AccessDenied, visible
from fazhi.core.audit import services as audit
from fazhi.core.crypto.fields import EncryptedCharField, encrypted_fields
from fazhi.core.masking import mask_address, mask_id_number, mask_phone
from fazhi.core.models import RoleCode, ScopedModel

# 法制审核人员 and 分管领导 may see identifiers in full (with a reason); 承办人 work with masked values.
REVEAL_ROLES = frozenset({RoleCode.REVIEWER, RoleCode.LEADER})
ACTION = "personal_data.view"
REASON_MIN = 4
REASON_MAX = 200


class RevealError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def may_reveal(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and set(user.roles) & REVEAL_ROLES
    )


def _scoped_queryset(user, model) -> models.QuerySet:
    if issubclass(model, ScopedModel):
        return visible(user, model)
    through = getattr(model, "reveal_through", "")
    if not through:
        raise AccessDenied("记录不存在或您无权查看。")
    related = model._meta.get_field(through).related_model
    return model._default_manager.filter(**{f"{through}__in": visible(user, related).values("pk")})


def revealable_model(label: str):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise AccessDenied("记录不存在或您无权查看。") from None
    if not encrypted_fields(model):
        raise AccessDenied("记录不存在或您无权查看。")
    return model


def _field(model, name: str) -> EncryptedCharField:
    for field in encrypted_fields(model):
        if field.name == name:
            return field
    raise AccessDenied("记录不存在或您无权查看。")


@dataclass(frozen=True)
class Revealed:
    record: models.Model
    field: EncryptedCharField
    value: str


def reveal(user, label: str, pk, field_name: str, reason: str) -> Revealed:
    """The plaintext of ``label``/``pk``/``field_name`` for ``user``, logged with ``reason``.

    Raises :class:`AccessDenied` (404) when the record is out of scope or not revealable,
    :class:`PermissionDenied` (403) when the role may not see identifiers, :class:`RevealError`
    when the reason is missing.
    """
    model = revealable_model(label)
    field = _field(model, field_name)
    try:
        record = _scoped_queryset(user, model).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise AccessDenied("记录不存在或您无权查看。") from None
    if not may_reveal(user):
        raise PermissionDenied("您的角色不能查看个人信息明文。")
    reason = " ".join((reason or "").split())
    if len(reason) < REASON_MIN:
        raise RevealError(f"请填写查看明文的事由（至少{REASON_MIN}个字）。")
    if len(reason) > REASON_MAX:
        raise RevealError(f"事由不超过{REASON_MAX}个字。")
    value = getattr(record, field.attname) or ""
    with transaction.atomic():
        audit.record(
            ACTION,
            obj=record,
            detail={"field": field.name, "field_label": str(field.verbose_name), "reason": reason},
        )
    return Revealed(record=record, field=field, value=value)


def masked(field_name: str, value: str) -> str:
    """How staff screens show an identifier before it is revealed."""
    if not value:
        return ""
    if "phone" in field_name:
        return mask_phone(value)
    if "address" in field_name:
        return mask_address(value, level="township")
    return mask_id_number(value, keep_head=6, keep_tail=2)
