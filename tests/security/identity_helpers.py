"""Helpers shared by the identity/session tests (docs/security.md 1–7)."""

from __future__ import annotations

from fazhi.core.audit.models import AuditEvent
from tests import factories

LOGIN = "/staff/login/"


def login(client, username, password=factories.PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def actions(*names):
    return list(AuditEvent.objects.filter(action__in=names).order_by("id").values_list("action", flat=True))


def signed_in(client) -> bool:
    return client.get("/staff/").status_code == 200
