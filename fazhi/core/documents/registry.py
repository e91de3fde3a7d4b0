"""The registry of document kinds. Each domain declares its kinds in ``<app>/documents.py``.

A :class:`DocumentKind` says what the document is called, for which model and in which states of
its procedure it may be generated, how its 文号 begins (the 发文机关代字, e.g. ``"{org}复补字"``),
what date it bears and what its body says: either a ``context`` (record → plain data) rendered
into the kind's text template (``fazhi.core.documents.text``, docs/adr/0014-document-templates.md)
or, for a body the template cannot express, a ``render`` function returning :class:`Content`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from fazhi.core.documents import text
from fazhi.core.documents.builder import Content
from fazhi.core.registry import NotDeclared, Registry

ORG_SUFFIXES = ("人民政府", "委员会", "办公室", "局")


def organisation_abbreviation(organisation) -> str:
    """The default 机关代字 of an organisation: its name without the generic suffix
    (“东区司法局” → “东区司法”, “东区人民政府” → “东区政”)."""
    name = organisation.name
    for suffix in ORG_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + ("政" if suffix == "人民政府" else "")
    return name


def government_of(organisation):
    """The people's government an organ works for: the organisation itself if it is one, else its
    nearest ancestor of kind 人民政府 (“东区司法局” → “东区人民政府”); the organisation when it has
    none. A document issued in the name of the 行政复议机关 (《行政复议法》第四条、第二十四条、
    第六十一条) is signed and numbered by it while its 行政复议机构 handles the case."""
    from fazhi.core.models import OrganisationKind

    current = organisation
    while current is not None:
        if current.kind == OrganisationKind.GOVERNMENT:
            return current
        current = current.parent
    return organisation


@dataclass(frozen=True)
class DocumentKind:
    code: str  # stable, unique across the platform: "reconsideration.completion_notice"
    title: str  # 补正通知书 — also the attachment's 材料类型
    model: str  # app_label.ModelName of the records it is generated for
    states: tuple[str, ...]  # procedure states in which it may be generated
    number_prefix: str  # 发文机关代字 pattern; "{org}" is replaced by the organisation's 代字
    render: Callable[[object], Content] | None = None  # record → Content; or declare ``context``
    context: Callable[[object], dict] | None = None  # record → the text template's context
    template: str = ""  # default: "<app>/documents/<kind>.txt" from the code
    dated: Callable[[object], dt.date | None] | None = None  # 成文日期; None → the day of generation
    check: Callable[[object], str | None] | None = None  # extra condition; returns a Chinese reason
    abbreviate: Callable[[object], str] | None = None  # organisation → 代字; default above
    # Organisation in whose name the document is issued (署名 and 代字): record → Organisation;
    # default the record's organisation (e.g. ``lambda case: government_of(case.organisation)``).
    issuer: Callable[[object], object] | None = None
    roles: tuple[str, ...] = ("officer",)
    article: str = ""  # the rule that requires the document, shown on the page

    def template_name(self) -> str:
        return self.template or text.template_name(self.code)

    def content(self, record) -> Content:
        """What the document generated for ``record`` says."""
        if self.render is not None:
            return self.render(record)
        return text.content(self.template_name(), self.context(record))

    def issuer_of(self, record):
        return self.issuer(record) if self.issuer else record.organisation

    def prefix_for(self, organisation) -> str:
        abbreviation = (self.abbreviate or organisation_abbreviation)(organisation)
        return self.number_prefix.format(org=abbreviation)

    def applies_to(self, record) -> bool:
        return type(record)._meta.label == self.model

    def unavailable_reason(self, record) -> str | None:
        """None when the document may be generated for ``record`` now; otherwise why not."""
        if not self.applies_to(record):
            return f"“{self.title}”不适用于此类记录。"
        status = getattr(record, "status", None)
        if status not in self.states:
            try:
                label = record.state.label
            except (AttributeError, KeyError):
                label = status or "当前"
            return f"案件处于“{label}”状态，不能生成“{self.title}”。"
        if self.check is not None:
            return self.check(record)
        return None


KINDS: Registry[DocumentKind] = Registry("文书种类", key=lambda k: k.code, same=lambda a, b: a is b)


class UnknownKind(LookupError):
    def __init__(self, code: str):
        super().__init__(f"没有名为“{code}”的文书种类。")
        self.message = self.args[0]


def register(kind: DocumentKind) -> DocumentKind:
    if not kind.number_prefix:
        raise ValueError(f"document kind {kind.code!r} needs a 文号 prefix")
    if (kind.render is None) == (kind.context is None):
        raise ValueError(f"document kind {kind.code!r} declares either render or context")
    return KINDS.register(kind)


def kinds(app: str, model: str, **defaults) -> Callable[..., DocumentKind]:
    """The declaration of a domain's several kinds for one model: ``kind = kinds("enforcement",
    "enforcement.Matter", roles=…)``, then ``kind("notice", "告知书", states, "{org}执告字", context,
    dated=…, check=…, article=…)`` registers ``enforcement.notice`` with those defaults."""

    def kind(code: str, title: str, states, number_prefix: str, context=None, **fields) -> DocumentKind:
        declared = {**defaults, **fields}
        return register(
            DocumentKind(
                code=f"{app}.{code}",
                title=title,
                model=model,
                states=tuple(states),
                number_prefix=number_prefix,
                context=context,
                **declared,
            )
        )

    return kind


def get(code: str) -> DocumentKind:
    try:
        return KINDS.get(code)
    except NotDeclared:
        raise UnknownKind(code) from None


def all_kinds() -> list[DocumentKind]:
    return KINDS.values()


def kinds_for(record) -> list[DocumentKind]:
    """Every kind declared for the record's model, in declaration order."""
    return [k for k in all_kinds() if k.applies_to(record)]


def available_for(record) -> list[DocumentKind]:
    """The kinds that may be generated for ``record`` in its current state."""
    return [k for k in kinds_for(record) if k.unavailable_reason(record) is None]
