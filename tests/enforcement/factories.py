"""Factories for 行政执法 tests, and what the generated suites (tests/kit/test_generated_pages.py)
need: ``samples`` and ``QUERY_BUDGETS``."""

from __future__ import annotations

import datetime as dt
import itertools

from fazhi.core import records
from fazhi.enforcement.models import BodyBasis, EnforcementBody, EnforcementOfficer

_seq = itertools.count(1)


def body(org, actor, **fields) -> EnforcementBody:
    data = {
        "basis_kind": BodyBasis.STATUTORY,
        "scope": "市场监督管理领域的行政处罚、行政强制和行政检查。",
        "legal_basis": "《中华人民共和国行政处罚法》第十七条",
        "confirmed_on": dt.date(2024, 1, 10),
        **fields,
    }
    return records.record_create(EnforcementBody, actor=actor, organisation=org, data=data)


def officer(org, actor, **fields) -> EnforcementOfficer:
    n = next(_seq)
    data = {
        "full_name": f"执法员{n}",
        "category": "市场监管",
        "certificate_number": f"4502060{n:04d}",
        "issued_on": dt.date(2024, 3, 1),
        "valid_until": dt.date(2029, 2, 28),
        **fields,
    }
    return records.record_create(EnforcementOfficer, actor=actor, organisation=org, data=data)


#: Most queries one page may take, pinned (list with 1 row; detail of one record).
QUERY_BUDGETS = {
    "enforcement-bodies": {"list": 8, "detail": 10},
    "enforcement-officers": {"list": 8, "detail": 10},
}


def samples(org, actor) -> dict:
    """One record of every staff page this domain registers, in ``org``."""
    return {"enforcement-bodies": body(org, actor), "enforcement-officers": officer(org, actor)}
