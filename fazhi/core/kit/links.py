"""Linking matters of any two domains: which models may be linked, the two writes
(:func:`link_create`, :func:`link_remove`, each with an audit row) and the read (:func:`links_of`).

A domain declares on its model::

    class Lawsuit(WorkflowModel):
        matter_key = "litigation"              # stable key other domains may name
        matter_number_field = "case_number"    # what a user types to find it

Only records in data scope (:mod:`fazhi.core.access`) are linked and shown: the creator must see
both ends, and a reader sees a link only when they may see the other end as well. A linked record
cannot be deleted (the chain feeds the annual report's "where corrections come from"); remove its
links first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.signals import pre_delete

from fazhi.core import access
from fazhi.core.audit import services as audit
from fazhi.core.kit.models import DIRECTION_LABELS, LinkKind, MatterLink
from fazhi.core.models import ScopedModel

_linkable: dict[str, type[models.Model]] = {}  # matter_key → model


class LinkedRecordProtected(ValidationError):
    """Deleting a record that other matters are linked to."""


def discover() -> None:
    """Register every installed model that declares ``matter_key`` (called once at start-up)."""
    for model in apps.get_models():
        key = model.__dict__.get("matter_key") or getattr(model, "matter_key", None)
        if key and not model._meta.abstract:
            register(model)


def register(model: type[models.Model]) -> None:
    key = model.matter_key
    if not issubclass(model, ScopedModel):
        raise ValueError(f"{model._meta.label}: 只有带数据范围的记录（ScopedModel）可以关联")
    existing = _linkable.get(key)
    if existing is not None and existing is not model:
        raise ValueError(f"matter_key {key!r} declared by {existing._meta.label} and {model._meta.label}")
    _linkable[key] = model
    pre_delete.connect(
        _refuse_delete_if_linked, sender=model, dispatch_uid=f"kit-link-protect:{model._meta.label}"
    )


def linkable_models() -> dict[str, type[models.Model]]:
    return dict(_linkable)


def is_linkable(model_or_obj) -> bool:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return model in _linkable.values()


def _ends_q(ct: ContentType, pk) -> models.Q:
    return models.Q(source_type=ct, source_id=pk) | models.Q(target_type=ct, target_id=pk)


def _refuse_delete_if_linked(sender, instance, **kwargs) -> None:
    ct = ContentType.objects.get_for_model(sender)
    if MatterLink.objects.filter(_ends_q(ct, instance.pk)).exists():
        raise LinkedRecordProtected(f"“{instance}”与其他事项存在关联，请先解除关联再删除。")


def _describe(obj) -> str:
    return f"{obj._meta.verbose_name}“{obj}”"


def _visible_end(actor, obj):
    if obj is None or obj.pk is None:
        raise ValidationError("关联的事项不存在。")
    if not is_linkable(obj):
        raise ValidationError(f"{obj._meta.verbose_name}不能与其他事项关联。")
    return access.get_visible_or_404(actor, type(obj), pk=obj.pk)


# --- writes -----------------------------------------------------------------------------------


def link_create(*, actor, source, target, kind: str) -> MatterLink:
    """Link ``target`` as following from ``source`` (e.g. a 复议 case → the lawsuit against its
    decision). Both must exist, be linkable and lie in ``actor``'s data scope (404 otherwise)."""
    if kind not in LinkKind.values:
        raise ValidationError({"kind": f"未知的关联关系：{kind}"})
    source = _visible_end(actor, source)
    target = _visible_end(actor, target)
    source_ct = ContentType.objects.get_for_model(source)
    target_ct = ContentType.objects.get_for_model(target)
    if source_ct == target_ct and source.pk == target.pk:
        raise ValidationError("事项不能与自身关联。")
    link = MatterLink(
        source_type=source_ct,
        source_id=source.pk,
        target_type=target_ct,
        target_id=target.pk,
        kind=kind,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            link.save()
            audit.record(
                "matter_link.create",
                object_type=MatterLink._meta.label_lower,
                object_id=str(link.pk),
                object_repr=f"{_describe(source)} —{LinkKind(kind).label}→ {_describe(target)}",
                user=actor,
                detail={
                    "source": f"{source._meta.label_lower}:{source.pk}",
                    "target": f"{target._meta.label_lower}:{target.pk}",
                    "kind": kind,
                },
            )
    except IntegrityError:
        raise ValidationError(
            f"{_describe(source)}与{_describe(target)}已存在“{LinkKind(kind).label}”关联。"
        ) from None
    return link


def link_remove(*, actor, link: MatterLink) -> None:
    """Remove a link; ``actor`` must see both ends."""
    source = _visible_end(actor, link.source)
    target = _visible_end(actor, link.target)
    with transaction.atomic():
        pk = link.pk
        link.delete()
        audit.record(
            "matter_link.remove",
            object_type=MatterLink._meta.label_lower,
            object_id=str(pk),
            object_repr=f"{_describe(source)} —{link.get_kind_display()}→ {_describe(target)}",
            user=actor,
            detail={
                "source": f"{source._meta.label_lower}:{source.pk}",
                "target": f"{target._meta.label_lower}:{target.pk}",
                "kind": link.kind,
            },
        )


# --- reads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkedMatter:
    link: MatterLink
    other: models.Model  # the record at the other end, visible to the reader
    outgoing: bool  # True: ``other`` follows from the record (the record is the source)

    @property
    def relation(self) -> str:
        source_label, target_label = DIRECTION_LABELS[self.link.kind]
        return source_label if self.outgoing else target_label

    @property
    def kind_label(self) -> str:
        return self.link.get_kind_display()


def links_of(record, user) -> list[LinkedMatter]:
    """The links of ``record`` whose other end ``user`` may see (nothing if they may not see the
    record itself). One query for the links, one per type of record at the other ends."""
    if record is None or record.pk is None or not is_linkable(record):
        return []
    if not access.visible(user, type(record)).filter(pk=record.pk).exists():
        return []
    ct = ContentType.objects.get_for_model(record)
    links = list(MatterLink.objects.filter(_ends_q(ct, record.pk)).select_related("created_by"))
    wanted: dict[int, set[int]] = {}
    for link in links:
        outgoing = link.source_type_id == ct.pk and link.source_id == record.pk
        other_ct, other_id = (
            (link.target_type_id, link.target_id) if outgoing else (link.source_type_id, link.source_id)
        )
        wanted.setdefault(other_ct, set()).add(other_id)
    found: dict[tuple[int, int], models.Model] = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None or not is_linkable(model):
            continue
        for obj in access.visible(user, model).filter(pk__in=ids).select_related("organisation"):
            found[(ct_id, obj.pk)] = obj
    out = []
    for link in links:
        outgoing = link.source_type_id == ct.pk and link.source_id == record.pk
        key = (link.target_type_id, link.target_id) if outgoing else (link.source_type_id, link.source_id)
        if key in found:
            out.append(LinkedMatter(link=link, other=found[key], outgoing=outgoing))
    return out


def linked_records(record, user, *, kind: str | None = None, matter_key: str | None = None) -> list:
    """The visible records linked to ``record``, optionally of one kind / one linkable model."""
    model = _linkable.get(matter_key) if matter_key else None
    return [
        item.other
        for item in links_of(record, user)
        if (kind is None or item.link.kind == kind) and (model is None or type(item.other) is model)
    ]


def matters_numbered(user, matter_key: str, number: str) -> models.QuerySet:
    """Records of the linkable model ``matter_key`` that ``user`` may see and that bear ``number``
    (for a form that links by typing the other matter's number)."""
    model = _linkable.get(matter_key)
    if model is None:
        raise ValueError(f"没有登记为可关联事项的类型：{matter_key}")
    field = getattr(model, "matter_number_field", None)
    if not field:
        raise ValueError(f"{model._meta.label} 没有声明 matter_number_field")
    return access.visible(user, model).filter(**{field: (number or "").strip()})


# --- a link a form gives by the other matter's number ---------------------------------------------


@dataclass(frozen=True)
class NumberedLink:
    """A link to another domain's matter that a form gives by typing its number, e.g. the 复议 case
    a lawsuit follows (经复议的案件: ``NumberedLink("reconsideration_case_number", "reconsideration",
    LinkKind.LITIGATED, "复议案件")``). The form's ``field`` keeps the number as typed (it may name a
    matter outside the system only if left blank); :meth:`clean` finds the one matter of
    ``matter_key`` bearing it that the user may see, :meth:`saved` makes it the record's one link of
    ``kind`` (from the other matter to the record when ``incoming``), replacing a link to a matter
    whose number was changed or cleared."""

    field: str
    matter_key: str
    kind: str
    noun: str  # what the other matter is called in messages: 复议案件
    incoming: bool = True

    def _number_label(self) -> str:
        model = _linkable[self.matter_key]
        return str(model._meta.get_field(model.matter_number_field).verbose_name)

    def clean(self, form, data: dict) -> None:
        """For ``FormSpec.clean``: the matter the typed number names, kept on the form for
        :meth:`saved`; an error under the field when the user may see none or several."""
        number = (data.get(self.field) or "").strip()
        form.numbered_links = {**getattr(form, "numbered_links", {}), self.field: None}
        if not number:
            return
        found = list(matters_numbered(form.user, self.matter_key, number)[:2])
        label = self._number_label()
        if not found:
            form.add_error(self.field, f"没有找到您有权查看的{self.noun}“{number}”，请核对{label}。")
        elif len(found) > 1:
            form.add_error(self.field, f"有多件{self.noun}的{label}为“{number}”，请联系管理员核对。")
        else:
            form.numbered_links[self.field] = found[0]

    def saved(self, record, form, actor) -> None:
        """For ``FormSpec.on_create`` / ``on_update`` (same transaction): link the matter found by
        :meth:`clean`, removing this kind's link to any other (each change audited)."""
        if self.field not in form.fields:
            return
        other = getattr(form, "numbered_links", {}).get(self.field)
        for item in links_of(record, actor):
            if item.link.kind == self.kind and item.outgoing != self.incoming and item.other != other:
                link_remove(actor=actor, link=item.link)
        if other is not None and other not in linked_records(
            record, actor, kind=self.kind, matter_key=self.matter_key
        ):
            source, target = (other, record) if self.incoming else (record, other)
            link_create(actor=actor, source=source, target=target, kind=self.kind)
