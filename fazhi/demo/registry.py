"""Demo-data hooks of domain apps.

A domain app adds its demo rows by registering a function in ``<app>/demo.py``::

    from fazhi.demo.registry import register

    @register
    def reconsideration_cases(rng, scale, orgs, users):
        ...  # create rows with bulk_create; use only ``rng`` for randomness

The function is called once per demo build, inside the build's transaction, after organisations
and staff exist, with

- ``rng``: a ``random.Random`` seeded from the demo seed and the function's name (so adding one
  hook does not change what another produces),
- ``scale``: ``"county"``, ``"city"`` or ``"province"``,
- ``orgs``: every demo :class:`~fazhi.core.models.Organisation` (saved, with ``path``),
- ``users``: every demo :class:`~fazhi.core.models.User` (saved; filler staff cannot log in).

Hooks run in registration order; ``<app>/demo.py`` modules are discovered in INSTALLED_APPS order.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

DemoHook = Callable[..., object]
_hooks: list[DemoHook] = []


def register(fn: DemoHook) -> DemoHook:
    if fn not in _hooks:
        _hooks.append(fn)
    return fn


def unregister(fn: DemoHook) -> None:
    if fn in _hooks:
        _hooks.remove(fn)


def hooks() -> list[DemoHook]:
    autodiscover_modules("demo")
    return list(_hooks)
