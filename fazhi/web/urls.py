from django.urls import path

from fazhi.core.registry import app_modules
from fazhi.web import (
    account_admin,
    account_security,
    approvals,
    editing,
    generic,
    imports,
    jobs,
    personal_data,
    publication_review,
    reminders,
    security_views,
    views,
)

app_name = "web"


def domain_patterns() -> list:
    """Each installed app may bring staff routes in ``<app>/staff_urls.py`` (forms the generic
    views do not cover); they are mounted here, before the generic slug routes, so the web shell
    never imports a domain by name."""
    return [pattern for _, module in app_modules("staff_urls") for pattern in module.urlpatterns]


# Registered models share the static routes below; registering a ListSpec needs no URL change.
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    # Account security (docs/security.md 2, 5): before the generic slug routes.
    path("security/password/", security_views.password_change, name="password-change"),
    path("security/totp/", security_views.totp_setup, name="totp-setup"),
    path("security/totp/verify/", security_views.totp_verify, name="totp-verify"),
    # The security administrator's account screen (reset a lost second factor, unlock, force a
    # password change); the views answer 404 to anyone else.
    path("security/accounts/", account_security.account_list, name="security-accounts"),
    path("security/accounts/<int:pk>/", account_security.account_detail, name="security-account"),
    # Accounts and the organisation tree under the two-person rule (docs/security.md 28-31).
    path("security/changes/", account_admin.account_changes, name="account-changes"),
    path("security/changes/<int:pk>/", account_admin.account_change_decide, name="account-change-decide"),
    path("approvals/<int:pk>/", approvals.approval, name="approval"),
    path("accounts/", account_admin.account_admin, name="account-admin"),
    path("accounts/new/", account_admin.account_new, name="account-new"),
    path("accounts/<int:pk>/", account_admin.account_edit, name="account-edit"),
    path("accounts/parts/<int:pk>/", account_admin.password_part, name="account-password-part"),
    path("accounts/organisation-move/", account_admin.organisation_move, name="organisation-move"),
    # 查看明文 with a reason (docs/security.md 11)
    path("reveal/<str:model>/<int:pk>/<str:field>/", personal_data.reveal_view, name="personal-data-reveal"),
    # 信息公开审核 (docs/security.md 18, 20)
    path("publication-review/", publication_review.review_view, name="publication-review"),
    path("publication-review/<int:pk>/approve/", publication_review.approve_view, name="publication-approve"),
    path(
        "publication-review/<int:pk>/withdraw/", publication_review.withdraw_view, name="publication-withdraw"
    ),
    path("", views.dashboard, name="dashboard"),
    path("attachments/<int:pk>/download", generic.download_view, name="attachment-download"),
    # Excel import (before the generic routes, which would take "import" for a list slug).
    path("import/", imports.index_view, name="import-index"),
    path("import/jobs/<int:pk>/", jobs.import_job_view, name="import-job"),
    path("jobs/", jobs.jobs_view, name="jobs"),
    path("reminders/", reminders.reminders_view, name="reminders"),
    path("import/<slug:kind>/template.xlsx", imports.template_view, name="import-template"),
    path("import/<slug:kind>/", imports.kind_view, name="import-upload"),
    *domain_patterns(),
    path("<slug:slug>/<int:pk>/documents/<str:kind>/", generic.document_view, name="document-generate"),
    path("<slug:slug>/", generic.list_view, name="list"),
    path("<slug:slug>/new/", editing.create_view, name="create"),
    path("<slug:slug>/<int:pk>/edit/", editing.edit_view, name="edit"),
    path("<slug:slug>/export.xlsx", generic.export_view, name="export"),
    path("<slug:slug>/<int:pk>/", generic.detail_view, name="detail"),
    path("<slug:slug>/<int:pk>/transition/<str:name>/", generic.transition_view, name="transition"),
    path("<slug:slug>/<int:pk>/attachments/", generic.upload_view, name="attachment-upload"),
]
