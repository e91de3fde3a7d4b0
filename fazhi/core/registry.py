"""One registry primitive and one discovery rule for everything a domain declares.

Every kind of declaration — procedures, staff pages, API resources, indicators, import kinds,
documents, publication kinds, portal sections, dashboard sources, demo hooks, URL permissions,
consistency rules, domain titles — is held in a :class:`Registry`: a keyed table with one duplicate
rule (the same key declared again with a different declaration is an error naming both places; the
same declaration again is a no-op, so a module imported twice is harmless) and one lookup error.

Declarations live in the domain's own modules, and are found the same way for every app:
:func:`discover` imports, for each installed app in ``INSTALLED_APPS`` order, the modules named in
:data:`DECLARATION_MODULES` that exist (Django's ``autodiscover_modules``). It runs once, when Django
starts (``CoreConfig.ready``). So no table outside a domain names that domain: adding a domain is
adding an app, never editing a list elsewhere (docs/adr/0010-registries.md).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.apps import AppConfig

T = TypeVar("T")

#: The modules of an app that hold declarations, imported in this order (the procedure before the
#: pages that show it, indicators before the checks that add them up).
DECLARATION_MODULES: tuple[str, ...] = (
    "workflow",
    "indicators",
    "checks",
    "report",
    "documents",
    "publication",
    "imports",
    "views",
    "dashboard",
    "api",
    "portal",
    "urlpolicy",
    "demo",
)


class DuplicateDeclaration(ValueError):
    """The same key declared twice with different declarations."""


class NotDeclared(LookupError):
    """A key nobody declared. ``message`` is Chinese and lists what is declared."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


#: Every registry made, so a new name can be checked against all of them (:func:`declared_names`).
_REGISTRIES: weakref.WeakSet[Registry] = weakref.WeakSet()  # a throwaway test registry goes

#: Modules that hold a registry (their ``register``/``declare`` helpers are not where a declaration
#: is made, so :func:`_caller` looks past them).
_HOMES: set[str] = {__name__}


def _caller() -> str:
    """Where a declaration was made: the first frame outside the modules that hold registries."""
    frame = sys._getframe(2)
    for _ in range(12):
        if frame is None:
            break
        module = frame.f_globals.get("__name__", "")
        if module not in _HOMES:
            return f"{module}:{frame.f_lineno}"
        frame = frame.f_back
    return "?"


class Registry(Generic[T]):
    """A keyed table of declarations of one kind.

    ``what`` names the kind in Chinese for errors ("办理程序", "导入类型"); ``key`` gives an item's key.
    ``same`` decides whether a re-declaration is the same one (default: identical or equal).
    """

    def __init__(
        self,
        what: str,
        *,
        key: Callable[[T], str],
        same: Callable[[T, T], bool] | None = None,
        discover: bool = True,
    ):
        self.what = what
        self._key = key
        self._same = same or (lambda a, b: a is b or a == b)
        self._discover = discover
        self._items: dict[str, T] = {}
        self._origins: dict[str, str] = {}
        _REGISTRIES.add(self)
        _HOMES.add(sys._getframe(1).f_globals.get("__name__", ""))

    def register(self, item: T, *, replace: bool = False) -> T:
        key = self._key(item)
        existing = self._items.get(key)
        if existing is not None and not replace and not self._same(existing, item):
            raise DuplicateDeclaration(
                f"{self.what}“{key}”重复声明：先在 {self._origins.get(key, '?')}，又在 {_caller()}。"
            )
        if existing is None or replace:
            self._origins[key] = _caller()
        self._items[key] = item
        return item

    def unregister(self, key: str) -> T | None:
        """Forget a declaration (tests; and a computed figure taking over a catalogue code, which
        fazhi.indicators.registry.register re-declares in its own place)."""
        self._origins.pop(key, None)
        return self._items.pop(key, None)

    @contextlib.contextmanager
    def declared(self, item: T) -> Iterator[T]:
        """Tests only: ``item`` is declared inside the ``with`` block (replacing any declaration of
        its key), and the registry is as it was afterwards."""
        key = self._key(item)
        before, origin = self._items.get(key), self._origins.get(key)
        self.register(item, replace=True)
        try:
            yield item
        finally:
            if before is None:
                self.unregister(key)
            else:
                self._items[key], self._origins[key] = before, origin or "?"

    def _ready(self) -> None:
        if self._discover:
            discover()

    def get(self, key: str) -> T:
        self._ready()
        try:
            return self._items[key]
        except KeyError:
            known = "、".join(sorted(self._items)) or "无"
            raise NotDeclared(f"没有名为“{key}”的{self.what}。可用：{known}") from None

    def find(self, key: str) -> T | None:
        self._ready()
        return self._items.get(key)

    def origin(self, key: str) -> str:
        return self._origins.get(key, "?")

    def __contains__(self, key: object) -> bool:
        self._ready()
        return key in self._items

    def __iter__(self) -> Iterator[T]:
        self._ready()
        return iter(list(self._items.values()))

    def __len__(self) -> int:
        self._ready()
        return len(self._items)

    def keys(self) -> list[str]:
        self._ready()
        return list(self._items)

    def values(self) -> list[T]:
        self._ready()
        return list(self._items.values())


def declared_names() -> dict[str, str]:
    """Every key declared in any registry, with what it names (``{"staff": "导入类型", …}``): a new
    domain's name must not be one of them (``fazhi startdomain``)."""
    discover()
    names: dict[str, str] = {}
    for reg in sorted(_REGISTRIES, key=lambda r: r.what):
        for key in reg.keys():
            names.setdefault(key, reg.what)
    return names


_discovered = False
_lock = threading.RLock()


def discover() -> None:
    """Import every installed app's declaration modules, once (idempotent, thread-safe)."""
    global _discovered
    if _discovered:
        return
    with _lock:
        if _discovered:
            return
        from django.apps import apps

        if not apps.models_ready:
            return  # too early: CoreConfig.ready calls again once every model is loaded
        from django.utils.module_loading import autodiscover_modules

        _discovered = True
        try:
            autodiscover_modules(*DECLARATION_MODULES)
        except BaseException:
            _discovered = False
            raise


# --- domains -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Domain:
    """A kind of work (行政复议, 行政应诉, 人民调解 …): the code prefix of its indicators and its title."""

    code: str
    title: str


DOMAINS: Registry[Domain] = Registry("业务领域", key=lambda d: d.code, discover=True)


def domain_title(code: str) -> str:
    found = DOMAINS.find(code)
    return found.title if found is not None else code


class DomainConfig(AppConfig):
    """The ``AppConfig`` of a domain app: its label is the domain's code, its ``verbose_name`` the
    title (shown on the indicator tables, the nav, the report). Import the module, not the class,
    in ``apps.py`` (``class XConfig(registry.DomainConfig)``): Django picks the one AppConfig class
    that ``apps.py`` holds. Settings find the app by that class, and place it by ``order`` (a
    literal number, read from the file without importing it: fazhi.core.kit.domains)."""

    order = 100

    def ready(self) -> None:
        DOMAINS.register(Domain(self.label, str(self.verbose_name)))


def app_modules(module: str) -> list[tuple[AppConfig, object]]:
    """``(app config, module)`` of every installed app that has ``<app>.<module>``, in
    INSTALLED_APPS order — how the shells find the URL modules domains bring (``staff_urls``,
    ``urls_portal``) without naming them."""
    from importlib import import_module

    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.{module}"
        try:
            found.append((config, import_module(name)))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found
