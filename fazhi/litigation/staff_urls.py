"""行政应诉 staff routes, mounted by fazhi.web.urls before its generic routes (names: ``web:…``)."""

from django.urls import path

from fazhi.litigation import staff_views as views

urlpatterns = [
    path("lawsuits/new/", views.lawsuit_register_view, name="lawsuit-register"),
    path("lawsuits/<int:pk>/hearings/new/", views.hearing_add_view, name="lawsuit-hearing-add"),
    path(
        "lawsuits/<int:pk>/hearings/<int:hearing_pk>/appearances/new/",
        views.appearance_add_view,
        name="lawsuit-appearance-add",
    ),
    path(
        "lawsuits/<int:pk>/recommendations/new/",
        views.recommendation_add_view,
        name="lawsuit-recommendation-add",
    ),
    path("judicial-recommendations/new/", views.recommendation_add_view, name="recommendation-add"),
    path(
        "judicial-recommendations/<int:pk>/reply/",
        views.recommendation_reply_view,
        name="recommendation-reply",
    ),
]
