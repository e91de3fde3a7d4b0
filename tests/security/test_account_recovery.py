"""The security administrator's account screen (docs/security.md 3, 5, 8): reset a lost second factor,
unlock a locked account, force a password change — each with a reason, a confirmation step, CSRF,
exactly one audit row; never on one's own account nor on a 系统管理员 / 审计管理员 account; nobody
else reaches the screen."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from fazhi.core.audit.models import AuditEvent
from fazhi.core.models import User
from fazhi.core.security import accounts, totp
from fazhi.core.security.models import AccountLock, TotpDevice, UserSession
from tests import factories
from tests.security.identity_helpers import login

pytestmark = pytest.mark.django_db
LIST = "/staff/security/accounts/"
SETUP = "/staff/security/totp/"
VERIFY = "/staff/security/totp/verify/"
CHANGE = "/staff/security/password/"
REASON = "本人手机遗失，已电话核实身份"


def url(user) -> str:
    return f"{LIST}{user.pk}/"


@pytest.fixture
def people(tree):
    return {
        "anquan": factories.user(None, roles=("secadmin",), username="anquan", full_name="安全员"),
        "anquan2": factories.user(None, roles=("secadmin",), username="anquan2", full_name="安全员二"),
        "xitong": factories.user(None, roles=("sysadmin",), username="xitong", full_name="系统员"),
        "shenji": factories.user(None, roles=("auditadmin",), username="shenji", full_name="审计员"),
        "wanglin": factories.user(tree["east_justice"], username="wanglin", full_name="王林"),
        "leader": factories.user(tree["east_justice"], roles=("leader",), username="lingdao"),
    }


def enrol(user):
    device, key = totp.start_enrolment(user)
    assert totp.verify(device, totp.totp(key, time.time() - 30))
    return device, key


def secadmin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _do(client, target, action, reason=REASON):
    """Both steps: the confirmation page, then the confirmed POST."""
    confirm = client.post(url(target), {"action": action, "reason": reason})
    assert confirm.status_code == 200 and "请确认" in confirm.content.decode()
    return client.post(url(target), {"action": action, "reason": reason, "confirmed": "1"})


def rows(action):
    return list(AuditEvent.objects.filter(action=f"security.account.{action}"))


# --- reset a lost second factor -----------------------------------------------------------------


def test_reset_totp_asks_for_confirmation_then_forces_enrolment_at_next_login(people):
    wanglin = people["wanglin"]
    _, old_key = enrol(wanglin)
    victim_session = Client()
    login(victim_session, "wanglin")
    code = totp.totp(old_key)
    victim_session.post(VERIFY, {"code": code})
    assert victim_session.get("/staff/").status_code == 200

    admin = secadmin_client(people["anquan"])
    page = admin.get(url(wanglin)).content.decode()
    assert "重置动态口令" in page and "csrfmiddlewaretoken" in page and "已启用" in page

    # Step 1 only shows what will happen; nothing changes yet.
    confirm = admin.post(url(wanglin), {"action": "reset_totp", "reason": REASON})
    body = confirm.content.decode()
    assert "请确认：重置动态口令" in body and REASON in body and 'name="confirmed" value="1"' in body
    assert totp.confirmed_device(wanglin) is not None and not rows("reset_totp")

    done = admin.post(url(wanglin), {"action": "reset_totp", "reason": REASON, "confirmed": "1"})
    assert done.status_code == 302 and done["Location"] == url(wanglin)
    assert "已重置王林（wanglin）的动态口令" in admin.get(url(wanglin)).content.decode()

    device = TotpDevice.objects.get(user=wanglin)
    assert device.confirmed_at is None and device.reset_at is not None
    assert totp.secret_of(device) != old_key  # the lost token's codes are worthless now
    (event,) = rows("reset_totp")
    assert event.user_id == people["anquan"].pk and event.object_id == str(wanglin.pk)
    assert event.detail["reason"] == REASON and event.detail["sessions_ended"] == 1
    # Every session of the account ended (someone holding one must not enrol the new factor).
    assert not UserSession.objects.filter(user=wanglin).exists()
    assert victim_session.get("/staff/").status_code == 302

    # Next login: the password alone signs in, then every page leads to enrolment until it is done.
    person = Client()
    response = login(person, "wanglin")
    assert response.status_code == 302 and response["Location"] != VERIFY
    for path in ("/staff/", "/staff/organisations/", "/staff/reconsideration/"):
        gated = person.get(path)
        assert gated.status_code == 302 and gated["Location"] == SETUP, path
    assert "动态口令已被重置" in person.get(SETUP).content.decode()
    new_key = totp.secret_of(TotpDevice.objects.get(user=wanglin))
    enrolled = person.post(SETUP, {"action": "confirm", "code": totp.totp(new_key)})
    assert enrolled.status_code == 302
    assert person.get("/staff/").status_code == 200
    assert totp.confirmed_device(wanglin) is not None
    assert not totp.reset_pending(wanglin)


def test_a_reason_is_mandatory(people):
    enrol(people["wanglin"])
    admin = secadmin_client(people["anquan"])
    for reason in ("", "   "):
        response = admin.post(
            url(people["wanglin"]), {"action": "reset_totp", "reason": reason, "confirmed": "1"}
        )
        assert response.status_code == 400 and "请填写办理原因" in response.content.decode()
    assert totp.confirmed_device(people["wanglin"]) is not None and not rows("reset_totp")


def test_the_service_itself_refuses_an_empty_reason_and_unknown_actors(people):
    enrol(people["wanglin"])
    with pytest.raises(accounts.AccountActionRefused, match="请填写办理原因"):
        accounts.perform(people["anquan"], people["wanglin"], "reset_totp", " \n ")
    with pytest.raises(accounts.AccountActionRefused, match="只有安全管理员"):
        accounts.perform(people["xitong"], people["wanglin"], "reset_totp", REASON)
    assert totp.confirmed_device(people["wanglin"]) is not None and not rows("reset_totp")


def test_resetting_ones_own_second_factor_is_refused(people):
    me = people["anquan"]
    enrol(me)
    admin = secadmin_client(me)
    page = admin.get(url(me)).content.decode()
    assert "不能对自己的账号办理此操作" in page and 'id="form-reset_totp"' not in page
    response = admin.post(url(me), {"action": "reset_totp", "reason": REASON, "confirmed": "1"})
    assert response.status_code == 400 and "不能对自己的账号办理此操作" in response.content.decode()
    assert totp.confirmed_device(me) is not None and not rows("reset_totp")


@pytest.mark.parametrize(("who", "label"), [("xitong", "系统管理员"), ("shenji", "审计管理员")])
@pytest.mark.parametrize("action", ["reset_totp", "unlock", "force_password_change"])
def test_system_and_audit_administrators_are_out_of_reach(people, who, label, action):
    target = people[who]
    enrol(target)
    AccountLock.objects.create(user=target, locked_until="2999-01-01T00:00:00Z")
    admin = secadmin_client(people["anquan"])
    response = admin.post(url(target), {"action": action, "reason": REASON, "confirmed": "1"})
    assert response.status_code == 400
    assert f"不能对{label}账号办理此操作" in response.content.decode()
    target.refresh_from_db()
    assert totp.confirmed_device(target) is not None
    assert AccountLock.objects.get(user=target).locked_until is not None
    assert target.password_changed_at is not None
    assert not AuditEvent.objects.filter(action__startswith="security.account.").exists()


def test_another_security_administrator_may_reset_a_security_administrator(people):
    enrol(people["anquan2"])
    response = _do(secadmin_client(people["anquan"]), people["anquan2"], "reset_totp")
    assert response.status_code == 302
    assert totp.reset_pending(people["anquan2"])


def test_resetting_an_account_without_a_second_factor_is_refused(people):
    response = secadmin_client(people["anquan"]).post(
        url(people["wanglin"]), {"action": "reset_totp", "reason": REASON, "confirmed": "1"}
    )
    assert response.status_code == 400 and "尚未绑定动态口令" in response.content.decode()
    assert not TotpDevice.objects.exists() and not rows("reset_totp")


# --- unlock and forced password change --------------------------------------------------------------


def test_unlock_lets_a_locked_account_sign_in_again(people):
    person = Client()
    for _ in range(5):
        login(person, "wanglin", "wrong-password-1A")
    login(person, "wanglin")
    assert person.get("/staff/").status_code == 302  # locked: even the right password is refused

    admin = secadmin_client(people["anquan"])
    listed = admin.get(LIST).content.decode()
    assert "当前被锁定的账号" in listed and "wanglin" in listed
    assert _do(admin, people["wanglin"], "unlock").status_code == 302
    (event,) = rows("unlock")
    assert event.detail["reason"] == REASON and event.detail["locked_until"]

    login(person, "wanglin")
    assert person.get("/staff/").status_code == 200
    assert "当前没有被锁定的账号" in admin.get(LIST).content.decode()


def test_unlocking_an_account_that_is_not_locked_is_refused(people):
    response = secadmin_client(people["anquan"]).post(
        url(people["wanglin"]), {"action": "unlock", "reason": REASON, "confirmed": "1"}
    )
    assert response.status_code == 400 and "该账号当前未被锁定" in response.content.decode()
    assert not rows("unlock")


def test_force_password_change_ends_sessions_and_gates_the_next_login(people):
    person = Client()
    login(person, "wanglin")
    assert person.get("/staff/").status_code == 200
    admin = secadmin_client(people["anquan"])
    assert _do(admin, people["wanglin"], "force_password_change").status_code == 302
    assert User.objects.get(pk=people["wanglin"].pk).password_changed_at is None
    assert len(rows("force_password_change")) == 1

    assert person.get("/staff/")["Location"].startswith("/staff/login/")
    login(person, "wanglin")
    assert person.get("/staff/")["Location"].startswith(CHANGE)
    new = "Qiu-Feng-2027x"
    person.post(CHANGE, {"old_password": factories.PASSWORD, "new_password1": new, "new_password2": new})
    assert person.get("/staff/").status_code == 200


# --- who reaches the screen, CSRF -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["xitong", "shenji", "wanglin", "leader"])
def test_only_the_security_administrator_reaches_the_screen(people, who):
    enrol(people["wanglin"])
    client = secadmin_client(people[who])
    assert client.get(LIST).status_code == 404
    target = people["anquan2"] if who == "wanglin" else people["wanglin"]
    assert client.get(url(target)).status_code == 404
    response = client.post(url(target), {"action": "reset_totp", "reason": REASON, "confirmed": "1"})
    assert response.status_code == 404
    assert totp.confirmed_device(people["wanglin"]) is not None and not rows("reset_totp")


def test_anonymous_visitors_are_sent_to_the_login_page(people, client):
    for path in (LIST, url(people["wanglin"])):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


def test_a_post_without_csrf_token_is_refused(people):
    enrol(people["wanglin"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["anquan"])
    response = client.post(
        url(people["wanglin"]), {"action": "reset_totp", "reason": REASON, "confirmed": "1"}
    )
    assert response.status_code == 403
    assert totp.confirmed_device(people["wanglin"]) is not None and not rows("reset_totp")


def test_search_by_name_finds_the_account(people):
    page = secadmin_client(people["anquan"]).get(LIST, {"q": "王林"}).content.decode()
    assert f'href="{url(people["wanglin"])}"' in page


def test_with_admin_totp_required_the_screen_needs_a_verified_second_factor(people, settings):
    settings.FAZHI_TOTP_REQUIRED_FOR_ADMINS = True
    client = secadmin_client(people["anquan"])
    assert client.get(LIST)["Location"] == SETUP
