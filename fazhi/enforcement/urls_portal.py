"""Public 行政执法 pages, mounted at /enforcement/ by the portal (fazhi/portal/urls.py finds every app's
urls_portal); the routes are the portal kit's, from the declaration in portal.py."""

from fazhi.enforcement.portal import PORTAL

app_name = PORTAL.namespace

urlpatterns = PORTAL.urlpatterns()
