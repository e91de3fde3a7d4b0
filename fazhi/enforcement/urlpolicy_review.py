"""Who may reach 案卷评查's own route: staff (roles and data scope checked in the view)."""

from fazhi.core.urlpolicy import STAFF, declare

declare({"web:enforcement-review-draw": STAFF})
