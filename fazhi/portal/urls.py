from django.urls import include, path

from fazhi.core.registry import app_modules
from fazhi.portal import views

app_name = "portal"


def domain_patterns() -> list:
    """Each installed app may bring public pages in ``<app>/urls_portal.py``; they are mounted at
    ``/<app label>/`` (the module's ``app_name`` is its namespace), so the portal never names a domain."""
    return [path(f"{config.label}/", include(module)) for config, module in app_modules("urls_portal")]


urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    *domain_patterns(),
]
