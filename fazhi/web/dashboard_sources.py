"""Extra 待办 items beyond running clocks: hearings to attend, replies owed, and the like.

A domain declares a source in its ``dashboard.py`` (discovered like ``imports.py`` and ``api.py``)::

    from fazhi.web.dashboard_sources import DashboardItem, register_dashboard_source

    @register_dashboard_source
    def hearings(user, today):
        return [DashboardItem(title=..., url=..., due_date=..., kind_label="开庭提醒"), ...]

A source receives the signed-in user and today's date and returns the items it wants shown. It
must fetch records only through :mod:`fazhi.core.access` (``visible``), like every other read of
protected records (docs/security.md 10); the dashboard places each item under 已超期 or 临期 by its
``overdue`` flag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from fazhi.core.registry import Registry


@dataclass(frozen=True)
class DashboardItem:
    title: str
    url: str
    due_date: dt.date
    kind_label: str  # what kind of item this is, e.g. 开庭提醒, 整改回复期限
    overdue: bool = False
    note: str = ""  # one line of explanation (the rule, the place)
    article: str = ""  # the statute the date comes from, when there is one

    def days(self, today: dt.date) -> int:
        return (self.due_date - today).days


Source = Callable[[object, dt.date], list[DashboardItem]]

SOURCES: Registry[Source] = Registry("待办来源", key=lambda fn: f"{fn.__module__}.{fn.__qualname__}")


def register_dashboard_source(fn: Source) -> Source:
    """Register ``fn(user, today) -> list[DashboardItem]`` (keyed by its qualified name, so a module
    imported twice does not add it twice)."""
    return SOURCES.register(fn)


def unregister_dashboard_source(fn: Source) -> None:
    SOURCES.unregister(f"{fn.__module__}.{fn.__qualname__}")


def sources() -> list[Source]:
    return SOURCES.values()


def items_for(user, today: dt.date) -> list[DashboardItem]:
    items: list[DashboardItem] = []
    for source in sources():
        items.extend(source(user, today))
    return sorted(items, key=lambda i: (i.due_date, i.kind_label, i.title))
