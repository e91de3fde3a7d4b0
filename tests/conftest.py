import pytest

from tests import factories


@pytest.fixture
def tree(db):
    """Regions, organisations and staff in two counties of one city."""
    city, east, west = factories.county_tree()
    east_gov = factories.organisation("东区人民政府", east, kind="government")
    east_justice = factories.organisation(
        "东区司法局", east, parent=east_gov, functions=factories.JUSTICE_FUNCTIONS
    )
    east_market = factories.organisation(
        "东区市场监督管理局", east, parent=east_gov, is_enforcement_body=True
    )
    west_gov = factories.organisation("西区人民政府", west, kind="government")
    west_justice = factories.organisation(
        "西区司法局", west, parent=west_gov, functions=factories.JUSTICE_FUNCTIONS
    )
    return {
        "city": city,
        "east": east,
        "west": west,
        "east_gov": east_gov,
        "east_justice": east_justice,
        "east_market": east_market,
        "west_gov": west_gov,
        "west_justice": west_justice,
    }


@pytest.fixture(autouse=True)
def _own_audit_checkpoints(settings, tmp_path_factory):
    """Each test gets its own (empty) audit head checkpoint folder: a checkpoint one test writes must
    not be checked against another test's database."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path_factory.mktemp("audit-checkpoints")
