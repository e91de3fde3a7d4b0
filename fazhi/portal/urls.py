from django.urls import include, path

from fazhi.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("reconsideration/", include("fazhi.reconsideration.urls_portal")),
]
