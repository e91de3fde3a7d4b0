"""Test settings: the real settings plus a test-only app with a small sample procedure."""

import os
import tempfile

os.environ.setdefault("FAZHI_DATA_DIR", tempfile.mkdtemp(prefix="fazhi-test-"))

from fazhi.settings import *  # noqa: E402,F403
from fazhi.settings import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "tests.sampleapp"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; real hasher in production

from fazhi.settings import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Django's test runner empties tables with TRUNCATE between transactional tests; the audit tables'
    # triggers (audit migration 0002_immutable_pg) allow it only with this session setting. Never in production.
    _opts = DATABASES["default"].setdefault("OPTIONS", {})
    _opts["options"] = (_opts.get("options", "") + " -c fazhi.allow_truncate=on").strip()
# Administrators' second factor (docs/security.md 5) is exercised by tests/security/test_identity_totp.py, which
# turns it on; elsewhere admin accounts sign in with a password only (production refuses this
# setting in `check --deploy`).
FAZHI_TOTP_REQUIRED_FOR_ADMINS = False

# Jobs run at once, inside the call that enqueues them, on huey's in-memory storage: no test ever
# needs (or accidentally starts) a background consumer. A consumer refuses to start in this mode.
from fazhi.settings import HUEY  # noqa: E402

HUEY = {**HUEY, "immediate": True}
