"""Public 行政复议 pages, mounted at /reconsideration/ by the portal (fazhi/portal/urls.py finds every
app's urls_portal); the routes are the portal kit's, from the declaration in portal.py."""

from fazhi.reconsideration.portal import PORTAL

app_name = PORTAL.namespace

urlpatterns = PORTAL.urlpatterns()
