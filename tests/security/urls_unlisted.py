"""A URLconf for tests: the real routes plus one naked view that no table entry names."""

from django.http import HttpResponse
from django.urls import include, path


def naked(request):  # no login_required: only the URL policy middleware stands in front of it
    return HttpResponse("机密")


urlpatterns = [
    path("unlisted/", naked, name="unlisted"),
    path("", include("fazhi.urls")),
]
