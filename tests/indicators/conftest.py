"""Fixtures of tests/indicators: the seed 000 cases (shared with tests/reports, defined in
tests/fixtures_seed000.py) and the supervisors who read the figures."""

import pytest

from fazhi.core.models import DataScope
from tests import factories
from tests.fixtures_seed000 import seed000  # noqa: F401  (the shared fixture)


@pytest.fixture
def supervisor(tree):
    """依法治县办, 东区, whole-region data scope."""
    return factories.user(
        tree["east_gov"], roles=("supervisor",), scope=DataScope.REGION, full_name="依法治县办"
    )


@pytest.fixture
def city_supervisor(tree):
    """依法治市办: the city and both its counties."""
    city_gov = factories.organisation("示范市人民政府", tree["city"], kind="government")
    return factories.user(city_gov, roles=("supervisor",), scope=DataScope.REGION, full_name="依法治市办")
