"""Who may reach the 指标 routes: signed-in staff; the views check the readers' roles and the region
scope (docs/security.md 9)."""

from fazhi.core.urlpolicy import STAFF, declare, declare_body_limits
from fazhi.core.workflow.attachments import UPLOAD_BODY_BYTES

declare(
    {
        "web:indicators": STAFF,
        "web:indicators-compare": STAFF,
        "web:indicators-compare-export": STAFF,
        "web:indicators-run": STAFF,
        "web:indicators-job": STAFF,  # a 计算并保存 job's progress: the view checks role and region
        "web:indicators-catalogue": STAFF,
        "web:indicators-catalogue-new": STAFF,
        "web:indicators-reported-new": STAFF,
        "web:indicators-records": STAFF,
        "web:indicators-records-export": STAFF,
        # 各部门被复议被诉情况: the view shows a department's leader its own row, region staff every row
        "web:indicators-organisations": STAFF,
        "web:indicators-organisation-records": STAFF,
    }
)

declare_body_limits({"web:indicators-reported-new": UPLOAD_BODY_BYTES})  # a reported figure's source file
