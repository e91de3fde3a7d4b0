from importlib import import_module

from django.apps import apps
from django.urls import path

from fazhi.core.security import views as security_views
from fazhi.web import editing, generic, imports, views

app_name = "web"


def domain_patterns() -> list:
    """Each installed app may bring staff routes in ``<app>/staff_urls.py`` (forms the generic
    views do not cover); they are mounted here, before the generic slug routes, so the web shell
    never imports a domain by name."""
    patterns = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.staff_urls"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        patterns.extend(module.urlpatterns)
    return patterns


# Registered models share the static routes below; registering a ListSpec needs no URL change.
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    # Account security (SECURITY.md 2, 5): before the generic slug routes.
    path("security/password/", security_views.password_change, name="password-change"),
    path("security/totp/", security_views.totp_setup, name="totp-setup"),
    path("security/totp/verify/", security_views.totp_verify, name="totp-verify"),
    path("", views.dashboard, name="dashboard"),
    path("attachments/<int:pk>/download", generic.download_view, name="attachment-download"),
    # Excel import (before the generic routes, which would take "import" for a list slug).
    path("import/", imports.index_view, name="import-index"),
    path("import/<slug:kind>/template.xlsx", imports.template_view, name="import-template"),
    path("import/<slug:kind>/", imports.kind_view, name="import-upload"),
    *domain_patterns(),
    path("<slug:slug>/<int:pk>/documents/<str:kind>/", generic.document_view, name="document-generate"),
    path("<slug:slug>/", generic.list_view, name="list"),
    path("<slug:slug>/new/", editing.create_view, name="create"),
    path("<slug:slug>/<int:pk>/edit/", editing.edit_view, name="edit"),
    path("<slug:slug>/export.xlsx", generic.export_view, name="export"),
    path("<slug:slug>/<int:pk>/", generic.detail_view, name="detail"),
    path("<slug:slug>/<int:pk>/transition/<str:name>/", generic.transition_view, name="transition"),
    path("<slug:slug>/<int:pk>/attachments/", generic.upload_view, name="attachment-upload"),
]
