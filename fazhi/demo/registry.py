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

from fazhi.core.registry import Registry

DemoHook = Callable[..., object]
HOOKS: Registry[DemoHook] = Registry("演示数据", key=lambda fn: f"{fn.__module__}.{fn.__qualname__}")


#: Hooks that need every domain's rows first (the annual report's draft, written from the figures).
LAST: set[str] = set()


def register(fn: DemoHook) -> DemoHook:
    return HOOKS.register(fn)


def register_last(fn: DemoHook) -> DemoHook:
    """Register ``fn`` to run after every other hook, whatever the app order."""
    LAST.add(f"{fn.__module__}.{fn.__qualname__}")
    return HOOKS.register(fn)


def unregister(fn: DemoHook) -> None:
    HOOKS.unregister(f"{fn.__module__}.{fn.__qualname__}")


def hooks() -> list[DemoHook]:
    found = HOOKS.values()
    last = [fn for fn in found if f"{fn.__module__}.{fn.__qualname__}" in LAST]
    return [fn for fn in found if fn not in last] + last
