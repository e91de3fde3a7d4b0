"""Staff routes of the security administrator's account screen (mounted under ``/staff/`` by
:func:`fazhi.web.urls.domain_patterns`; listed in :data:`fazhi.core.urlpolicy.TABLE`)."""

from django.urls import path

from fazhi.core.security import account_views

urlpatterns = [
    path("security/accounts/", account_views.account_list, name="security-accounts"),
    path("security/accounts/<int:pk>/", account_views.account_detail, name="security-account"),
]
