"""Staff pages of the shell itself; registered models' pages live in :mod:`fazhi.web.generic`."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from fazhi.core.audit.services import record
from fazhi.core.security import flows, totp
from fazhi.web import selectors
from fazhi.web.security_forms import GuardedLoginForm


class LoginView(auth_views.LoginView):
    """Password first (behind the lockout of docs/security.md 3, in the authentication backend); accounts
    with a second factor then enter their code on the next page before anything is signed in."""

    template_name = "web/login.html"
    authentication_form = GuardedLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if totp.confirmed_device(user) is not None:
            flows.begin_second_factor(self.request, user, self.get_success_url())
            return redirect("web:totp-verify")
        flows.complete_login(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET), so a link or image cannot sign anyone out.
    The server-side session is deleted (``logout()`` flushes it); one ``logout`` audit row."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            record("logout", obj=request.user, user=request.user, detail={"reason": "user"})
        return super().post(request, *args, **kwargs)


@login_required
@require_GET
def dashboard(request):
    return render(request, "web/dashboard.html", selectors.dashboard(request.user))
