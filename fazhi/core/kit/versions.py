"""Statutes whose text changed: which text governs a record, and what a step, clock or document
cites under it.

The 《行政复议法》 was revised in 2023 (in force from 2024-01-01, 2023 法第九十条): an application
received before that day follows the 2017 text to its end. The 《行政处罚法》 (2021), the
《行政诉讼法》 (2017) and the 《信访工作条例》 (2022) raise the same question in the domains that
apply them: one date the law names (收到申请, 立案 …) decides the text; the record stores the answer,
derived on every save and never typed; and every step, clock and document cites the article of
that text. A domain declares the versions once:

    LAW = StatuteVersions(LawVersion, {LawVersion.V2023: dt.date(2024, 1, 1)}, decided_by="received_on")

    class Case(StatuteVersioned, WorkflowModel):
        statute = LAW
        law_version = models.CharField(..., choices=LawVersion.choices, editable=False)

and cites by version, texts newest first:

    LAW.version_for(day)                       # the version in force on ``day``
    LAW.pick(case, "第六十二条", "第三十一条")   # the text of the case's version
    ClockSpec(..., **LAW.cite(v2023, v2017))   # article + article_for
    step = LAW.transitions(ARTICLES)           # Transition citing ARTICLES[name] by version

A record without the column (an 意见书 of a case) exposes ``law_version`` as a property reading its
parent's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import ClassVar

from django.db import models

from fazhi.core.workflow.spec import Transition


class StatuteVersions:
    """The texts of one statute, each in force from a date; ``choices`` names them (the stored
    codes), ``effective`` the day each but the oldest took effect, ``decided_by`` the record's date
    that decides, ``field`` the column that stores the answer."""

    def __init__(
        self,
        choices: type[models.TextChoices],
        effective: Mapping[str, dt.date],
        *,
        decided_by: str,
        field: str = "law_version",
    ):
        oldest = [c for c in choices.values if c not in effective]
        if len(oldest) != 1 or set(effective) - set(choices.values):
            raise ValueError("every version but the oldest needs the day it took effect")
        newest_first = sorted(effective.items(), key=lambda item: item[1], reverse=True)
        self.choices = choices
        self.effective = dict(newest_first)
        self.order = (*self.effective, oldest[0])  # newest first, as texts are given
        self.decided_by = decided_by
        self.field = field

    def version_for(self, day: dt.date) -> str:
        """The version in force on ``day``."""
        return next((code for code, since in self.effective.items() if day >= since), self.order[-1])

    def of(self, record) -> str:
        """The version governing ``record``: the one stored on it, else the one its date decides."""
        stored = getattr(record, self.field, "")
        if stored:
            return stored
        day = getattr(record, self.decided_by, None)
        return self.version_for(day) if day else ""

    def pick(self, record, *texts):
        """One text per version, newest first: the one of the version governing ``record`` (the
        newest when nothing decides it yet)."""
        self._check(texts)
        version = self.of(record)
        return texts[self.order.index(version)] if version in self.order else texts[0]

    def cite(self, *texts: str) -> dict:
        """``article`` (the newest text, shown where no record is at hand) and ``article_for`` (the
        text of the record's version) of a ``ClockSpec`` or ``Transition``."""
        self._check(texts)
        return {"article": texts[0], "article_for": lambda record: self.pick(record, *texts)}

    def _check(self, texts: tuple) -> None:
        if len(texts) != len(self.order):
            raise ValueError(f"give one text per version, newest first: {self.order}")

    def transitions(self, articles: Mapping[str, tuple[str, ...]]) -> Callable[..., Transition]:
        """A ``Transition`` maker whose article is ``articles[name]`` by version: the table of a
        procedure's citations kept in one place, the steps declared without repeating it."""

        def step(name: str, label: str, sources: tuple[str, ...], target: str, **kw) -> Transition:
            return Transition(name, label, sources, target, **self.cite(*articles[name]), **kw)

        return step

    def derive(self, record) -> None:
        """Store on ``record`` the version its date decides (nothing while the date is missing)."""
        day = getattr(record, self.decided_by, None)
        if day:
            setattr(record, self.field, self.version_for(day))


class StatuteVersioned(models.Model):
    """A record governed by the statute text in force on one of its dates: ``statute.field`` is
    derived from ``statute.decided_by`` on every save and ``full_clean`` (and by the kit's
    ``CaseQuerySet`` on a bulk insert), so it never disagrees with the date."""

    statute: ClassVar[StatuteVersions]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.statute.derive(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.statute.decided_by in update_fields:
            kwargs["update_fields"] = {*update_fields, self.statute.field}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.statute.derive(self)
