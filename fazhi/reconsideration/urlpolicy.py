"""Who may reach the 行政复议 routes (SECURITY.md 9)."""

from fazhi.core.models import RoleCode
from fazhi.core.urlpolicy import PUBLIC, declare

declare(
    {
        "portal:reconsideration_portal:index": PUBLIC,
        "portal:reconsideration_portal:apply": PUBLIC,  # 行政复议申请 online (行政复议法 art. 22)
        "portal:reconsideration_portal:query": PUBLIC,  # progress by query code
        "portal:reconsideration_portal:decisions": PUBLIC,  # published decisions (art. 79)
        "portal:reconsideration_portal:decision": PUBLIC,
        # registration: officers and reviewers of an organisation
        "web:reconsideration-register": (RoleCode.OFFICER, RoleCode.REVIEWER),
    }
)
