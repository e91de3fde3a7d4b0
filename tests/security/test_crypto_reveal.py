"""docs/security.md 11: identifiers are masked on staff pages and absent from the API; 查看明文 needs a
role that may see them and a reason, respects data scope, and writes exactly one audit row."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from fazhi.core.access import AccessDenied
from fazhi.core.audit.models import AuditEvent
from fazhi.core.audit.services import verify_chain
from fazhi.core.crypto import reveal as reveal_service
from tests import factories
from tests.litigation import factories as lf
from tests.reconsideration import factories as rf

ID = rf.VALID_ID
PHONE = "13800138000"
ADDRESS = "示范市东区幸福路1号"
REASON = "电话通知申请人补正材料，需核对联系电话"


@pytest.fixture
def case(tree):
    officer = factories.user(tree["east_justice"])
    return rf.registered(tree["east_justice"], officer, dt.date(2026, 3, 2))


@pytest.fixture
def lawsuit(tree):
    officer = factories.user(tree["east_justice"])
    return lf.register(tree["east_justice"], officer)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(party, field: str) -> str:
    return f"/staff/reveal/{party._meta.label_lower}/{party.pk}/{field}/"


def _views():
    return AuditEvent.objects.filter(action="personal_data.view")


@pytest.mark.parametrize("role", ["reviewer", "leader"])
@pytest.mark.parametrize(("field", "value"), [("id_number", ID), ("phone", PHONE), ("address", ADDRESS)])
def test_reviewer_or_leader_sees_plaintext_with_a_reason_and_one_audit_row(tree, case, role, field, value):
    user = factories.user(tree["east_justice"], roles=(role,))
    party = case.parties.get()
    before = AuditEvent.objects.count()
    response = _client(user).post(_url(party, field), {"reason": REASON}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert value in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.count() == before + 1
    event = _views().get()
    assert (event.user_id, event.object_type, event.object_id) == (
        user.pk,
        "reconsideration.party",
        str(party.pk),
    )
    assert event.detail["reason"] == REASON and event.detail["field"] == field
    assert (
        value not in json.dumps(event.detail, ensure_ascii=False) + event.object_repr
    )  # the log stays clean
    assert verify_chain().ok


def test_litigation_party_is_revealed_through_the_lawsuit_scope(tree, lawsuit):
    reviewer = factories.user(tree["east_justice"], roles=("reviewer",))
    party = lawsuit.parties.get()
    response = _client(reviewer).post(_url(party, "id_number"), {"reason": REASON})
    assert response.status_code == 200 and lf.PERSON_ID in response.content.decode()
    assert _views().get().object_type == "litigation.party"


@pytest.mark.parametrize("reason", ["", "   ", "看看"])
def test_missing_or_empty_reason_is_refused_and_reveals_nothing(tree, case, reason):
    reviewer = factories.user(tree["east_justice"], roles=("reviewer",))
    response = _client(reviewer).post(_url(case.parties.get(), "id_number"), {"reason": reason})
    assert response.status_code == 400
    body = response.content.decode()
    assert "请填写查看明文的事由" in body and ID not in body
    assert not _views().exists()


def test_reviewer_of_another_department_gets_404(tree, case):
    west_reviewer = factories.user(tree["west_justice"], roles=("reviewer",))
    response = _client(west_reviewer).post(_url(case.parties.get(), "id_number"), {"reason": REASON})
    assert response.status_code == 404
    assert ID not in response.content.decode() and not _views().exists()


def test_officer_of_another_department_gets_404(tree, case):
    west_officer = factories.user(tree["west_justice"], roles=("officer",))
    response = _client(west_officer).post(_url(case.parties.get(), "phone"), {"reason": REASON})
    assert response.status_code == 404 and not _views().exists()


@pytest.mark.parametrize("roles", [("officer",), ("supervisor",), ("sysadmin",), ("auditadmin",)])
def test_roles_without_permission_are_refused(tree, case, roles):
    user = factories.user(tree["east_justice"], roles=roles)
    response = _client(user).post(_url(case.parties.get(), "id_number"), {"reason": REASON})
    assert response.status_code in (403, 404)
    assert ID not in response.content.decode() and not _views().exists()


def test_the_service_itself_checks_scope_before_role(tree, case):
    """The view's own checks, independent of the URL permission table in front of it."""
    party = case.parties.get()
    east_officer = factories.user(tree["east_justice"], roles=("officer",))
    west_reviewer = factories.user(tree["west_justice"], roles=("reviewer",))
    with pytest.raises(PermissionDenied):
        reveal_service.reveal(east_officer, "reconsideration.party", party.pk, "id_number", REASON)
    with pytest.raises(AccessDenied):
        reveal_service.reveal(west_reviewer, "reconsideration.party", party.pk, "id_number", REASON)
    assert not _views().exists()


def test_anonymous_get_and_unknown_targets_reveal_nothing(tree, case):
    party = case.parties.get()
    assert Client().post(_url(party, "id_number"), {"reason": REASON}).status_code in (302, 401, 403, 404)
    reviewer = _client(factories.user(tree["east_justice"], roles=("reviewer",)))
    assert reviewer.get(_url(party, "id_number")).status_code == 405
    for url in (
        _url(party, "name"),  # not an encrypted field
        _url(party, "id_number_index"),
        f"/staff/reveal/core.user/{party.pk}/username/",
        f"/staff/reveal/reconsideration.party/{party.pk + 999}/id_number/",
        f"/staff/reveal/nosuch.model/{party.pk}/id_number/",
    ):
        assert reviewer.post(url, {"reason": REASON}).status_code == 404, url
    assert not _views().exists()


def test_detail_pages_show_masked_values_and_the_reveal_form_only_to_allowed_roles(tree, case, lawsuit):
    reviewer = _client(factories.user(tree["east_justice"], roles=("reviewer",)))
    officer = _client(factories.user(tree["east_justice"], roles=("officer",)))
    for url, ident in (
        (f"/staff/reconsideration/{case.pk}/", ID),
        (f"/staff/lawsuits/{lawsuit.pk}/", lf.PERSON_ID),
    ):
        for client, has_form in ((reviewer, True), (officer, False)):
            body = client.get(url).content.decode()
            assert ident not in body and PHONE not in body and "幸福路" not in body
            assert "138****8000" in body  # masked, still recognisable
            assert ("查看明文" in body and "/staff/reveal/" in body) == has_form
    assert not _views().exists()  # looking at a page reveals nothing


def test_api_schema_and_responses_carry_no_identifiers(tree, case, lawsuit):
    schema = Client().get("/api/v1/openapi.json").json()

    def properties(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    yield from value
                yield from properties(value)
        elif isinstance(node, list):
            for item in node:
                yield from properties(item)

    names = set(properties(schema))
    assert names and not names & {"id_number", "id_number_index", "phone", "address", "parties"}
    leader = _client(factories.user(tree["east_justice"], roles=("leader",)))
    for path in (
        "/api/v1/reconsideration-cases/",
        f"/api/v1/reconsideration-cases/{case.pk}",
        "/api/v1/lawsuits/",
        f"/api/v1/lawsuits/{lawsuit.pk}",
    ):
        response = leader.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert ID not in body and PHONE not in body and "幸福路" not in body


def test_the_audit_row_of_a_reveal_names_the_party_masked_never_in_full(tree, case):
    """Issue 10 item 12: auditadmin found "申请人：陶凯" by searching the audit log for 陶凯."""
    user = factories.user(tree["east_justice"], roles=("reviewer",))
    party = case.parties.get()
    type(party).objects.filter(pk=party.pk).update(name="陶凯")
    party.refresh_from_db()
    response = _client(user).post(_url(party, "phone"), {"reason": REASON}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    row = _views().get()
    assert row.object_repr.endswith(f"#{party.pk}（陶某）")
    assert not AuditEvent.objects.filter(object_repr__contains="陶凯").exists()
    assert "陶凯" not in json.dumps([e.detail for e in AuditEvent.objects.all()], ensure_ascii=False)
    assert verify_chain().ok


def test_an_organisation_party_keeps_its_name_in_the_audit_log(tree, case):
    from fazhi.core.audit.services import audit_repr

    party = case.parties.get()
    party.kind, party.name = "legal_person", "示范市某某有限公司"
    assert audit_repr(party).endswith("（示范市某某有限公司）")
