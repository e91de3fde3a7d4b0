"""Mounted under /staff/ by fazhi.web.urls (domain_patterns)."""

from django.urls import path

from fazhi.core.crypto import views

urlpatterns = [
    path("reveal/<str:model>/<int:pk>/<str:field>/", views.reveal_view, name="personal-data-reveal"),
]
