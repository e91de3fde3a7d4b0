"""docs/security.md 6 (no default accounts) and 7 (dormant accounts disabled by a job)."""

import datetime as dt
import io

import pytest
from django.contrib.auth import password_validation
from django.core.management import call_command
from django.utils import timezone

from fazhi.api import tokens
from fazhi.api.models import ApiToken
from fazhi.core.audit.models import AuditEvent
from fazhi.core.imports import random_password
from fazhi.core.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def test_no_account_exists_after_migrate():
    assert User.objects.count() == 0


def test_demo_style_random_passwords_differ_and_meet_the_policy(tree):
    user = factories.user(tree["east_justice"], username="officer")
    passwords = {random_password("officer") for _ in range(20)}
    assert len(passwords) == 20
    for pw in list(passwords)[:5]:
        password_validation.validate_password(pw, user)


def _age(user, *, joined_days, login_days=None):
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(
        date_joined=now - dt.timedelta(days=joined_days),
        last_login=None if login_days is None else now - dt.timedelta(days=login_days),
    )


def run(*args):
    out = io.StringIO()
    call_command("accounts", "disable-dormant", *args, stdout=out)
    return out.getvalue()


def test_accounts_unused_for_90_days_are_disabled_once_with_an_audit_row(tree):
    org = tree["east_justice"]
    stale = factories.user(org, username="stale")
    never = factories.user(org, username="never")
    recent = factories.user(org, username="recent")
    newcomer = factories.user(org, username="newcomer")
    api_only = factories.user(org, username="api_only")
    _age(stale, joined_days=400, login_days=91)
    _age(never, joined_days=100)
    _age(recent, joined_days=400, login_days=89)
    _age(newcomer, joined_days=10)
    _age(api_only, joined_days=400)
    token, _ = tokens.issue(api_only, name="对接系统")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - dt.timedelta(days=5))

    output = run()
    assert "共停用 2 个" in output
    active = dict(User.objects.values_list("username", "is_active"))
    assert active == {"stale": False, "never": False, "recent": True, "newcomer": True, "api_only": True}
    rows = AuditEvent.objects.filter(action="account.disable_dormant").order_by("id")
    assert [r.object_id for r in rows] == [str(stale.pk), str(never.pk)]

    assert "共停用 0 个" in run()  # idempotent: nothing more, no new rows
    assert AuditEvent.objects.filter(action="account.disable_dormant").count() == 2


def test_the_period_can_be_given(tree):
    user = factories.user(tree["east_justice"], username="monthly")
    _age(user, joined_days=400, login_days=31)
    run("--days", "60")
    user.refresh_from_db()
    assert user.is_active
    run("--days", "30")
    user.refresh_from_db()
    assert not user.is_active
