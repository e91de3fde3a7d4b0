"""Who may reach the 行政执法 portal routes (docs/security.md 9): the portal kit's routes, all public —
事前公开 of the 执法主体, 执法人员, 权责清单, 裁量基准 and 免罚清单 (国办发〔2018〕118号). Its staff pages
are the shell's generic ones."""

from fazhi.core.urlpolicy import declare
from fazhi.enforcement.portal import PORTAL

declare(PORTAL.url_rules())
from fazhi.enforcement import urlpolicy_review as _review  # noqa: E402,F401  (案卷评查)
