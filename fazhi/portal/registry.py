"""Public sections of the portal. Later domains register what they publish::

    register(PublicSection(
        key="normative_documents", title="规范性文件库", url="normative_documents:public-list",
        description="本级政府及部门制发的现行有效规范性文件。", search=search_public_documents,
    ))

``search(q, limit)`` must read only published records through the domain's public selectors (the
publication service has already masked them: 张某, no 身份证号, phone or address — docs/security.md 17)
and return :class:`SearchHit` items. The portal never reads staff-side querysets itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from fazhi.core.registry import Registry


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    summary: str = ""
    date: dt.date | None = None


Search = Callable[[str, int], Iterable[SearchHit]]


@dataclass(frozen=True)
class PublicSection:
    key: str
    title: str
    url: str  # a URL name (reversed) or a path
    description: str = ""
    order: int = 100
    search: Search | None = None

    def href(self) -> str:
        if self.url.startswith("/"):
            return self.url
        try:
            return reverse(self.url)
        except NoReverseMatch:
            return "#"


SECTIONS: Registry[PublicSection] = Registry("门户栏目", key=lambda s: s.key)


def register(section: PublicSection) -> PublicSection:
    return SECTIONS.register(section)


def unregister(key: str) -> None:
    SECTIONS.unregister(key)


def sections() -> list[PublicSection]:
    return sorted(SECTIONS, key=lambda s: (s.order, s.key))
