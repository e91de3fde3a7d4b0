"""信息公开审核 staff routes, mounted by fazhi.web.urls before its generic routes (names: ``web:…``)."""

from django.urls import path

from fazhi.core.publication import views

urlpatterns = [
    path("publication-review/", views.review_view, name="publication-review"),
    path("publication-review/<int:pk>/approve/", views.approve_view, name="publication-approve"),
    path("publication-review/<int:pk>/withdraw/", views.withdraw_view, name="publication-withdraw"),
]
