"""An outcome table (fazhi.core.kit.outcomes.Outcomes): choices, codes and look-ups by what the law
attaches to each outcome."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from fazhi.core.kit.outcomes import Outcomes


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    lost: bool
    appealable: bool


TABLE = Outcomes(
    Rule("uphold", "维持", False, True),
    Rule("revoke", "撤销", True, True),
    Rule("withdrawn", "准予撤诉", False, False),
)


def test_choices_and_codes_follow_the_declaration_and_the_attributes_asked_for():
    assert TABLE.choices() == [("uphold", "维持"), ("revoke", "撤销"), ("withdrawn", "准予撤诉")]
    assert TABLE.choices(appealable=False) == [("withdrawn", "准予撤诉")]
    assert TABLE.choices(appealable=True, lost=False) == [("uphold", "维持")]
    assert TABLE.codes(lost=True) == frozenset({"revoke"})


def test_it_reads_as_a_mapping_and_holds_is_false_for_no_or_an_unknown_outcome():
    assert (
        TABLE["revoke"].lost
        and TABLE.get("nothing") is None
        and list(TABLE) == [c for c, _ in TABLE.choices()]
    )
    assert TABLE.holds("revoke", "lost") and not TABLE.holds("uphold", "lost")
    assert (
        not TABLE.holds("", "lost") and not TABLE.holds(None, "appealable") and not TABLE.holds("x", "lost")
    )


def test_a_code_declared_twice_is_refused():
    with pytest.raises(ValueError, match="unique"):
        Outcomes(Rule("a", "甲", False, False), Rule("a", "乙", False, False))
