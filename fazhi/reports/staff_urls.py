"""年度报告 staff routes, mounted by fazhi.web.urls before its generic routes (names: ``web:…``)."""

from django.urls import path

from fazhi.reports import views

urlpatterns = [
    path("annual-reports/", views.list_view, name="annual-reports"),
    path("annual-reports/<int:pk>/", views.detail_view, name="annual-report"),
    path("annual-reports/<int:pk>/parts/<slug:key>/", views.part_view, name="annual-report-part"),
    path("annual-reports/<int:pk>/draft/", views.draft_view, name="annual-report-draft"),
    path("annual-reports/<int:pk>/particulars/", views.particulars_view, name="annual-report-particulars"),
    path("annual-reports/<int:pk>/generate/", views.generate_view, name="annual-report-generate"),
    path("annual-reports/jobs/<int:pk>/", views.job_view, name="annual-report-job"),
    path(
        "annual-reports/jobs/<int:pk>/download/", views.job_download_view, name="annual-report-job-download"
    ),
    path("annual-reports/<int:pk>/sign-off/", views.sign_off_view, name="annual-report-sign-off"),
]
