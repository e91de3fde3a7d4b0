"""Layers point one way (docs/adr/0010-registries.md): core imports no shell (web, api, portal),
no app built on it (demo, indicators, reports) and no domain; the shells and domains find each
other's declarations through the registries."""

from __future__ import annotations

import ast
from pathlib import Path

import fazhi

ROOT = Path(fazhi.__file__).parent
ABOVE_CORE = ("web", "api", "portal", "demo", "indicators", "reports")


def _domain_packages() -> set[str]:
    from django.apps import apps

    from fazhi.core.registry import DomainConfig

    return {c.name.split(".")[1] for c in apps.get_app_configs() if isinstance(c, DomainConfig)}


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports (absolute names), at any depth — also inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return found


def offending(package: str, forbidden: set[str]) -> list[str]:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, module in imports_of(path):
            parts = module.split(".")
            if parts[0] == "fazhi" and len(parts) > 1 and parts[1] in forbidden:
                bad.append(f"{path.relative_to(ROOT.parent)}:{line} imports {module}")
    return sorted(set(bad))


def test_core_imports_no_shell_no_app_above_it_and_no_domain():
    forbidden = set(ABOVE_CORE) | _domain_packages()
    assert {"reconsideration", "litigation"} <= forbidden  # the domains are found, not listed
    assert offending("core", forbidden) == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from fazhi.web.registry import DetailPanel\n", encoding="utf-8")
    assert (2, "fazhi.web.registry") in imports_of(sample)


def _string_constants(path: Path) -> list[tuple[int, str]]:
    """String literals of a file that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_table_outside_a_domain_names_the_domain():
    """Adding a domain never means editing a list in core, a shell, indicators or reports: nothing
    there names a domain in code (help texts that show an example code are the one exception)."""
    domains = _domain_packages()
    bad = []
    for package in ("core", *ABOVE_CORE):
        for path in sorted((ROOT / package).rglob("*.py")):
            # The figure catalogue is data: the codes of every figure the reports print, by domain
            # prefix, before and after that domain is built (its app then takes the codes over).
            if "migrations" in path.parts or path == ROOT / "indicators" / "catalogue.py":
                continue
            for line, text in _string_constants(path):
                for domain in domains:
                    if text == domain or text.startswith((f"{domain}.", f"{domain}:", f"{domain}/")):
                        bad.append(f"{path.relative_to(ROOT.parent)}:{line} {text!r}")
    assert bad == []
