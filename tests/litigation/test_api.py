"""The lawsuit as the API gives it: the challenged act's 文书号 under its stable name ``act_number``,
the outcome and whether it was lost; no plaintiff's 身份证号, phone or address (docs/security.md 11)."""

import pytest
from django.test import Client

from tests import factories
from tests.litigation import factories as lf

pytestmark = pytest.mark.django_db


def test_the_api_shows_the_act_and_outcome_and_no_personal_data(tree):
    officer = factories.user(tree["east_market"], roles=("officer",))
    case = lf.register(tree["east_market"], officer, act_document_number="东市监罚〔2026〕12号")
    client = Client()
    client.force_login(officer)
    body = client.get(f"/api/v1/lawsuits/{case.pk}").json()
    assert body["act_number"] == "东市监罚〔2026〕12号"
    assert (body["outcome"], body["outcome_label"], body["lost"]) == ("", "", False)
    text = str(body)
    assert lf.PERSON_ID not in text and "13800138000" not in text
