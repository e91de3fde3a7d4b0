"""The one registry primitive and the one discovery rule (fazhi.core.registry)."""

from __future__ import annotations

import pytest

from fazhi.core import registry, urlpolicy
from fazhi.core.registry import DuplicateDeclaration, NotDeclared
from tests.kit.things import Thing, new_registry


def test_a_key_declared_twice_differently_is_refused_naming_both_places():
    things = new_registry()
    things.register(Thing("a"))
    with pytest.raises(DuplicateDeclaration) as caught:
        things.register(Thing("a", size=2))
    message = str(caught.value)
    assert "测试项“a”重复声明" in message
    assert message.count("tests.kit.test_registry:") == 2  # where first, where again
    assert things.get("a").size == 1  # the first declaration stands


def test_the_same_declaration_again_is_harmless():
    things = new_registry()
    first = things.register(Thing("a"))
    things.register(Thing("a"))  # a module imported twice
    assert things.values() == [first]


def test_unknown_key_names_what_is_declared_in_chinese():
    things = new_registry()
    things.register(Thing("b"))
    things.register(Thing("a"))
    with pytest.raises(NotDeclared, match="没有名为“c”的测试项。可用：a、b"):
        things.get("c")
    assert things.find("c") is None


def test_declared_for_a_test_restores_the_registry():
    things = new_registry()
    things.register(Thing("a"))
    with things.declared(Thing("a", size=5)):
        assert things.get("a").size == 5
        with things.declared(Thing("z")):
            assert "z" in things
    assert things.get("a").size == 1 and "z" not in things


def test_discovery_finds_every_domains_declarations_without_a_central_list():
    from fazhi.core.workflow.registry import all_procedures
    from fazhi.indicators.registry import all_indicators

    domains = {d.code: d.title for d in registry.DOMAINS}
    assert domains["reconsideration"] == "行政复议" and domains["litigation"] == "行政应诉"
    procedures = {p.name for p in all_procedures()}
    assert {"reconsideration", "litigation"} <= procedures
    codes = {i.domain for i in all_indicators(county=False)}
    assert {"reconsideration", "litigation"} <= codes
    # URL rules come from the apps that mount the routes
    table = urlpolicy.table()
    assert table["portal:reconsideration_portal:apply"] == urlpolicy.PUBLIC
    assert registry.app_modules("urlpolicy")  # discovered modules, not imports in core
    assert urlpolicy.RULES.origin("portal:reconsideration_portal:apply").startswith("fazhi.reconsideration.")


def test_an_unknown_access_level_is_refused():
    with pytest.raises(ValueError, match="unknown access level"):
        urlpolicy.declare({"web:nowhere": "everyone"})


def test_no_installed_procedure_keeps_the_scaffolds_placeholder_article():
    """`fazhi startdomain` writes “《（法律依据）》第X条” as a TODO: no domain ships with it."""
    from fazhi.core.workflow.registry import all_procedures

    placeholder = "（法律依据）"
    found = []
    for procedure in all_procedures():
        if procedure.model.startswith("sample"):  # the scaffold's own test copies live elsewhere
            continue
        for t in procedure.transitions:
            if placeholder in (t.article or ""):
                found.append(f"{procedure.name}.{t.name}")
        for code, clock in procedure.clock_specs().items():
            if placeholder in (clock.article or ""):
                found.append(f"{procedure.name} clock {code}")
    assert found == []
