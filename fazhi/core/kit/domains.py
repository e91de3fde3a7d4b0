"""Which packages of ``fazhi/`` are domain apps — read by ``fazhi/settings.py`` before Django starts.

A domain app is a package ``fazhi/<name>/`` whose ``apps.py`` holds a class deriving from
``registry.DomainConfig`` (docs/adr/0013-scaffolding.md). Its place among the domains is the class's
``order`` attribute (a number; 100 when absent), then its package name: 行政复议 (10) before
行政应诉 (20) before any new domain. ``apps.py`` is read as text (``ast``), never imported, so this
runs inside the settings module, before any app or model is loaded, and adding a domain never means
editing ``INSTALLED_APPS``.
"""

from __future__ import annotations

import ast
from pathlib import Path

DEFAULT_ORDER = 100
ROOT = Path(__file__).resolve().parents[2]  # the ``fazhi`` package


def _declared_order(apps_py: Path) -> float | None:
    """The ``order`` of the ``DomainConfig`` subclass in ``apps_py``; None when it holds none."""
    try:
        tree = ast.parse(apps_py.read_text(encoding="utf-8"), filename=str(apps_py))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {ast.unparse(base) for base in node.bases}
        if not bases & {"DomainConfig", "registry.DomainConfig"}:
            continue
        for item in node.body:
            if (
                isinstance(item, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "order" for t in item.targets)
                and isinstance(item.value, ast.Constant)
                and isinstance(item.value.value, int | float)
            ):
                return item.value.value
        return DEFAULT_ORDER
    return None


def domain_apps(root: Path = ROOT) -> list[str]:
    """``["fazhi.reconsideration", "fazhi.litigation", …]``: every domain package under ``root``, by
    ``order`` then name."""
    found = []
    for apps_py in root.glob("*/apps.py"):
        order = _declared_order(apps_py)
        if order is not None:
            found.append((order, apps_py.parent.name))
    return [f"{root.name}.{name}" for order, name in sorted(found)]
