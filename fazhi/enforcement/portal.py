"""Public 行政执法 pages (ADR 0015), mounted at /enforcement/ by urls_portal.py: the 事前公开 registers
(portal_lists.py) and 行政处罚决定公开 (事后公开, portal_penalty.py)."""

from fazhi.enforcement.portal_lists import REGISTERS
from fazhi.enforcement.portal_penalty import PUBLISHED, SUMMARY
from fazhi.portal.kit import DomainPortal, Section

PORTAL = DomainPortal(
    namespace="enforcement_portal",
    title="行政执法公示",
    scope="enforcement",
    office="行政执法机关",
    registers=REGISTERS,
    published=PUBLISHED,
    section=Section(
        description="行政执法主体、执法人员、权责清单、行政处罚裁量基准和免罚清单的事前公开；行政处罚决定的事后公开。",
        order=30,
        summary=SUMMARY,
    ),
)
