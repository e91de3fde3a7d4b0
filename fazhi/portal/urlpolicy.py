"""The public portal's own routes are public (SECURITY.md 9); domains declare their portal routes."""

from fazhi.core.urlpolicy import PUBLIC, declare

declare({"portal:home": PUBLIC, "portal:search": PUBLIC})
