from django.urls import path

from fazhi.api.router import api

urlpatterns = [path("", api.urls)]
