"""Public 行政复议 pages, mounted at /reconsideration/ by the portal (fazhi/portal/urls.py finds every app's urls_portal)."""

from django.urls import path

from fazhi.reconsideration import portal

app_name = "reconsideration_portal"

urlpatterns = [
    path("", portal.index, name="index"),
    path("apply/", portal.apply, name="apply"),
    path("query/", portal.query, name="query"),
    path("decisions/", portal.decisions, name="decisions"),
    path("decisions/<int:pk>/", portal.decision, name="decision"),
]
