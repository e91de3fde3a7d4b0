"""Who may reach the 年度报告 routes: signed-in staff; the views check the writers' and signers'
roles and the region scope (SECURITY.md 9)."""

from fazhi.core.urlpolicy import STAFF, declare

declare(
    {
        "web:annual-reports": STAFF,
        "web:annual-report": STAFF,
        "web:annual-report-part": STAFF,
        "web:annual-report-particulars": STAFF,
        "web:annual-report-download": STAFF,
        "web:annual-report-sign-off": STAFF,
    }
)
