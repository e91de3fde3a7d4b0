"""Who may reach the 行政复议 portal routes (docs/security.md 9): the portal kit's routes, all public —
网上申请 (《行政复议法》第二十二条), 进度查询 by 查询码, 决定书公开 (第七十九条). Its staff pages are the
shell's generic ones."""

from fazhi.core.urlpolicy import declare, declare_body_limits
from fazhi.reconsideration.portal import PORTAL

declare(PORTAL.url_rules())
declare_body_limits(PORTAL.body_limits())  # 网上申请 carries the applicant's files
