"""Who may reach the 行政应诉 staff forms: 承办人、法制审核人员、分管领导 (SECURITY.md 9)."""

from fazhi.core.models import RoleCode
from fazhi.core.urlpolicy import declare, declare_body_limits
from fazhi.core.workflow.attachments import UPLOAD_BODY_BYTES

CASE_EDITORS = (RoleCode.OFFICER, RoleCode.REVIEWER, RoleCode.LEADER)

declare(
    {
        "web:lawsuit-register": CASE_EDITORS,
        "web:lawsuit-hearing-add": CASE_EDITORS,
        "web:lawsuit-appearance-add": CASE_EDITORS,
        "web:lawsuit-recommendation-add": CASE_EDITORS,
        "web:recommendation-add": CASE_EDITORS,
        "web:recommendation-reply": CASE_EDITORS,
    }
)

declare_body_limits({"web:recommendation-reply": UPLOAD_BODY_BYTES})  # the reply carries its evidence file
