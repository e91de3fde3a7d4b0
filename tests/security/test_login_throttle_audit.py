"""The login throttle writes a ``login.failed`` row for every refused attempt, except that an address it
throttles gets one ``ip_throttled`` row per window: a sprayer who keeps going cannot flood the audit
log (docs/security.md 3, 12). The throttle itself keeps refusing meanwhile."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core.audit.models import AuditEvent
from fazhi.core.security.models import ThrottleNotice
from tests import factories
from tests.security.identity_helpers import login

pytestmark = pytest.mark.django_db
SPRAYER = "203.0.113.9"


def throttled_rows():
    return list(
        AuditEvent.objects.filter(action="login.failed", detail__reason="ip_throttled").order_by("id")
    )


def test_a_throttled_address_is_written_once_per_window(tree):
    factories.user(tree["east_justice"], username="wanglin")
    sprayer = Client(REMOTE_ADDR=SPRAYER)
    for i in range(20):
        login(sprayer, f"guess{i}", "Spring-2026!")
    assert len(AuditEvent.objects.filter(action="login.failed")) == 20  # each failure has its row

    for i in range(15):
        assert login(sprayer, f"more{i}", "Spring-2026!").status_code == 200
    assert login(sprayer, "wanglin").status_code == 200  # still refused, even the right password
    (row,) = throttled_rows()
    assert row.ip == SPRAYER and row.result == "denied" and row.detail["attempted"] == "more0"

    # Another throttled address has its own row.
    other = Client(REMOTE_ADDR="198.51.100.20")
    for i in range(22):
        login(other, f"guess{i}", "Spring-2026!")
    assert [r.ip for r in throttled_rows()] == [SPRAYER, "198.51.100.20"]

    # Once the window (10 minutes) since the address's last row has passed, it is written again.
    ThrottleNotice.objects.filter(ip=SPRAYER).update(noted_at=timezone.now() - dt.timedelta(minutes=11))
    login(sprayer, "again", "Spring-2026!")
    login(sprayer, "again", "Spring-2026!")
    assert [r.ip for r in throttled_rows()] == [SPRAYER, "198.51.100.20", SPRAYER]
