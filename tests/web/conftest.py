import pytest

from tests import factories
from tests.sampleapp import views_registration

SPEC = views_registration.register()


@pytest.fixture
def sample_spec():
    return SPEC


@pytest.fixture
def login(client):
    """Sign a user in through the real login form."""

    def _login(user):
        response = client.post("/staff/login/", {"username": user.username, "password": factories.PASSWORD})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return _login


@pytest.fixture
def make_matter():
    from fazhi.core.workflow import engine
    from tests.sampleapp.models import SampleMatter

    def _make(org, actor, title="不服罚款决定", applicant="张三", **kw):
        return engine.create(
            SampleMatter, actor=actor, title=title, applicant=applicant, organisation=org, **kw
        )

    return _make


@pytest.fixture
def people(tree):
    """Officer A (东区司法局), officer B (东区市场监督管理局, another department of the same county)."""
    return {
        "a": factories.user(
            tree["east_justice"], roles=("officer", "reviewer"), username="officer_a", full_name="王林"
        ),
        "b": factories.user(
            tree["east_market"], roles=("officer", "reviewer"), username="officer_b", full_name="李梅"
        ),
    }
