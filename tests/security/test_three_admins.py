"""三员 and the two-person rule (docs/security.md 28–32; issue 10 items 1 and 2).

Each step the penetration test took through /admin/ is replayed and must end without case data;
account and organisation-tree changes take effect only when a 安全管理员 approves the 系统管理员's
request; passwords are never chosen by another person; every change writes an audit row without
personal data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core import access
from fazhi.core.audit.models import AuditEvent
from fazhi.core.models import User
from fazhi.core.security import account_changes as changes
from fazhi.core.security.models import AccountChange, ChangeStatus, UserSession
from tests import factories
from tests.sampleapp.models import SampleMatter
from tests.security.identity_helpers import login, signed_in

pytestmark = pytest.mark.django_db
REASON = "新入职承办人，依人事通知开通账号"
STRONG = "Guan-Li-Yuan-2027"


@pytest.fixture
def people(tree):
    SampleMatter.objects.create(title="东区案件", organisation=tree["east_justice"])
    SampleMatter.objects.create(title="西区案件", organisation=tree["west_justice"])
    return {
        "xitong": factories.user(None, roles=("sysadmin",), username="xitong", full_name="系统员"),
        "anquan": factories.user(None, roles=("secadmin",), username="anquan", full_name="安全员"),
        "anquan2": factories.user(None, roles=("secadmin",), username="anquan2", full_name="安全员二"),
        "shenji": factories.user(None, roles=("auditadmin",), username="shenji", full_name="审计员"),
        "wanglin": factories.user(tree["east_justice"], username="wanglin", full_name="王林"),
        "lingdao": factories.user(tree["east_gov"], roles=("leader",), scope="subtree", username="lingdao"),
    }


def as_(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def create_request(people, tree, **over):
    values = {
        "username": "zhaoliu",
        "full_name": "赵六",
        "organisation": tree["east_justice"],
        "data_scope": "own",
        "roles": ["officer"],
        "reason": REASON,
        **over,
    }
    return changes.request_account_create(actor=people["xitong"], **values)


# --- item 1: what the penetration test did through /admin/ -----------------------------------


def test_sysadmin_cannot_add_a_user_in_the_admin_site(people, tree):
    client = as_(people["xitong"])
    response = client.post(
        "/admin/core/user/add/",
        {
            "username": "chaoji",
            "full_name": "超级",
            "organisation": tree["east_gov"].pk,
            "data_scope": "region",
            "roles": '["supervisor"]',
            "password1": STRONG,
            "password2": STRONG,
        },
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="chaoji").exists()
    assert login(Client(), "chaoji", STRONG).status_code == 200  # the login form again: no such account
    for admin_user in ("xitong", "anquan", "shenji"):
        assert access.visible(people[admin_user], SampleMatter).count() == 0


def test_no_administrator_can_set_a_password_in_the_admin_site(people):
    wanglin = people["wanglin"]
    for name in ("anquan", "xitong"):
        for target in (wanglin, people["xitong"]):
            response = as_(people[name]).post(
                f"/admin/core/user/{target.pk}/password/",
                {"password1": STRONG, "password2": STRONG},
                follow=True,
            )
            # No password form any more: Django's catch-all sends the URL on to the admin index.
            assert "password1" not in response.content.decode()
    wanglin.refresh_from_db()
    assert not wanglin.check_password(STRONG) and wanglin.check_password(factories.PASSWORD)
    other = Client()
    login(other, "wanglin", STRONG)
    assert not signed_in(other)


def test_no_administrator_can_change_an_account_in_the_admin_site(people, tree):
    wanglin = people["wanglin"]
    for name in ("xitong", "anquan"):
        response = as_(people[name]).post(
            f"/admin/core/user/{wanglin.pk}/change/",
            {"username": "wanglin", "roles": '["supervisor"]', "data_scope": "region", "is_active": "on"},
        )
        assert response.status_code in (200, 403)  # the read-only page, never a save
    wanglin.refresh_from_db()
    assert wanglin.roles == ["officer"] and wanglin.data_scope == "own"
    # The admin site still shows accounts read-only, to both.
    for name in ("xitong", "anquan"):
        assert as_(people[name]).get("/admin/core/user/").status_code == 200


def test_reparenting_an_organisation_in_the_admin_site_is_refused(people, tree):
    market, justice = tree["east_market"], tree["east_justice"]
    leader = factories.user(justice, roles=("leader",), scope="subtree")
    before = access.visible(leader, SampleMatter).count()
    response = as_(people["xitong"]).post(
        f"/admin/core/organisation/{market.pk}/change/",
        {
            "name": market.name,
            "kind": market.kind,
            "region": market.region_id,
            "parent": justice.pk,
            "functions-TOTAL_FORMS": "0",
            "functions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code in (200, 302)
    market.refresh_from_db()
    assert market.parent_id == tree["east_gov"].pk
    assert access.visible(leader, SampleMatter).count() == before


def test_organisation_admin_edits_are_audited(people, tree):
    market = tree["east_market"]
    response = as_(people["xitong"]).post(
        f"/admin/core/organisation/{market.pk}/change/",
        {
            "name": "东区市场监管局",
            "kind": market.kind,
            "functions-TOTAL_FORMS": "0",
            "functions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = AuditEvent.objects.get(action="admin.organisation.change")
    assert "name" in row.detail["changed"] and row.username == "xitong"


# --- the two-person rule ---------------------------------------------------------------------


def test_a_new_account_exists_only_after_the_security_administrator_approves(people, tree):
    change = create_request(people, tree)
    assert not User.objects.filter(username="zhaoliu").exists()
    change, second = changes.approve(actor=people["anquan"], change=change)
    user = User.objects.get(username="zhaoliu")
    assert change.status == ChangeStatus.APPROVED and change.user == user
    assert user.roles == ["officer"] and user.organisation == tree["east_justice"]
    # Split knowledge: the approver saw the second part, the requester collects the first, once.
    with pytest.raises(changes.ChangeRefused):
        changes.take_password_part(actor=people["anquan"], change=change)
    first = changes.take_password_part(actor=people["xitong"], change=change)
    with pytest.raises(changes.ChangeRefused, match="已领取"):
        changes.take_password_part(actor=people["xitong"], change=change)
    assert AccountChange.objects.get(pk=change.pk).password_part == ""
    password = first + second
    assert not user.check_password(first) and not user.check_password(second)
    assert user.check_password(password) and user.password_changed_at is None
    client = Client()
    login(client, "zhaoliu", password)
    assert client.get("/staff/").status_code == 302  # to the password change first


def test_requests_only_by_the_system_administrator_decisions_only_by_another_security_administrator(
    people, tree
):
    for name in ("anquan", "shenji", "wanglin", "lingdao"):
        with pytest.raises(changes.ChangeRefused):
            changes.request_account_create(
                actor=people[name],
                username="x1",
                full_name="甲",
                organisation=tree["east_justice"],
                data_scope="own",
                roles=["officer"],
                reason=REASON,
            )
    change = create_request(people, tree)
    for name in ("xitong", "shenji", "wanglin"):
        with pytest.raises(changes.ChangeRefused):
            changes.approve(actor=people[name], change=change)
    # The approver is never the requester (a change recorded as asked by a 安全管理员 himself).
    AccountChange.objects.filter(pk=change.pk).update(requested_by=people["anquan"])
    with pytest.raises(changes.ChangeRefused, match="不能审批自己提出的申请"):
        changes.approve(actor=people["anquan"], change=change)
    assert not User.objects.filter(username="zhaoliu").exists()
    changes.approve(actor=people["anquan2"], change=change)
    assert User.objects.filter(username="zhaoliu").exists()


def test_a_refused_or_expired_request_changes_nothing(people, tree):
    change = create_request(people, tree)
    with pytest.raises(changes.ChangeRefused, match="驳回理由"):
        changes.refuse(actor=people["anquan"], change=change, note=" ")
    changes.refuse(actor=people["anquan"], change=change, note="人事通知未到")
    with pytest.raises(changes.ChangeRefused):
        changes.approve(actor=people["anquan"], change=change)
    assert not User.objects.filter(username="zhaoliu").exists()

    wanglin = people["wanglin"]
    change = changes.request_account_change(
        actor=people["xitong"],
        user=wanglin,
        full_name="王林",
        organisation=tree["east_gov"],
        data_scope="region",
        roles=["supervisor"],
        reason=REASON,
    )
    AccountChange.objects.filter(pk=change.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(changes.ChangeRefused, match="超过审批期限"):
        changes.approve(actor=people["anquan"], change=change)
    wanglin.refresh_from_db()
    assert wanglin.roles == ["officer"] and wanglin.data_scope == "own"
    assert AccountChange.objects.get(pk=change.pk).status == ChangeStatus.EXPIRED
    assert access.visible(wanglin, SampleMatter).count() == 1


def test_a_role_and_scope_grant_widens_access_only_once_approved(people, tree):
    wanglin = people["wanglin"]
    change = changes.request_account_change(
        actor=people["xitong"],
        user=wanglin,
        full_name="王林",
        organisation=tree["east_justice"],
        data_scope="region",
        roles=["officer"],
        reason="调任全区复议工作",
    )
    assert access.visible(wanglin, SampleMatter).count() == 1
    changes.approve(actor=people["anquan"], change=change)
    wanglin.refresh_from_db()
    assert wanglin.data_scope == "region"
    assert access.visible(wanglin, SampleMatter).count() == 1  # east county only: its region


def test_no_administrator_account_is_created_or_changed_and_no_admin_role_granted(people, tree):
    for role in ("sysadmin", "secadmin", "auditadmin"):
        with pytest.raises(changes.ChangeRefused, match="不能授予"):
            create_request(people, tree, roles=[role])
    for target in ("anquan", "shenji", "xitong"):
        with pytest.raises(changes.ChangeRefused):
            changes.request_account_change(
                actor=people["xitong"],
                user=people[target],
                full_name="甲",
                organisation=tree["east_justice"],
                data_scope="region",
                roles=["supervisor"],
                reason=REASON,
            )
        with pytest.raises(changes.ChangeRefused):
            changes.request_account_disable(actor=people["xitong"], user=people[target], reason=REASON)
        with pytest.raises(changes.ChangeRefused):
            changes.request_password_reset(actor=people["xitong"], user=people[target], reason=REASON)
    assert AccountChange.objects.count() == 0


def test_disabling_takes_effect_on_approval_and_ends_sessions(people, tree):
    client = Client()
    login(client, "wanglin")
    assert signed_in(client)
    change = changes.request_account_disable(actor=people["xitong"], user=people["wanglin"], reason="调离")
    assert signed_in(client)
    changes.approve(actor=people["anquan"], change=change)
    assert not User.objects.get(username="wanglin").is_active
    assert not signed_in(client)


def test_an_organisation_move_widens_scope_only_once_approved(people, tree):
    market, justice = tree["east_market"], tree["east_justice"]
    SampleMatter.objects.create(title="市场案件", organisation=market)
    leader = factories.user(justice, roles=("leader",), scope="subtree")
    assert access.visible(leader, SampleMatter).count() == 1
    with pytest.raises(changes.ChangeRefused, match="本单位或其下级"):
        changes.request_organisation_move(
            actor=people["xitong"], organisation=tree["east_gov"], parent=justice, reason=REASON
        )
    change = changes.request_organisation_move(
        actor=people["xitong"], organisation=market, parent=justice, reason="机构改革"
    )
    assert access.visible(leader, SampleMatter).count() == 1
    changes.approve(actor=people["anquan"], change=change)
    market.refresh_from_db()
    assert market.parent_id == justice.pk
    assert access.visible(leader, SampleMatter).count() == 2


def test_a_one_time_password_is_changed_at_first_login_and_ends_the_holders_sessions(people):
    holder = Client()
    login(holder, "wanglin")
    assert signed_in(holder)
    change = changes.request_password_reset(
        actor=people["xitong"], user=people["wanglin"], reason="本人遗失密码"
    )
    assert signed_in(holder)  # nothing before approval
    _, second = changes.approve(actor=people["anquan"], change=change)
    assert not signed_in(holder)
    assert not UserSession.objects.filter(user=people["wanglin"]).exists()
    first = changes.take_password_part(actor=people["xitong"], change=change)
    wanglin = User.objects.get(username="wanglin")
    assert wanglin.password_changed_at is None and wanglin.check_password(first + second)
    # Neither administrator alone gets in with the part they saw.
    for part in (first, second):
        other = Client()
        login(other, "wanglin", part)
        assert not signed_in(other)
    for row in AuditEvent.objects.filter(action__startswith="account."):
        text = f"{row.detail}{row.object_repr}"
        assert first not in text and second not in text and "王林" not in text


# --- item 2: audit rows, never personal data ---------------------------------------------------


def test_every_request_and_decision_is_audited_without_personal_data(people, tree):
    change = create_request(people, tree)
    _, password = changes.approve(actor=people["anquan"], change=change)
    password = changes.take_password_part(actor=people["xitong"], change=change) + password
    change = changes.request_account_change(
        actor=people["xitong"],
        user=User.objects.get(username="zhaoliu"),
        full_name="赵六",
        organisation=tree["east_justice"],
        data_scope="subtree",
        roles=["officer", "reviewer"],
        reason=REASON,
    )
    changes.refuse(actor=people["anquan"], change=change, note="未见任命文件")
    rows = list(AuditEvent.objects.filter(action__startswith="account.").order_by("id"))
    assert [r.action for r in rows] == [
        "account.create.requested",
        "account.create",
        "account.password_part.taken",
        "account.change.requested",
        "account.change.refused",
    ]
    assert [r.username for r in rows] == ["xitong", "anquan", "xitong", "xitong", "anquan"]
    assert rows[1].detail["roles"] == ["officer"] and rows[1].detail["requested_by"] == people["xitong"].pk
    assert rows[3].detail["fields"] == ["data_scope", "roles"]
    for row in rows:
        text = f"{row.detail}{row.object_repr}"
        assert "赵六" not in text and password[:7] not in text and password[7:] not in text


# --- the screens ---------------------------------------------------------------------------------


def test_screens_request_and_approve_with_chinese_messages(people, tree):
    sysadmin = as_(people["xitong"])
    assert sysadmin.get("/staff/accounts/").status_code == 200
    bad = sysadmin.post(
        "/staff/accounts/new/",
        {
            "username": "zhaoliu",
            "full_name": "赵六",
            "organisation": tree["east_justice"].pk,
            "data_scope": "region",
            "roles": ["secadmin"],
            "reason": REASON,
        },
    )
    assert bad.status_code == 400 and "不能授予该角色" in bad.content.decode()
    assert AccountChange.objects.count() == 0
    ok = sysadmin.post(
        "/staff/accounts/new/",
        {
            "username": "zhaoliu",
            "full_name": "赵六",
            "organisation": tree["east_justice"].pk,
            "data_scope": "own",
            "roles": ["officer"],
            "reason": REASON,
        },
    )
    assert ok.status_code == 302
    change = AccountChange.objects.get()
    assert sysadmin.post(f"/staff/security/changes/{change.pk}/", {"decision": "approve"}).status_code == 404
    secadmin = as_(people["anquan"])
    assert "zhaoliu" in secadmin.get("/staff/security/changes/").content.decode()
    shown = secadmin.post(f"/staff/security/changes/{change.pk}/", {"decision": "approve"})
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    assert "一次性密码" in shown.content.decode()
    assert User.objects.filter(username="zhaoliu").exists()
    again = secadmin.post(f"/staff/security/changes/{change.pk}/", {"decision": "approve"})
    assert again.status_code == 400 and "不能再审批" in again.content.decode()
    for name in ("wanglin", "shenji", "anquan"):
        assert as_(people[name]).get("/staff/accounts/").status_code == 404
    for name in ("wanglin", "shenji", "xitong"):
        assert as_(people[name]).get("/staff/security/changes/").status_code == 404


def test_a_staff_import_on_the_screen_only_requests_accounts(people, tree):
    from fazhi.core import excel
    from tests.security.test_forced_password_change import _xlsx

    result = excel.run_import(
        "staff",
        _xlsx(
            [
                ["chaoji", "超级", "东区人民政府", "依法治县办", "全辖区"],
                ["anquan9", "甲", None, "安全管理员", None],
            ]
        ),
        actor=people["xitong"],
    )
    assert not result.ok
    assert any("管理员账号不能通过导入设立" in m for m in result.messages)
    result = excel.run_import(
        "staff", _xlsx([["chaoji", "超级", "东区人民政府", "依法治县办", "全辖区"]]), actor=people["xitong"]
    )
    assert result.ok and not result.credentials
    assert not User.objects.filter(username="chaoji").exists()
    assert AccountChange.objects.get().status == ChangeStatus.PENDING


def test_a_regions_level_cannot_be_raised_in_the_admin_site(people, tree):
    # A county turned "province" would widen every 全辖区 scope in it to the whole province.
    supervisor = factories.user(tree["east_gov"], roles=("supervisor",), scope="region")
    before = access.visible(supervisor, SampleMatter).count()
    east = tree["east"]
    as_(people["xitong"]).post(
        f"/admin/core/region/{east.pk}/change/", {"code": east.code, "name": east.name, "level": "province"}
    )
    east.refresh_from_db()
    assert east.level == "county"
    assert access.visible(supervisor, SampleMatter).count() == before == 1
