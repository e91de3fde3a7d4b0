"""A generated check of every registered create/edit declaration (FormSpec): the page admits the
declared roles and no one else, shows every declared field and never a status; plus a meta-test
that the check catches a declaration the page does not honour."""

from __future__ import annotations

import pytest

from fazhi.core.models import DataScope
from fazhi.web import registry
from tests import factories
from tests.sampleapp import views_registration

views_registration.register()


def _with_forms():
    return [s for s in registry.all_specs() if s.form is not None and s.form.create_roles]


def _creator(tree, spec):
    """Someone of an organisation that may keep the record: one holding the model's
    ``organisation_function`` (a 行政处罚案件 is an enforcement body's: 东区市场监督管理局)."""
    function = getattr(spec.model, "organisation_function", "")
    org = next(
        o for o in (tree["east_justice"], tree["east_market"]) if not function or o.has_function(function)
    )
    return factories.user(org, roles=(spec.form.create_roles[0],), scope=DataScope.OWN)


def check_create_page(client, tree, spec) -> None:
    creator = _creator(tree, spec)
    client.force_login(creator)
    url = f"/staff/{spec.slug}/new/"
    page = client.get(url)
    assert page.status_code == 200, url
    body = page.content.decode()
    for name in spec.form.field_names:
        assert f'name="{name}"' in body, (spec.slug, name)
    for inline in spec.form.inlines:
        if inline.on_create_page:
            assert f'name="{inline.name}-TOTAL_FORMS"' in body, (spec.slug, inline.name)
    assert 'name="status"' not in body and 'name="version"' not in body
    assert f'href="{url}"' in client.get(f"/staff/{spec.slug}/").content.decode()
    others = [r for r in ("officer", "reviewer", "leader", "supervisor") if r not in spec.form.create_roles]
    for roles in [(r,) for r in others] + [("sysadmin",)]:
        outsider = factories.user(tree["east_justice"], roles=roles)
        client.force_login(outsider)
        assert client.get(url).status_code == 404, (spec.slug, roles)
        assert client.post(url, {}).status_code == 404, (spec.slug, roles)
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


@pytest.mark.parametrize("spec", _with_forms(), ids=lambda s: s.slug)
def test_every_declared_create_page(client, tree, spec):
    check_create_page(client, tree, spec)


def test_the_check_catches_a_page_that_admits_a_role_it_does_not_declare(client, tree, monkeypatch):
    spec = registry.get("sample-officers")
    # A broken page: the role check always passes.
    monkeypatch.setattr(type(spec.form), "may_create", lambda self, user, model=None: user.is_authenticated)
    with pytest.raises(AssertionError):
        check_create_page(client, tree, spec)


def test_the_domains_declare_their_registration_pages():
    slugs = {s.slug for s in _with_forms()}
    assert {"lawsuits", "judicial-recommendations", "reconsideration"} <= slugs
