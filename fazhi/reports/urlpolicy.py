"""Who may reach the 年度报告 routes: signed-in staff; the views check the writers' and signers'
roles and the region scope (docs/security.md 9)."""

from fazhi.core.urlpolicy import STAFF, declare

declare(
    {
        "web:annual-reports": STAFF,
        "web:annual-report": STAFF,
        "web:annual-report-part": STAFF,
        "web:annual-report-particulars": STAFF,
        "web:annual-report-draft": STAFF,
        "web:annual-report-generate": STAFF,
        "web:annual-report-job": STAFF,  # a generation's page: only who submitted it
        "web:annual-report-job-download": STAFF,
        "web:annual-report-sign-off": STAFF,
    }
)
