"""Public 行政执法 pages (ADR 0015), mounted at /enforcement/ by urls_portal.py: the 事前公开 registers
(portal_lists.py). A later 行政处罚决定公开 (``Published``) joins this one declaration."""

from fazhi.enforcement.portal_lists import REGISTERS
from fazhi.portal.kit import DomainPortal, Section

PORTAL = DomainPortal(
    namespace="enforcement_portal",
    title="行政执法公示",
    scope="enforcement",
    office="行政执法机关",
    registers=REGISTERS,
    section=Section(
        description="行政执法主体、执法人员、权责清单、行政处罚裁量基准和免罚清单的事前公开。",
        order=30,
    ),
)
