"""Parties and the challenged act from the kit (issue 9 item 3): both domains derive from the
abstract bases, identifiers stay encrypted at rest and bound to the domain's own column, the
identifier is checked against the kind, and the act reads the same in every domain."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from fazhi.core import crypto
from fazhi.core.kit.parties import ChallengedActBase, PartyBase
from fazhi.core.models import DataScope
from fazhi.litigation.models import Lawsuit
from fazhi.litigation.models import Party as LitigationParty
from fazhi.reconsideration.models import Party as ReconsiderationParty
from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories
from tests.litigation import factories as lf
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db

PERSON_ID = "11010519491231002X"  # GB 11643 worked example


def _raw(model, pk, column: str) -> str:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_both_domains_derive_from_the_kit():
    assert issubclass(ReconsiderationParty, PartyBase) and issubclass(LitigationParty, PartyBase)
    assert issubclass(ReconsiderationCase, ChallengedActBase) and issubclass(Lawsuit, ChallengedActBase)


@pytest.mark.parametrize("model", [ReconsiderationParty, LitigationParty])
def test_identifiers_stay_encrypted_at_rest_and_bound_to_the_domain_column(tree, model):
    officer = factories.user(tree["east_gov"], roles=("officer", "reviewer"), scope=DataScope.SUBTREE)
    if model is ReconsiderationParty:
        owner = {"case": rf.new_case(tree["east_justice"], officer, dt.date(2026, 3, 2))}
    else:
        owner = {"lawsuit": lf.lawsuit(tree["east_market"], officer)}
    party = model.objects.create(
        kind="person", name="张三", id_number=PERSON_ID, phone="13800138000", **owner
    )
    stored = _raw(model, party.pk, "id_number")
    assert stored.startswith("v1:") and PERSON_ID not in stored
    assert crypto.decrypt(stored, f"{model._meta.label_lower}.id_number") == PERSON_ID
    assert model.objects.get(pk=party.pk).id_number == PERSON_ID
    assert list(model.objects.filter_by_identifier("id_number", PERSON_ID.lower())) == [party]


def test_the_identifier_is_checked_against_the_kind(tree):
    officer = factories.user(tree["east_gov"], roles=("officer",), scope=DataScope.SUBTREE)
    suit = lf.lawsuit(tree["east_market"], officer)
    with pytest.raises(ValidationError) as person:
        LitigationParty(lawsuit=suit, kind="person", name="张三", id_number="110105194912310021").full_clean()
    assert "id_number" in person.value.message_dict
    with pytest.raises(ValidationError) as company:
        LitigationParty(lawsuit=suit, kind="organisation", name="某公司", id_number=PERSON_ID).full_clean()
    assert "id_number" in company.value.message_dict
    ok = LitigationParty(lawsuit=suit, kind="person", name="张三", id_number=PERSON_ID.lower())
    ok.full_clean()
    assert ok.id_number == PERSON_ID and ok.is_person


def test_the_challenged_act_reads_the_same_in_both_domains(tree):
    officer = factories.user(tree["east_gov"], roles=("officer",), scope=DataScope.SUBTREE)
    suit = lf.lawsuit(
        tree["east_market"],
        officer,
        act_document_number="东市监罚〔2026〕12号",
        act_date=dt.date(2026, 1, 5),
        act_organisation=tree["east_market"],
    )
    assert suit.act_document_number == "东市监罚〔2026〕12号"
    assert _raw(Lawsuit, suit.pk, "act_number") == "东市监罚〔2026〕12号"  # the column kept its name
    assert suit.act_summary == "行政处罚（东市监罚〔2026〕12号，2026-01-05作出）"
    recon = rf.new_case(
        tree["east_justice"], officer, dt.date(2026, 3, 2), act_document_number="东市监罚〔2026〕12号"
    )
    assert recon.act_summary == "行政处罚（东市监罚〔2026〕12号）"
    assert Lawsuit.objects.get(pk=suit.pk).act_organisation == tree["east_market"]


def test_an_act_description_written_as_a_sentence_is_cited_without_its_party_words():
    """Issue 11 item 13: “作出的被申请人作出的罚款…”, “其他行政行为行为”, “…作出的原告不服被告作出的
    行政行为…” — the document says who made the act; the description says what it decided."""
    from fazhi.core.kit.parties import act_named

    assert act_named("被申请人作出的罚款五千元的行政处罚决定。", "行政处罚") == "罚款五千元的行政处罚决定"
    assert act_named("作出的罚款五千元的行政处罚决定", "行政处罚") == "罚款五千元的行政处罚决定"
    assert act_named("被申请人作出的其他行政行为行为", "其他行政行为") == "其他行政行为"
    assert act_named("原告不服被告作出的行政行为，请求人民法院依法审理。", "行政处罚") == "行政处罚"
    assert act_named("", "other") == act_named("", "") == "行政行为"
