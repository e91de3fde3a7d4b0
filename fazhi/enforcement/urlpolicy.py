"""Who may reach the 行政执法 portal routes (docs/security.md 9): the portal kit's, all public
(行政处罚决定公开)."""

from fazhi.core.urlpolicy import declare
from fazhi.enforcement.portal_penalty import PENALTY_PORTAL

declare(PENALTY_PORTAL.url_rules())
