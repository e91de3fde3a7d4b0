"""Both domain apps have one shape: the same file for the same role, and selectors that name
their arguments (``lawsuit_get(user=…, pk=…)``), so a reader of one knows where to look in the other.
A domain writes ``selectors.py`` only when it has named reads of its own (docs/howto/add-a-domain.md
§4): its lists, detail pages and 待办 are the shell's."""

import importlib
import inspect
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2] / "fazhi"
DOMAINS = ("reconsideration", "litigation")
ROLES = (
    "models",
    "workflow",
    "services",
    "forms",
    "views",
    "api",
    "indicators",
    "documents",
    "demo",
)


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_domain_has_a_file_for_every_role(domain):
    missing = [role for role in ROLES if not (ROOT / domain / f"{role}.py").exists()]
    assert missing == []


@pytest.mark.parametrize("domain", [d for d in DOMAINS if (ROOT / d / "selectors.py").exists()])
def test_selectors_are_keyword_only(domain):
    module = importlib.import_module(f"fazhi.{domain}.selectors")
    positional = []
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if fn.__module__ != module.__name__ or name.startswith("_"):
            continue
        params = inspect.signature(fn).parameters.values()
        if any(p.kind is not inspect.Parameter.KEYWORD_ONLY for p in params):
            positional.append(name)
    assert positional == []
