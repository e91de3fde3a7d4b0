"""Test helpers for publications: every publication is held until a reviewer approves it
(docs/security.md 18 and 47), so a test that needs one on the portal approves it as a reviewer would."""

from __future__ import annotations

from fazhi.core.publication import services
from fazhi.core.publication.models import Publication
from tests import factories


def approve(pub: Publication, reviewer=None) -> Publication:
    """Approve ``pub``'s masked preview as a 法制审核人员 of its organisation (made if not given)."""
    reviewer = reviewer or factories.user(pub.organisation, roles=("reviewer",))
    services.approve(pub, actor=reviewer)
    pub.refresh_from_db()
    return pub
