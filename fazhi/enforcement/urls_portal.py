"""Public 行政执法 pages, mounted at /enforcement/ by the portal; the routes are the portal kit's."""

from fazhi.enforcement.portal_penalty import PENALTY_PORTAL

app_name = PENALTY_PORTAL.namespace

urlpatterns = PENALTY_PORTAL.urlpatterns()
