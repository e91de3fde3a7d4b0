from django.urls import path

from fazhi.core.setup import views

app_name = "setup"
urlpatterns = [path("", views.first_run, name="first-run")]
