"""Django settings. Values a deployment may change come from :mod:`fazhi.conf` (the environment)."""

from __future__ import annotations

import dj_database_url

from fazhi.conf import config
from fazhi.core.kit.domains import domain_apps

BASE_DIR = config.data_dir
DATA_DIR = config.data_dir
config.secure_data_dir()  # 0700 folders, 0600 database files (issue 10 item 16)

SECRET_KEY = config.stored_secret("django-secret", config.secret_key)
AUDIT_KEY = config.stored_secret("audit-hmac", config.audit_key)
# Signed audit head checkpoints (fazhi.core.audit.checkpoints): outside the database, ideally another disk.
AUDIT_CHECKPOINT_DIR = config.audit_checkpoint_dir or DATA_DIR / "audit-checkpoints"
DEBUG = config.debug
ALLOWED_HOSTS = config.allowed_hosts

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "fazhi.core",
    "fazhi.core.calendar",
    "fazhi.core.workflow",
    "fazhi.core.audit",
    "fazhi.core.security",
    "fazhi.core.documents",
    "fazhi.core.kit",
    "fazhi.core.publication",
    "fazhi.core.crypto",
    "fazhi.core.jobs",
    "huey.contrib.djhuey",
    "fazhi.web",
    "fazhi.portal",
    "fazhi.api",
    "fazhi.demo",
    "fazhi.indicators",
    "fazhi.reports",
    # Domain apps are found, not listed: every fazhi/<name>/ whose apps.py declares a
    # DomainConfig, by its `order` (docs/adr/0013-scaffolding.md).
    *domain_apps(),
    "fazhi.core.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fazhi.core.ops.headers.SecurityHeadersMiddleware",  # CSP (docs/security.md 23)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "fazhi.core.urlpolicy.BodyLimitMiddleware",  # per-route body limits, before CSRF parses a body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fazhi.core.audit.middleware.RequestContextMiddleware",
    "fazhi.core.security.middleware.SessionSecurityMiddleware",  # timeouts, 90-day password, admin 2FA
    "fazhi.core.urlpolicy.UrlPolicyMiddleware",  # the permission table (docs/security.md 9)
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.web.context.navigation",
            ],
        },
    }
]

if config.database_url:
    DATABASES = {
        "default": dj_database_url.parse(config.database_url, conn_max_age=600, conn_health_checks=True)
    }
    # Durability (docs/security.md 25): commits wait for the WAL flush even if the server default says otherwise.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c synchronous_commit=on")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(config.sqlite_path),
            # One connection per server thread, kept between requests: opening one (and its PRAGMAs
            # and an empty page cache) was a measurable part of every request.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # Durability (docs/security.md 25): WAL + synchronous=FULL; IMMEDIATE so concurrent writers
                # queue on the lock instead of failing when a read transaction upgrades to a write.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
# RoleBackend behind the lockout (docs/security.md 3); see the security block below.
AUTHENTICATION_BACKENDS = ["fazhi.core.security.backends.GuardedBackend"]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on a missing root; files come from the finders
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = config.media_dir
# Request body limits (issue 10 item 15): routes anyone may reach, other routes, and the most the
# server reads at all (waitress max_request_body_size); upload routes declare theirs
# (fazhi.core.urlpolicy.declare_body_limits), at most BODY_LIMIT_MAX.
BODY_LIMIT_PUBLIC = 256 * 1024
BODY_LIMIT_DEFAULT = 2 * 1024 * 1024
BODY_LIMIT_MAX = (
    22 * 1024 * 1024
)  # a 20 MB attachment and its form, with room for a clear "over 20MB" message
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600  # uploaded files and their folders: the owner's only
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if config.production:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True  # `check --deploy` clean (docs/security.md 23)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Background and scheduled work (ADR 0008): huey, on SQLite in the data dir (no extra service) or on
# Redis when FAZHI_REDIS_URL is set. `fazhi serve` / `fazhi demo` run a consumer in-process (threads),
# `fazhi worker` runs one on its own. Tasks never run at enqueue time here (tests/settings.py does).
if config.redis_url:
    try:
        import redis  # noqa: F401
    except ImportError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "已设置 FAZHI_REDIS_URL，但未安装 Redis 客户端：请运行 `uv sync --extra redis`，或取消该环境变量改用SQLite任务队列。"
        ) from None
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "fazhi",
        "url": config.redis_url,
        "immediate": False,
        "utc": False,  # crontab in TIME_ZONE (Django sets the process TZ to Asia/Shanghai)
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "fazhi",
        "filename": str(config.jobs_path),
        "immediate": False,
        "utc": False,  # crontab in TIME_ZONE (Django sets the process TZ to Asia/Shanghai)
    }
HUEY["consumer"] = {"workers": 2, "worker_type": "thread"}

# Data-scope and paging defaults for staff lists.
FAZHI_PAGE_SIZE = 50
FAZHI_DUE_SOON_WORKDAYS = 3
# The portal's address printed on paper (e.g. https://fzzf.example.gov.cn); empty: described by name.
FAZHI_PORTAL_URL = config.portal_url
FAZHI_ENFORCEMENT_TRAINING_HOURS = config.enforcement_training_hours

# Security parameters (docs/security.md) -------------------------------------------------------------
# Identity and sessions, items 2–5 and 7. `fazhi check --deploy` refuses values weaker than these
# (fazhi.core.security.checks); a deployment may only tighten them.
FAZHI_PASSWORD_MIN_LENGTH = 10  # 2: length
FAZHI_PASSWORD_MIN_CLASSES = 3  # 2: of lower case, upper case, digits, symbols
FAZHI_PASSWORD_HISTORY = 5  # 2: the last 5 passwords may not be reused
FAZHI_PASSWORD_MAX_AGE_DAYS = 90  # 2: older passwords must be changed before any other page
FAZHI_LOGIN_MAX_FAILURES = 5  # 3: consecutive failures that lock an account…
FAZHI_LOGIN_LOCK_MINUTES = 30  # 3: …for this long
FAZHI_LOGIN_IP_MAX_FAILURES = 20  # 3: failures from one address (any usernames)…
FAZHI_LOGIN_IP_WINDOW_MINUTES = 10  # 3: …within this window stop all logins from it
FAZHI_SESSION_IDLE_MINUTES = 30  # 4: idle timeout
FAZHI_SESSION_IDLE_MINUTES_ADMIN = 15  # 4: idle timeout of the three administrator roles
FAZHI_SESSION_ABSOLUTE_HOURS = 12  # 4: absolute session life (SESSION_COOKIE_AGE matches it)
FAZHI_TOTP_REQUIRED_FOR_ADMINS = True  # 5: administrators must use the second factor
FAZHI_TOTP_DEFAULT_ALGORITHM = "sm3"  # 5: HMAC-SM3; "sha1" per account for common authenticator apps
FAZHI_TOTP_ISSUER = "法治政府建设工作平台"
FAZHI_TOTP_KEY = config.stored_secret("totp-sm4")  # 5: SM4 key for TOTP secrets, outside the database
FAZHI_DORMANT_DAYS = 90  # 7: `fazhi accounts disable-dormant` disables accounts unused this long
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "fazhi.core.security.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": FAZHI_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "fazhi.core.security.passwords.CharacterClassesValidator"},
    {"NAME": "fazhi.core.security.passwords.UsernameNotContainedValidator"},
    {"NAME": "fazhi.core.security.passwords.PasswordHistoryValidator"},
]
