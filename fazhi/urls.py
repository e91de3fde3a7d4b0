from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("setup/", include("fazhi.core.setup.urls")),  # first run only: 404 once an administrator exists
    path("", include("fazhi.portal.urls")),
    path("staff/", include("fazhi.web.urls")),
    path("api/v1/", include("fazhi.api.urls")),
    path("admin/", admin.site.urls),
]
