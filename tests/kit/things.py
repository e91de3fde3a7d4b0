"""A registry of a test-only kind, held here as a domain's registry is held in its own module."""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.core.registry import Registry


@dataclass(frozen=True)
class Thing:
    name: str
    size: int = 1


def new_registry() -> Registry[Thing]:
    return Registry("测试项", key=lambda t: t.name, discover=False)
