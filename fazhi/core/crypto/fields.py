"""Model fields for personal identifiers encrypted at rest (docs/security.md 16).

``EncryptedCharField`` stores ``"v1:" + base64`` SM4-GCM ciphertext in a text column; the model
attribute, forms and validators see the plaintext (``max_length`` limits the plaintext). The
ciphertext is random per value, so the column cannot be searched: an equality filter on a
non-empty value, ``contains`` and the like raise :class:`~django.core.exceptions.FieldError`
instead of silently finding nothing. Exact-match search goes through the companion
``BlindIndexField`` (HMAC-SM3 with its own key over the normalised value)::

    id_number = EncryptedCharField("公民身份号码", max_length=18, blank=True)
    id_number_index = BlindIndexField(source="id_number")
    objects = IdentifierQuerySet.as_manager()

    Party.objects.filter_by_identifier("id_number", "11010519491231002X")

The index is computed in ``pre_save``, so ``save()`` and ``bulk_create()`` keep it current;
``QuerySet.update()`` and ``bulk_update()`` of the source field must list the index field too
(``save(update_fields=[...])`` as well).
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, FieldError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.lookups import Exact, IsNull
from django.utils.functional import cached_property

from fazhi.core import crypto

_NOT_SEARCHABLE = "“{field}”加密存储，不能按明文查询；精确查找请用 filter_by_identifier()（盲索引）。"


class _EmptyOnlyExact(Exact):
    """``field=""`` (is the value missing?) still works: empty values are stored empty."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(_NOT_SEARCHABLE.format(field=self.lhs.target.verbose_name))
        return super().get_prep_lookup()


class EncryptedCharField(models.TextField):
    description = "SM4 加密存储的字符串"

    @property
    def context(self) -> str:
        """Bound into each ciphertext as authenticated data: the value belongs to this column."""
        return f"{self.model._meta.label_lower}.{self.name}"

    @cached_property
    def validators(self):
        validators = list(super().validators)
        if self.max_length is not None:
            validators.append(MaxLengthValidator(self.max_length))
        return validators

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value, self.context)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value, self.context)

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        raise FieldError(_NOT_SEARCHABLE.format(field=self.verbose_name))

    def get_transform(self, lookup_name):
        return None

    def formfield(self, **kwargs):
        # A one-line input limited to the plaintext length (not TextField's textarea).
        return models.Field.formfield(self, **{"max_length": self.max_length, **kwargs})


class BlindIndexField(models.CharField):
    """HMAC-SM3 of the normalised value of ``source`` (an EncryptedCharField of the same model).

    ``purpose`` (default: the source field's name) separates indexes of different identifier
    kinds; fields that share a purpose can be matched across models (the same 身份证号 in 行政复议
    and 行政应诉).
    """

    description = "盲索引（HMAC-SM3）"

    def __init__(self, *args, source: str, purpose: str = "", **kwargs):
        self.source = source
        self.purpose = purpose or source
        kwargs.setdefault("verbose_name", "盲索引")
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if self.purpose != self.source:
            kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def index_for(self, value: str | None) -> str:
        return crypto.blind_index(value, self.purpose)

    def pre_save(self, model_instance, add):
        value = self.index_for(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def blind_index_field(model, field: str) -> BlindIndexField:
    """The blind index companion of ``model.<field>``."""
    for candidate in model._meta.get_fields():
        if isinstance(candidate, BlindIndexField) and candidate.source == field:
            return candidate
    try:
        model._meta.get_field(field)
    except FieldDoesNotExist:
        raise FieldError(f"{model._meta.label} 没有字段 {field}。") from None
    raise FieldError(f"{model._meta.label}.{field} 没有盲索引，不能精确查找。")


def identifier_q(model, field: str, value: str, prefix: str = "") -> models.Q:
    """A filter matching rows whose ``field`` equals ``value`` after normalisation; ``prefix``
    reaches the model through a relation (``identifier_q(Party, "id_number", v, "parties__")``)."""
    index = blind_index_field(model, field)
    digest = index.index_for(value)
    if not digest:
        return models.Q(pk__in=[])
    return models.Q(**{f"{prefix}{index.name}": digest})


class IdentifierQuerySet(models.QuerySet):
    def filter_by_identifier(self, field: str, value: str) -> models.QuerySet:
        """Rows whose encrypted ``field`` equals ``value`` (exact match via the blind index)."""
        index = blind_index_field(self.model, field)
        digest = index.index_for(value)
        if not digest:
            return self.none()
        return self.filter(**{index.name: digest})


def encrypted_fields(model) -> list[EncryptedCharField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
