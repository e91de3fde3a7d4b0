"""Staff pages of the shell itself; registered models' pages live in :mod:`fazhi.web.generic`."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.web import selectors
from fazhi.web.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET), so a link or image cannot sign anyone out."""


@login_required
@require_GET
def dashboard(request):
    return render(request, "web/dashboard.html", selectors.dashboard(request.user))
