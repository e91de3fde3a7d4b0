"""How a case ended, as a table a lawyer reads: one row per outcome with what the law attaches to
it (a judgment or a ruling, whether it can be appealed, whether it counts as 败诉 …). A domain
declares the rows once — a frozen dataclass of its own with ``code`` and ``label`` — and asks the
table instead of writing look-ups and choice lists again::

    OUTCOMES = Outcomes(OutcomeRule("revoke", "判决撤销", lost=True, appealable=True, …), …)
    OUTCOMES.choices()                     # the model field's choices, in declaration order
    OUTCOMES.choices(appealable=True)      # a step's narrower choices
    OUTCOMES.codes(lost=True)              # what an indicator counts
    OUTCOMES.holds(case.outcome, "lost")   # False for no outcome or an unknown one

It is a mapping code → row, so ``OUTCOMES[code]``, ``.get`` and ``.items()`` read it as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


class Outcomes(Mapping):
    def __init__(self, *rules: Any):
        self.rules = {rule.code: rule for rule in rules}
        if len(self.rules) != len(rules):
            raise ValueError("outcome codes must be unique")

    def __getitem__(self, code: str) -> Any:
        return self.rules[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def where(self, **attrs: Any) -> list:
        """The rows whose attributes have the values given, in declaration order."""
        return [r for r in self.rules.values() if all(getattr(r, k) == v for k, v in attrs.items())]

    def choices(self, **attrs: Any) -> list[tuple[str, str]]:
        """``(code, label)`` of the rows :meth:`where` gives (all rows without ``attrs``)."""
        return [(r.code, r.label) for r in self.where(**attrs)]

    def codes(self, **attrs: Any) -> frozenset[str]:
        return frozenset(r.code for r in self.where(**attrs))

    def holds(self, code: str | None, attr: str) -> bool:
        """Whether the outcome ``code`` has ``attr`` set; False for none or an unknown code."""
        rule = self.rules.get(code or "")
        return bool(rule and getattr(rule, attr))
