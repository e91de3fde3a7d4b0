"""网上收件 staff routes, mounted by fazhi.web.urls before its generic routes (names: ``web:…``)."""

from django.urls import path

from fazhi.portal import staff

urlpatterns = [
    path("online-applications/", staff.intake_list, name="online-applications"),
    path("online-applications/<int:pk>/register/", staff.register_view, name="online-application-register"),
    path("online-applications/<int:pk>/discard/", staff.discard_view, name="online-application-discard"),
    path(
        "online-applications/<int:pk>/files/<int:file_pk>/",
        staff.file_view,
        name="online-application-file",
    ),
]
