"""docs/security.md 5: TOTP with HMAC-SM3, required for administrators, available to all staff."""

import hashlib
import hmac
import time
from urllib.parse import parse_qs, urlparse

import pytest

from fazhi.core.audit.models import AuditEvent
from fazhi.core.security import totp
from fazhi.core.security.models import AccountLock, TotpDevice
from fazhi.web.security_forms import GENERIC_LOGIN_ERROR
from tests import factories
from tests.security.identity_helpers import actions, login, signed_in

pytestmark = pytest.mark.django_db
VERIFY = "/staff/security/totp/verify/"
SETUP = "/staff/security/totp/"


@pytest.fixture
def admins_need_totp(settings):
    settings.FAZHI_TOTP_REQUIRED_FOR_ADMINS = True


def enrol(user, algorithm="sm3"):
    device, key = totp.start_enrolment(user, algorithm)
    assert totp.verify(device, totp.totp(key, time.time() - 30, algorithm))  # confirm with last step's code
    return device, key


# --- the algorithm -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("t", "expected"), [(59, "94287082"), (1111111109, "07081804"), (2000000000, "69279037")]
)
def test_rfc6238_sha1_known_answers(t, expected):
    assert totp.hotp(b"12345678901234567890", t // 30, "sha1", digits=8) == expected


def test_sm3_is_the_default_and_follows_the_same_construction():
    key = b"12345678901234567890"
    mac = hmac.new(key, (59 // 30).to_bytes(8, "big"), "sm3").digest()
    assert len(mac) == 32 and hashlib.new("sm3", b"abc").hexdigest().startswith("66c7f0f4")
    offset = mac[-1] & 0x0F
    expected = (int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF) % 10**6
    assert totp.totp(key, 59) == f"{expected:06d}"
    assert totp.totp(key, 59) != totp.totp(key, 59, "sha1")


def test_window_of_one_step_and_no_replay(tree):
    user = factories.user(tree["east_justice"])
    device, key = totp.start_enrolment(user)
    now = time.time()
    assert not totp.verify(device, totp.totp(key, now - 90))  # two steps old
    assert not totp.verify(device, totp.totp(key, now + 90))  # two steps ahead
    code = totp.totp(key, now - 30)
    assert totp.verify(device, code)
    assert not totp.verify(device, code)  # replay
    assert not totp.verify(device, totp.totp(key, now - 60))  # an older step after a newer one
    assert totp.verify(device, totp.totp(key, now + 30))


def test_the_secret_is_sm4_encrypted_at_rest(tree):
    user = factories.user(tree["east_justice"])
    device, key = totp.start_enrolment(user)
    stored = TotpDevice.objects.get(pk=device.pk).secret_encrypted
    assert stored.startswith("sm4gcm:") and totp.b32(key) not in stored and key.hex() not in stored
    assert totp.secret_of(device) == key


# --- staff login with a second factor ----------------------------------------------------------


def test_enrolled_staff_sign_in_with_password_then_code(client, tree):
    user = factories.user(tree["east_justice"], username="wanglin")
    _, key = enrol(user)
    response = login(client, "wanglin")
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert "_auth_user_id" not in client.session  # nothing signed in after the password alone
    assert not signed_in(client)
    page = client.get(VERIFY)
    assert "动态口令" in page.content.decode()
    wrong = client.post(VERIFY, {"code": "000000" if totp.totp(key) != "000000" else "111111"})
    assert "动态口令不正确" in wrong.content.decode()
    ok = client.post(VERIFY, {"code": totp.totp(key)})
    assert ok.status_code == 302 and ok["Location"] == "/staff/"
    assert signed_in(client)
    assert AuditEvent.objects.get(action="login.ok").detail["second_factor"] == "totp"


def test_wrong_codes_count_towards_the_lockout(client, tree):
    user = factories.user(tree["east_justice"], username="wanglin")
    _, key = enrol(user)
    login(client, "wanglin")
    good = totp.totp(key)
    bad = "000000" if good != "000000" else "111111"
    for _ in range(4):
        client.post(VERIFY, {"code": bad})
    last = client.post(VERIFY, {"code": bad}, follow=True)
    assert GENERIC_LOGIN_ERROR in last.content.decode()
    assert AccountLock.objects.get(user=user).locked_until is not None
    assert actions("login.locked") == ["login.locked"]
    login(client, "wanglin")  # locked: even the right password and code get nowhere
    assert client.get(VERIFY).status_code == 302
    assert not signed_in(client)


def test_staff_may_enrol_and_sha1_is_offered_for_compatibility(client, tree):
    user = factories.user(tree["east_justice"], username="wanglin")
    client.force_login(user)
    page = client.get(SETUP)
    assert page.status_code == 200
    body = page.content.decode()
    assert "algorithm=SM3" in body and "SM3" in body and "SHA1" in body
    client.post(SETUP, {"action": "start", "algorithm": "sha1"})
    device = TotpDevice.objects.get(user=user)
    assert device.algorithm == "sha1"
    key = totp.secret_of(device)
    client.post(SETUP, {"action": "confirm", "code": totp.totp(key, algorithm="sha1")})
    device.refresh_from_db()
    assert device.confirmed


# --- administrators ----------------------------------------------------------------------------


def test_an_administrator_without_totp_is_sent_to_enrolment(client, admins_need_totp):
    admin = factories.user(None, roles=("sysadmin",), username="xitong")
    assert login(client, "xitong").status_code == 302
    for url in ("/staff/", "/admin/", "/admin/core/organisation/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == SETUP, url
    page = client.get(SETUP)
    body = page.content.decode()
    assert "管理员账号必须启用动态口令" in body
    uri = page.context["uri"]
    parsed = urlparse(uri)
    query = parse_qs(parsed.query)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    assert query["algorithm"] == ["SM3"] and query["digits"] == ["6"] and query["period"] == ["30"]
    assert query["secret"] == [page.context["secret"]] and page.context["secret"] in body
    key = totp.secret_of(TotpDevice.objects.get(user=admin))
    done = client.post(SETUP, {"action": "confirm", "code": totp.totp(key)})
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert actions("mfa.enrol") == ["mfa.enrol"]


def test_an_administrator_session_without_a_verified_code_cannot_reach_the_admin_site(
    client, admins_need_totp
):
    admin = factories.user(None, roles=("auditadmin",), username="shenji")
    _, key = enrol(admin)
    client.force_login(admin)  # a session not started through the two-step login
    response = client.get("/admin/audit/auditevent/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": totp.totp(key)})
    assert client.get("/admin/audit/auditevent/").status_code == 200


def test_an_enrolled_administrator_signs_in_with_the_code(client, admins_need_totp):
    admin = factories.user(None, roles=("secadmin",), username="anquan")
    _, key = enrol(admin)
    login(client, "anquan")
    client.post(VERIFY, {"code": totp.totp(key)})
    assert client.get("/admin/").status_code == 200


def test_deploy_check_refuses_admins_without_a_second_factor(settings):
    from fazhi.core.security.checks import security_parameters

    settings.FAZHI_TOTP_REQUIRED_FOR_ADMINS = False
    assert [e.id for e in security_parameters()] == ["fazhi.security.E002"]
    settings.FAZHI_TOTP_REQUIRED_FOR_ADMINS = True
    settings.FAZHI_LOGIN_MAX_FAILURES = 10
    assert [e.id for e in security_parameters()] == ["fazhi.security.E001"]


def test_a_session_from_the_admin_sites_own_login_form_still_needs_the_code(client, admins_need_totp):
    admin = factories.user(None, roles=("sysadmin",), username="xitong")
    enrol(admin)
    client.post("/admin/login/", {"username": "xitong", "password": factories.PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
