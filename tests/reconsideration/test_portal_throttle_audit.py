"""A 查询码 look-up refused by the portal throttle is visible in the audit log (docs/security.md 3, 12):
one ``portal.lookup.throttled`` row with the address and the code's keyed digest — never the code or
the applicant's name in clear — and at most one row per address per window, however often a guesser
keeps trying."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core.audit.models import AuditEvent
from fazhi.core.security import throttle
from fazhi.core.security.models import LookupFailure, ThrottleNotice
from tests.reconsideration.test_portal import _apply

pytestmark = pytest.mark.django_db

URL = "/reconsideration/query/"
EVENT = "portal.lookup.throttled"
GUESSER = "203.0.113.7"
OTHER_CODES = ["ACDEFGHJKMN" + c for c in "PQRSTUVWXYZ"]  # well-formed codes that match no case


def _query(code, name, ip=GUESSER):
    return Client(REMOTE_ADDR=ip).post(URL, {"query_code": code, "applicant_name": name})


def _rows():
    return list(AuditEvent.objects.filter(action=EVENT).order_by("id"))


def _as_text(event) -> str:
    fields = ("username", "ip", "action", "object_type", "object_id", "object_repr", "result")
    return json.dumps([getattr(event, f) for f in fields] + [event.detail], ensure_ascii=False)


def _spend_address_limit(ip=GUESSER):
    for code in OTHER_CODES[:10]:  # ten different codes: only the per-address limit is reached
        assert _query(code, "张三", ip=ip).status_code == 200


def test_a_refused_look_up_writes_one_row_per_address_per_window(tree):
    case = _apply(tree)
    _spend_address_limit()
    assert not _rows()  # failures alone are not refusals

    first = _query(case.query_code, "张三")  # the right pair, refused
    assert first.status_code == 429
    for code in [case.query_code, *OTHER_CODES[10:]]:  # a guesser who keeps going
        assert _query(code, "张三").status_code == 429

    (row,) = _rows()
    assert row.result == "denied" and row.ip == GUESSER and row.user_id is None
    assert row.detail["scope"] == "reconsideration.query" and row.detail["limit"] == "ip"
    assert row.detail["max_failures"] == 10 and row.detail["window_minutes"] == 15
    assert row.detail["key_digest"] == throttle.digest(case.query_code)
    text = _as_text(row)
    for secret in (case.query_code, case.query_code.lower(), "张三", "张某", case.case_number):
        assert secret not in text

    # Another address that reaches the limit gets its own row.
    _spend_address_limit("198.51.100.2")
    assert _query(case.query_code, "张三", ip="198.51.100.2").status_code == 429
    assert [r.ip for r in _rows()] == [GUESSER, "198.51.100.2"]


def test_a_new_window_writes_a_new_row(tree):
    case = _apply(tree)
    _spend_address_limit()
    _query(case.query_code, "张三")
    assert len(_rows()) == 1
    # Fourteen minutes later the guesser, still throttled, is not written again ...
    ThrottleNotice.objects.update(noted_at=timezone.now() - dt.timedelta(minutes=14))
    assert _query(case.query_code, "张三").status_code == 429
    assert len(_rows()) == 1
    # ... sixteen minutes after the last row it is (the failures are still recent here).
    ThrottleNotice.objects.update(noted_at=timezone.now() - dt.timedelta(minutes=16))
    assert _query(case.query_code, "张三").status_code == 429
    assert len(_rows()) == 2


def test_a_code_closed_by_wrong_names_is_written_once_per_address(tree):
    case = _apply(tree)
    for i in range(5):
        _query(case.query_code, f"李{i}", ip=f"192.0.2.{i + 1}")
    for ip in ("192.0.2.50", "192.0.2.51"):
        for _ in range(3):
            assert _query(case.query_code, "张三", ip=ip).status_code == 429
    rows = _rows()
    assert [r.ip for r in rows] == ["192.0.2.50", "192.0.2.51"]
    for row in rows:
        assert row.detail["limit"] == "key" and row.detail["max_failures"] == 5
        assert row.detail["key_digest"] == throttle.digest(case.query_code)
        assert case.query_code not in _as_text(row) and "李" not in _as_text(row)


def test_a_refused_look_up_with_an_overlong_code_has_no_digest(tree):
    """A code the form rejects (over 40 characters) is neither counted nor written under a digest."""
    overlong = "Q" * 41
    for i in range(10):
        _query("X" * (i + 1), "张三")
    assert _query(overlong, "张三").status_code == 429
    (row,) = _rows()
    assert row.detail["key_digest"] == "" and overlong not in _as_text(row)
    assert not LookupFailure.objects.filter(key_digest=throttle.digest(overlong)).exists()
