"""Issue 10 item 6: an extension of a statutory period names an approver who is another person
holding the role the law names (复议机构负责人 → 分管领导 ``leader``), and it takes effect only when
that person confirms it in their own session (docs/security.md 34)."""

import datetime as dt

import pytest
from django.test import Client

from fazhi.core.audit.models import AuditEvent
from fazhi.core.calendar import services as calendar
from fazhi.core.workflow import engine
from fazhi.core.workflow.models import ApprovalStatus, PendingApproval
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = dt.date.today()


@pytest.fixture
def staff(tree):
    org = tree["east_justice"]
    return {
        "org": org,
        "officer": factories.user(org, roles=("officer", "reviewer"), username="chengban"),
        "head": factories.user(org, roles=("leader",), username="fuzeren"),
        "colleague": factories.user(org, roles=("officer",), username="tongshi"),
        "west_head": factories.user(tree["west_justice"], roles=("leader",), username="xiqu"),
    }


def reviewing(staff):
    officer = staff["officer"]
    accepted_on = TODAY - dt.timedelta(days=20)
    case = rf.registered(staff["org"], officer, accepted_on - dt.timedelta(days=1))
    engine.perform(case, "accept", actor=officer, data={"accepted_on": accepted_on}, today=accepted_on)
    for name, field in (("send_copy", "sent_on"), ("receive_answer", "answered_on")):
        day = accepted_on + dt.timedelta(days=1 if name == "send_copy" else 5)
        engine.perform(case, name, actor=officer, data={field: day.isoformat()}, today=day)
    assert case.status == "reviewing"
    return case


def due(case):
    return calendar.clocks_for(case).filter(code="decision").latest("id").due_date


def extend(case, actor, approver, days=30):
    return engine.perform(
        case,
        "extend",
        actor=actor,
        data={"days": days, "reason": "案情复杂", "approver": approver.pk},
        today=TODAY,
    )


def test_the_officer_cannot_approve_his_own_extension(staff):
    case = reviewing(staff)
    before = due(case)
    with pytest.raises(engine.ApprovalRefused, match="不能由申请人本人批准"):
        extend(case, staff["officer"], staff["officer"])
    for wrong in ("colleague", "west_head"):  # no statutory authority; or cannot see the case
        with pytest.raises(engine.ApprovalRefused, match="须由行政复议机构负责人批准"):
            extend(case, staff["officer"], staff[wrong])
    assert due(case) == before and not PendingApproval.objects.exists()


def test_the_extension_takes_effect_only_when_the_approver_confirms_in_his_own_session(staff, client):
    case = reviewing(staff)
    before = due(case)
    asked = extend(case, staff["officer"], staff["head"])
    pending = asked.pending_approval
    assert due(case) == before and case.version == asked.version  # nothing changed yet
    assert AuditEvent.objects.filter(action="workflow.approval.requested").count() == 1
    # Nobody else confirms it: not the officer, not a colleague, not through another session.
    for name in ("officer", "colleague", "west_head"):
        with pytest.raises(engine.ApprovalRefused):
            engine.confirm(pending, actor=staff[name])
        other = Client()
        other.force_login(staff[name])
        assert other.post(f"/staff/approvals/{pending.pk}/", {"decision": "confirm"}).status_code == 404
    assert due(case) == before
    # The approver sees it on his 待办 and confirms it there.
    client.force_login(staff["head"])
    assert f"/staff/approvals/{pending.pk}/" in client.get("/staff/").content.decode()
    page = client.get(f"/staff/approvals/{pending.pk}/")
    assert page.status_code == 200 and "案情复杂" in page.content.decode()
    assert client.post(f"/staff/approvals/{pending.pk}/", {"decision": "confirm"}).status_code == 302
    assert due(case) > before
    entry = calendar.clocks_for(case).filter(code="decision").latest("id").entries.get(kind="extend")
    assert entry.approver_id == staff["head"].pk
    assert PendingApproval.objects.get(pk=pending.pk).status == ApprovalStatus.CONFIRMED
    confirmed = AuditEvent.objects.get(action="workflow.approval.confirmed")
    assert confirmed.user_id == staff["head"].pk
    again = client.post(f"/staff/approvals/{pending.pk}/", {"decision": "confirm"})
    assert again.status_code == 400 and "不能再确认" in again.content.decode()


def test_a_refused_extension_changes_nothing(staff, client):
    case = reviewing(staff)
    before = due(case)
    pending = extend(case, staff["officer"], staff["head"]).pending_approval
    with pytest.raises(engine.IllegalTransition, match="待批准人确认"):
        extend(case, staff["officer"], staff["head"])
    client.force_login(staff["head"])
    response = client.post(f"/staff/approvals/{pending.pk}/", {"decision": "refuse", "note": "理由不充分"})
    assert response.status_code == 302
    assert due(case) == before
    assert PendingApproval.objects.get(pk=pending.pk).status == ApprovalStatus.REFUSED
    with pytest.raises(engine.ApprovalRefused):
        engine.confirm(pending, actor=staff["head"])
    assert due(case) == before


def test_an_extension_over_the_cap_is_refused_when_asked(staff):
    case = reviewing(staff)
    with pytest.raises(engine.GuardFailed, match="最多延长30日"):
        extend(case, staff["officer"], staff["head"], days=31)
    assert not PendingApproval.objects.exists()


def test_the_screen_says_the_extension_waits_for_the_approver(staff, client):
    case = reviewing(staff)
    client.force_login(staff["officer"])
    response = client.post(
        f"/staff/reconsideration/{case.pk}/transition/extend/",
        {"expected_version": case.version, "days": 10, "reason": "案情复杂", "approver": staff["head"].pk},
        follow=True,
    )
    assert "待" in response.content.decode() and "本人确认后生效" in response.content.decode()
    assert PendingApproval.objects.filter(approver=staff["head"]).count() == 1
