"""行政复议 staff routes, mounted by fazhi.web.urls before its generic routes (names: ``web:…``)."""

from django.urls import path

from fazhi.reconsideration import staff_views as views

urlpatterns = [
    path("reconsideration/new/", views.case_register_view, name="reconsideration-register"),
]
