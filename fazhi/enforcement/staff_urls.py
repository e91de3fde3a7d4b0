"""行政执法's staff routes beyond the generic pages, mounted by fazhi.web.urls (names: ``web:…``)."""

from django.urls import path

from fazhi.enforcement import views_review

urlpatterns = [
    path(
        "enforcement-review-plans/<int:pk>/draw/",
        views_review.draw_view,
        name="enforcement-review-draw",
    ),
]
