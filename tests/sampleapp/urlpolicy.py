"""The test-only matter's portal routes: all public (the kit's rule for them)."""

from fazhi.core.urlpolicy import declare
from tests.sampleapp.portal import PORTAL

declare(PORTAL.url_rules())
