"""Who may reach the 行政复议 portal routes (SECURITY.md 9); its staff pages are the shell's generic ones."""

from fazhi.core.urlpolicy import PUBLIC, declare

declare(
    {
        "portal:reconsideration_portal:index": PUBLIC,
        "portal:reconsideration_portal:apply": PUBLIC,  # 行政复议申请 online (行政复议法 art. 22)
        "portal:reconsideration_portal:query": PUBLIC,  # progress by query code
        "portal:reconsideration_portal:decisions": PUBLIC,  # published decisions (art. 79)
        "portal:reconsideration_portal:decision": PUBLIC,
    }
)
