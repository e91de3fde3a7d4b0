"""Registering cases: numbering, parties, validation, data scope, query codes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.audit.models import AuditEvent
from fazhi.core.kit.querycode import QUERY_ALPHABET
from fazhi.core.workflow import engine
from fazhi.reconsideration.models import ReconsiderationCase
from tests import factories
from tests.reconsideration import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree):
    return factories.user(tree["east_justice"], roles=("officer",))


def test_case_numbers_run_per_organisation_and_year(tree, officer):
    west = factories.user(tree["west_justice"], roles=("officer",))
    a = rf.registered(tree["east_justice"], officer, dt.date(2025, 12, 30))
    b = rf.registered(tree["east_justice"], officer, dt.date(2026, 1, 5))
    c = rf.registered(tree["east_justice"], officer, dt.date(2026, 1, 6))
    d = rf.registered(tree["west_justice"], west, dt.date(2026, 1, 6))
    assert [x.case_number for x in (a, b, c, d)] == [
        "东区司法复〔2025〕1号",
        "东区司法复〔2026〕1号",
        "东区司法复〔2026〕2号",
        "西区司法复〔2026〕1号",
    ]


def test_registration_records_parties_and_starts_the_review(tree, officer):
    case = rf.registered(
        tree["east_justice"],
        officer,
        dt.date(2026, 3, 2),
        parties=[
            rf.applicant("李四"),
            {
                "role": "applicant",
                "kind": "organisation",
                "name": "东区某某商贸有限公司",
                "uscc": "91110000600037341L",
            },
            {
                "role": "agent",
                "kind": "person",
                "name": "王律师",
                "phone": "0771-1234567",
                "represents_index": 0,
            },
        ],
    )
    assert case.status == "review" and case.applicant_names == "李四、东区某某商贸有限公司"
    agent = case.parties.get(role="agent")
    assert agent.represents.name == "李四"
    assert engine.history(case).get().transition == "register"
    assert AuditEvent.objects.filter(action="record.create", object_id=str(case.pk)).exists()


@pytest.mark.parametrize(
    "party, message",
    [
        (rf.applicant(id_number="110105194912310021"), "公民身份号码"),
        (rf.applicant(phone="12345"), "联系电话"),
        (
            {"role": "applicant", "kind": "organisation", "name": "某公司", "uscc": "91110000600037341A"},
            "统一社会信用代码",
        ),
        (
            {"role": "applicant", "kind": "organisation", "name": "某公司", "id_number": rf.VALID_ID},
            "统一社会信用代码",
        ),
        ({"role": "third_party", "kind": "person", "name": "赵六"}, "至少应有一名申请人"),
    ],
)
def test_invalid_parties_are_refused_and_nothing_is_saved(tree, officer, party, message):
    with pytest.raises(ValidationError) as excinfo:
        rf.registered(tree["east_justice"], officer, dt.date(2026, 3, 2), parties=[party])
    assert message in str(excinfo.value)
    assert not ReconsiderationCase.objects.exists()


def test_an_officer_cannot_register_for_another_county(tree, officer):
    with pytest.raises(engine.NotPermitted):
        rf.registered(tree["west_justice"], officer, dt.date(2026, 3, 2))
    assert not ReconsiderationCase.objects.exists()


def test_query_codes_are_long_random_and_unique(tree, officer):
    codes = {rf.registered(tree["east_justice"], officer, dt.date(2026, 3, 2)).query_code for _ in range(5)}
    assert len(codes) == 5
    assert all(len(c) == 12 and set(c) <= set(QUERY_ALPHABET) for c in codes)
