from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("fazhi.portal.urls")),
    path("staff/", include("fazhi.web.urls")),
    path("api/v1/", include("fazhi.api.urls")),
    path("admin/", admin.site.urls),
]
