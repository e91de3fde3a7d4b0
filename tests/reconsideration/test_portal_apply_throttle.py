"""Issue 10 item 8 (first part): anonymous online applications are limited per address and per
applicant identifier — 25 arrived in 0.4 s, each a case. (Each is now a 网上收件, not a case: see
tests/security/test_online_intake.py.)"""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.core.audit.models import AuditEvent
from fazhi.core.validators import id_number_check_digit
from fazhi.portal import intake as intakes
from fazhi.portal.models import OnlineApplication
from fazhi.reconsideration.models import ReconsiderationCase
from tests.reconsideration.test_portal import form_data

pytestmark = pytest.mark.django_db


def an_id(i: int) -> str:
    first17 = f"45020619900101{i:03d}"
    return first17 + id_number_check_digit(first17)


def apply(tree, i: int, ip: str = "203.0.113.5", **kw):
    return Client(REMOTE_ADDR=ip).post(
        "/reconsideration/apply/", form_data(tree["east_justice"], id_number=an_id(i), **kw)
    )


def test_an_address_gets_five_applications_an_hour(tree):
    for i in range(5):
        assert apply(tree, i).status_code == 200
    refused = apply(tree, 5)
    assert refused.status_code == 429
    assert "提交过于频繁" in refused.content.decode()
    assert OnlineApplication.objects.count() == 5 and not ReconsiderationCase.objects.exists()
    row = AuditEvent.objects.get(action="portal.lookup.throttled")
    assert row.detail["scope"] == "reconsideration.apply" and row.detail["limit"] == "ip"
    assert apply(tree, 6, ip="198.51.100.9").status_code == 200  # another address is not affected


def test_one_applicant_gets_three_applications_an_hour_from_any_address(tree):
    for n in range(3):
        assert apply(tree, 7, ip=f"198.51.100.{n}").status_code == 200
    assert apply(tree, 7, ip="198.51.100.50").status_code == 429
    assert OnlineApplication.objects.count() == 3


def test_parallel_submissions_cannot_all_pass_the_check(tree, monkeypatch):
    """While the first is being registered, ten more arrive from the same address."""
    receive = intakes.receive
    nested = []

    def slow_receive(*args, **kw):
        if not nested:
            nested.append(True)
            for i in range(10):
                nested.append(apply(tree, 20 + i).status_code)
        return receive(*args, **kw)

    monkeypatch.setattr(intakes, "receive", slow_receive)
    assert apply(tree, 19).status_code == 200
    assert nested[1:].count(200) == 4 and nested[1:].count(429) == 6
    assert OnlineApplication.objects.count() == 5
