"""docs/security.md 1: login ids are unique regardless of case and full-width forms."""

import pytest
from django.db import IntegrityError, transaction

from fazhi.core.models import User
from tests import factories
from tests.security.identity_helpers import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("variant", ["ZhangSan", "ｚｈａｎｇｓａｎ", "ＺＨＡＮＧＳＡＮ", " zhangsan "])
def test_a_second_account_differing_only_in_case_or_width_is_refused(tree, variant):
    factories.user(tree["east_justice"], username="zhangsan")
    with pytest.raises(IntegrityError), transaction.atomic():
        User(username=variant, organisation=tree["east_justice"], roles=["officer"]).save()
    assert User.objects.count() == 1


@pytest.mark.parametrize("typed", ["zhangsan", "ZhangSan", "ｚｈａｎｇｓａｎ"])
def test_every_form_of_the_id_signs_in_to_the_one_account(client, tree, typed):
    user = factories.user(tree["east_justice"], username="zhangsan")
    assert login(client, typed).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
