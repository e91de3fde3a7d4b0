"""The public portal's own routes are public (docs/security.md 9); domains declare their portal routes.
网上收件 is a staff screen (roles and data scope checked in :mod:`fazhi.portal.staff`)."""

from fazhi.core.urlpolicy import PUBLIC, STAFF, declare

declare(
    {
        "portal:home": PUBLIC,
        "portal:search": PUBLIC,
        "web:online-applications": STAFF,
        "web:online-application-register": STAFF,
        "web:online-application-discard": STAFF,
        "web:online-application-file": STAFF,
    }
)
