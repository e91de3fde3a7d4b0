"""指标统计 staff routes, mounted by fazhi.web.urls before its generic routes (names: ``web:…``)."""

from django.urls import path

from fazhi.indicators import views, views_catalogue, views_compare, views_organisations

urlpatterns = [
    path("indicators/", views.dashboard_view, name="indicators"),
    path("indicators/compare/", views_compare.compare_view, name="indicators-compare"),
    path("indicators/compare/export/", views_compare.compare_export_view, name="indicators-compare-export"),
    path("indicators/catalogue/", views_catalogue.catalogue_view, name="indicators-catalogue"),
    path(
        "indicators/catalogue/new/", views_catalogue.county_figure_new_view, name="indicators-catalogue-new"
    ),
    path(
        "indicators/organisations/", views_organisations.organisations_view, name="indicators-organisations"
    ),
    path(
        "indicators/organisations/<int:organisation_id>/<str:code>/records/",
        views_organisations.organisation_records_view,
        name="indicators-organisation-records",
    ),
    path("indicators/run/", views.run_view, name="indicators-run"),
    path("indicators/jobs/<int:pk>/", views.job_view, name="indicators-job"),
    path("indicators/reported/new/", views.reported_new_view, name="indicators-reported-new"),
    path("indicators/<str:code>/records/", views.records_view, name="indicators-records"),
    path(
        "indicators/<str:code>/records/export/", views.records_export_view, name="indicators-records-export"
    ),
]
