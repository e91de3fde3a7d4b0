"""The staff screen 信息公开审核 (/staff/publication-review/): held publications with the flagged
passages highlighted in the masked preview, approval by a 法制审核人员, withdrawal with a public notice
(docs/security.md 11, 17–20), role and data-scope checks, one audit row per action."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from fazhi.core.audit.models import AuditEvent
from fazhi.core.models import DataScope
from fazhi.core.publication.models import Publication, PublicationStatus
from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories
from tests.publication_helpers import approve
from tests.security.test_publication_rules import (
    APPLICANT_ID,
    APPLICANT_PHONE,
    _served_case,
    assert_public_page_clean,
)

pytestmark = pytest.mark.django_db

REVIEW = "/staff/publication-review/"
HELD_REQUESTS = f"请求撤销该处罚。申请人张三，身份证号{APPLICANT_ID}，联系电话{APPLICANT_PHONE}。"


@pytest.fixture
def reviewer(tree):
    return factories.user(tree["east_justice"], roles=("officer", "reviewer"), full_name="王林")


@pytest.fixture
def leader(tree):
    return factories.user(tree["east_justice"], roles=("leader",), full_name="周强")


@pytest.fixture
def supervisor(tree):
    return factories.user(tree["east_gov"], roles=("supervisor",), scope=DataScope.REGION, full_name="吴敏")


@pytest.fixture
def served(tree, reviewer, django_capture_on_commit_callbacks):
    def _serve(**kw) -> Publication:
        with django_capture_on_commit_callbacks(execute=True):
            case = _served_case(tree, reviewer, **kw)
        return Publication.objects.get(subject_id=case.pk, kind="reconsideration.decision")

    return _serve


@pytest.fixture
def held(served):
    pub = served(requests=HELD_REQUESTS)
    assert pub.status == PublicationStatus.PENDING_REVIEW
    return pub


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def portal_decision(pub) -> int:
    return Client().get(f"/reconsideration/decisions/{pub.pk}/").status_code


def audit_rows(action):
    return list(AuditEvent.objects.filter(action=action).values_list("user_id", "object_id"))


def test_pending_item_shows_the_reasons_and_the_masked_preview_with_flagged_passages(held, reviewer):
    html = client_for(reviewer).get(REVIEW).content.decode()
    assert held.title in html
    assert "待审核原因" in html and "公民身份号码" in html and "手机号码" in html
    # The flagged passages, masked as the portal would show them, are marked in the free text.
    preview = html.split('<dl class="preview">', 1)[1].split("</dl>", 1)[0]
    marked = re.findall(r'<mark class="flagged">([^<]+)</mark>', preview)
    assert held.values["text"].count("张某") >= 1
    assert any(m.startswith(APPLICANT_ID[0]) and m.endswith(APPLICANT_ID[-1]) and "*" in m for m in marked)
    assert any(m.startswith(APPLICANT_PHONE[:3]) and "****" in m for m in marked)
    assert "张某" in marked
    assert "审核通过，予以公开" in html
    assert_public_page_clean(html)  # no ID number, phone, address or party name in plaintext


@pytest.mark.parametrize("who", ["reviewer", "leader", "supervisor"])
def test_no_role_sees_unmasked_personal_data_on_the_review_screen(held, who, request):
    user = request.getfixturevalue(who)
    for status in ("pending_review", "published", "withdrawn"):
        response = client_for(user).get(REVIEW, {"status": status})
        assert response.status_code == 200
        assert_public_page_clean(response.content.decode())
    assert held.title in client_for(user).get(REVIEW).content.decode()


def test_approve_puts_it_on_the_portal_with_one_audit_row(held, reviewer):
    assert portal_decision(held) == 404
    response = client_for(reviewer).post(f"{REVIEW}{held.pk}/approve/", follow=True)
    assert "已批准公开" in response.content.decode()
    held.refresh_from_db()
    assert held.status == PublicationStatus.PUBLISHED and held.reviewer == reviewer
    assert portal_decision(held) == 200
    listing = Client().get("/reconsideration/decisions/").content.decode()
    assert held.title in listing
    assert_public_page_clean(listing)
    assert audit_rows("publication.approve") == [(reviewer.pk, str(held.pk))]


def test_only_a_reviewer_approves_and_others_get_404(held, leader, supervisor, tree):
    west_reviewer = factories.user(tree["west_justice"], roles=("reviewer",))
    officer = factories.user(tree["east_justice"], roles=("officer",))
    for user in (leader, supervisor, west_reviewer, officer):
        assert client_for(user).post(f"{REVIEW}{held.pk}/approve/").status_code == 404, user.roles
    assert Client().post(f"{REVIEW}{held.pk}/approve/").status_code == 302  # to the login page
    held.refresh_from_db()
    assert held.status == PublicationStatus.PENDING_REVIEW
    assert portal_decision(held) == 404
    assert audit_rows("publication.approve") == []
    assert "审核通过，予以公开" not in client_for(leader).get(REVIEW).content.decode()


def test_staff_without_a_review_role_or_outside_the_scope_do_not_see_it(held, tree):
    officer = factories.user(tree["east_justice"], roles=("officer",))
    admin = factories.user(None, roles=("sysadmin",))
    for user in (officer, admin):
        assert client_for(user).get(REVIEW).status_code == 404
        assert "信息公开审核" not in client_for(user).get("/staff/").content.decode()
    west_reviewer = factories.user(tree["west_justice"], roles=("reviewer",))
    html = client_for(west_reviewer).get(REVIEW).content.decode()
    assert held.title not in html and "待审核（0）" in html
    assert Client().get(REVIEW).status_code == 302


def test_review_section_is_in_the_staff_navigation_of_reviewers(held, reviewer):
    html = client_for(reviewer).get("/staff/").content.decode()
    assert f'href="{REVIEW}"' in html and "信息公开审核" in html


def test_withdraw_leaves_a_public_notice_and_removes_the_document(served, leader):
    pub = approve(served())
    assert pub.status == PublicationStatus.PUBLISHED and portal_decision(pub) == 200
    text = pub.values["text"]
    reason = "法院判决撤销本复议决定，申请人张三的请求另行处理。"

    response = client_for(leader).post(f"{REVIEW}{pub.pk}/withdraw/", {"reason": reason}, follow=True)

    assert "已撤回公开" in response.content.decode()
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.WITHDRAWN
    assert "张某" in pub.withdrawal_notice and "张三" not in pub.withdrawal_notice  # names masked
    page = Client().get(f"/reconsideration/decisions/{pub.pk}/").content.decode()
    assert "撤回公开" in page and "法院判决撤销本复议决定" in page
    assert text.splitlines()[0] not in page  # the document itself is gone
    listing = Client().get("/reconsideration/decisions/").content.decode()
    assert "法院判决撤销本复议决定" in listing
    assert not Publication.objects.public().filter(pk=pub.pk).exists()
    assert_public_page_clean(page + listing)
    assert audit_rows("publication.withdraw") == [(leader.pk, str(pub.pk))]
    assert (
        "法院判决撤销本复议决定" in client_for(leader).get(REVIEW, {"status": "withdrawn"}).content.decode()
    )


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("   ", "撤回公开应当说明理由"),
        (f"申请人身份证号{APPLICANT_ID}有误", "不得含有个人信息"),
        (f"请致电{APPLICANT_PHONE}", "不得含有个人信息"),
    ],
)
def test_withdraw_without_a_proper_reason_changes_nothing(served, reviewer, reason, error):
    pub = approve(served())
    response = client_for(reviewer).post(f"{REVIEW}{pub.pk}/withdraw/", {"reason": reason}, follow=True)
    html = response.content.decode()
    assert error in html and "未撤回" in html
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED and pub.withdrawal_notice == ""
    assert portal_decision(pub) == 200
    assert audit_rows("publication.withdraw") == []


def test_withdraw_is_refused_to_other_roles_and_other_departments(served, supervisor, tree):
    pub = approve(served())
    west_leader = factories.user(tree["west_justice"], roles=("leader",))
    officer = factories.user(tree["east_justice"], roles=("officer",))
    for user in (supervisor, west_leader, officer):
        response = client_for(user).post(f"{REVIEW}{pub.pk}/withdraw/", {"reason": "错误公开"})
        assert response.status_code == 404, user.roles
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED
    assert ReconsiderationCase.objects.filter(pk=pub.subject_id).exists()
    assert audit_rows("publication.withdraw") == []


def test_a_held_item_cannot_be_withdrawn_from_the_screen_nor_approved_twice(held, reviewer):
    client = client_for(reviewer)
    html = client.post(f"{REVIEW}{held.pk}/withdraw/", {"reason": "不公开"}, follow=True).content.decode()
    assert "只有已公开的信息可以撤回" in html
    client.post(f"{REVIEW}{held.pk}/approve/")
    html = client.post(f"{REVIEW}{held.pk}/approve/", follow=True).content.decode()
    assert "无需审核" in html
    assert len(audit_rows("publication.approve")) == 1


def test_a_clean_decision_is_held_too_and_the_reviewer_is_told_to_read_it(served, reviewer):
    pub = served()
    assert pub.status == PublicationStatus.PENDING_REVIEW and pub.findings == []
    assert portal_decision(pub) == 404
    html = client_for(reviewer).get(REVIEW).content.decode()
    item = html.split(f'id="publication-{pub.pk}"')[1]
    assert "自动检查未发现个人信息" in item and "审核通过，予以公开" in item
    client_for(reviewer).post(f"{REVIEW}{pub.pk}/approve/")
    assert portal_decision(pub) == 200


def test_the_reviewers_todo_lists_each_held_publication_until_it_is_approved(held, reviewer, leader):
    """待办 (docs/security.md 18: held until a reviewer approves): the 法制审核人员 sees the held
    decision with a link to its masked preview; the 分管领导, who cannot approve, does not; once
    approved it leaves the list."""
    page = client_for(reviewer).get("/staff/").content.decode()
    link = f'href="{REVIEW}#publication-{held.pk}"'
    assert link in page and f"《{held.title}》待审核公开" in page and "待审核公开" in page
    assert f"《{held.title}》待审核公开" not in client_for(leader).get("/staff/").content.decode()
    client_for(reviewer).post(f"{REVIEW}{held.pk}/approve/")
    held.refresh_from_db()
    assert held.status == PublicationStatus.PUBLISHED
    assert link not in client_for(reviewer).get("/staff/").content.decode()
