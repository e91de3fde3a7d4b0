"""What every domain's demo hook needs, so a hook (``<app>/demo.py``) declares only its domain's data.

A hook (:mod:`fazhi.demo.registry`) typically

1. finds the organisations that do the work (:func:`organisations_with`, by declared function) and
   who in them takes the steps (:class:`Staff`);
2. chooses a target state for each record (:func:`target_states`): every declared state of the
   procedure at least once, so a visitor sees every step of it, the rest as the domain weights them;
3. tells each record's story — the steps that bring it to its target state, each dated after the
   one before and never after today (:class:`Steps`; :func:`days_ago`, :func:`after`, :func:`spread`)
   — and fills its own fields and the rows that hang on it (its parties, :func:`party`);
4. replays the stories through the procedure (:func:`replay_stories`), which writes the status,
   transition log and clocks as the engine would have (docs/adr/0011-replayed-histories.md), then
   the stories' rows (``Story.children``).

People, identity numbers and credit codes are made up but valid (:func:`person_name`,
:func:`id_number`, :func:`company_uscc`, :func:`party`), and so are 查询码 (:func:`query_code`). All randomness comes from the hook's ``rng``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from fazhi.core.kit.functions import organisations_with as _organisations_with
from fazhi.core.kit.loading import save_children
from fazhi.core.kit.parties import PartyKind, identifier_field
from fazhi.core.kit.querycode import QUERY_ALPHABET, QUERY_CODE_LENGTH
from fazhi.core.validators import id_number_check_digit, org_code_check_char, uscc_check_char
from fazhi.core.workflow import registry as procedures
from fazhi.core.workflow import replay
from fazhi.demo import names

T = TypeVar("T")
SOURCE = "演示数据"
TRADES = ("商贸", "建材", "餐饮", "物流", "科技", "农业")
PLACES = ("城关镇", "东街", "南湖街道", "新村", "西街", "北关")
USCC_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def pick(rng: random.Random, weighted: Iterable[tuple[T, int]]) -> T:
    """One value of ``(value, weight)`` pairs, drawn by weight."""
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


# --- who does the work -----------------------------------------------------------------------------


def organisations_with(orgs: Iterable, function: str) -> list:
    """The demo organisations that hold ``function`` (an ``OrgFunction``), by region code."""
    holders = set(_organisations_with(function).values_list("pk", flat=True))
    return sorted((o for o in orgs if o.pk in holders), key=lambda o: (o.region_id, o.pk))


class Staff:
    """Demo staff with ``role``, by organisation: who took a record's steps."""

    def __init__(self, users: Iterable, role: str):
        self.all = sorted((u for u in users if role in u.roles), key=lambda u: u.pk)
        self.by_org: dict[int, list] = {}
        for user in self.all:
            self.by_org.setdefault(user.organisation_id, []).append(user)

    def of(self, organisation_id: int) -> list:
        return self.by_org.get(organisation_id, [])

    def first(self, organisation_id: int):
        """The organisation's first such member (by id), else the first of the demo."""
        found = self.of(organisation_id) or self.all
        if not found:
            raise ValueError("演示数据中没有可以办理的工作人员。")
        return found[0]


# --- states and dates ------------------------------------------------------------------------------


def target_states(
    rng: random.Random, procedure_name: str, count: int, weights: Mapping[str, int]
) -> list[str]:
    """``count`` target states, shuffled: every declared state of the procedure once, the rest
    drawn by ``weights`` (states not named there are drawn only for their one record)."""
    states = [s.code for s in procedures.get(procedure_name).states]
    unknown = set(weights) - set(states)
    if unknown:
        raise ValueError(f"“{procedure_name}”没有这些状态：{'、'.join(sorted(unknown))}")
    if count < len(states):
        raise ValueError(f"演示记录数（{count}）少于“{procedure_name}”的状态数（{len(states)}）。")
    chosen = states + [pick(rng, weights.items()) for _ in range(count - len(states))]
    rng.shuffle(chosen)
    return chosen


def days_ago(rng: random.Random, today: dt.date, lo: int, hi: int) -> dt.date:
    """A day between ``hi`` and ``lo`` days before ``today``."""
    return today - dt.timedelta(days=rng.randint(lo, hi))


def after(rng: random.Random, day: dt.date, lo: int, hi: int, *, today: dt.date) -> dt.date:
    """A day ``lo``–``hi`` days after ``day``, never after ``today``."""
    return min(day + dt.timedelta(days=rng.randint(lo, hi)), today)


def spread(rng: random.Random, count: int, first: dt.date, last: dt.date) -> list[dt.date]:
    """``count`` days drawn evenly from ``first``–``last``, in order."""
    span = (last - first).days
    return sorted(first + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(count))


class Steps(list):
    """A story's steps ``(transition, legal date, inputs)``, each dated on or after the one before
    and never after ``today`` — what :class:`Story` and the replay take."""

    def __init__(self, rng: random.Random, today: dt.date):
        super().__init__()
        self.rng, self.today = rng, today

    @property
    def last(self) -> dt.date:
        return self[-1][1]

    def take(self, transition: str, day: dt.date, **inputs) -> dt.date:
        """The step ``transition`` on ``day``; returns the day."""
        self.append((transition, day, inputs))
        return day

    def then(self, transition: str, lo: int, hi: int, **inputs) -> dt.date:
        """The step ``transition`` ``lo``–``hi`` days after the last one (at the latest today)."""
        return self.take(transition, after(self.rng, self.last, lo, hi, today=self.today), **inputs)


# --- people ----------------------------------------------------------------------------------------


def person_name(rng: random.Random) -> str:
    surname, _ = rng.choice(names.SURNAMES)
    return surname + "".join(g for g, _ in rng.sample(names.GIVEN, 2 if rng.random() < 0.7 else 1))


def id_number(rng: random.Random, region: str) -> str:
    """A valid 居民身份证号码 (GB 11643) of someone born 1950–1999 in ``region``."""
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
    first17 = f"{region[:6]}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + id_number_check_digit(first17)


def company_uscc(rng: random.Random, region: str) -> str:
    """A valid 统一社会信用代码 (GB 32100) of a company (工商 91) registered in ``region``."""
    body = "".join(rng.choice(USCC_BODY) for _ in range(8))
    first17 = f"91{region[:6]}{body}{org_code_check_char(body)}"
    return first17 + uscc_check_char(first17)


def company_name(rng: random.Random) -> str:
    place = "".join(rng.sample(names.PLACE_SYLLABLES, 2))
    return f"{place}{rng.choice(TRADES)}有限公司"


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"


def address(rng: random.Random) -> str:
    return f"本县{rng.choice(PLACES)}{rng.randint(1, 200)}号"


def query_code(rng: random.Random) -> str:
    """A 查询码 as the portal gives one (:mod:`fazhi.core.kit.querycode`: its alphabet and length),
    drawn from the hook's ``rng``."""
    return "".join(rng.choice(QUERY_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def party(rng: random.Random, model, region: str, *, person: float = 0.8, **fields):
    """An unsaved party of ``model`` (a ``PartyBase``) with ``fields``: with chance ``person`` a
    自然人 (name, 公民身份号码 of ``region``, mobile, address), else a company (a 法人: the model's
    法人 kind, or 法人或者其他组织 where it keeps them together) with its 统一社会信用代码 — in
    the model's ``uscc`` field where it has one, else in ``id_number``."""
    if rng.random() < person:
        return model(
            kind=PartyKind.PERSON,
            name=person_name(rng),
            id_number=id_number(rng, region),
            phone=mobile(rng),
            address=address(rng),
            **fields,
        )
    kinds = {code for code, _ in model._meta.get_field("kind").flatchoices}
    kind = PartyKind.LEGAL_PERSON if PartyKind.LEGAL_PERSON in kinds else PartyKind.ORGANISATION
    code = {identifier_field(model, kind): company_uscc(rng, region)}
    return model(kind=kind, name=company_name(rng), **code, **fields)


# --- replaying -------------------------------------------------------------------------------------


@dataclass
class Story:
    """A demo record (unsaved), the steps that brought it to its state, who took them, and the
    unsaved rows that hang on it (parties, hearings …: pointing at ``record``, saved after it)."""

    record: object
    steps: list[tuple] = field(default_factory=list)
    actor: object = None
    children: list = field(default_factory=list)


def replay_stories(model, stories: Sequence[Story]) -> list:
    """Write the records with the status, transition log and clocks their steps give (one batch),
    then the stories' children (one bulk insert per model, parents first); returns the saved
    records in the stories' order."""
    histories = [replay.History(s.record, s.steps, actor=s.actor) for s in stories]
    created = replay.replay_many(model, histories, actor=None, source=SOURCE)
    save_children(child for s in stories for child in s.children)
    return created
