"""行政应诉 staff routes, mounted by fazhi.web.urls before its generic routes (names: ``web:…``)."""

from django.urls import path

from fazhi.litigation import staff_views as views

urlpatterns = [
    path(
        "judicial-recommendations/<int:pk>/reply/",
        views.recommendation_reply_view,
        name="recommendation-reply",
    ),
]
