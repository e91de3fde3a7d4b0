"""Who may reach the 指标 routes: signed-in staff; the views check the readers' roles and the region
scope (SECURITY.md 9)."""

from fazhi.core.urlpolicy import STAFF, declare

declare(
    {
        "web:indicators": STAFF,
        "web:indicators-compare": STAFF,
        "web:indicators-compare-export": STAFF,
        "web:indicators-run": STAFF,
        "web:indicators-reported-new": STAFF,
        "web:indicators-records": STAFF,
        "web:indicators-records-export": STAFF,
    }
)
