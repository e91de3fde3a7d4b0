"""Test settings: the real settings plus a test-only app with a small sample procedure."""

import os
import tempfile

os.environ.setdefault("FAZHI_DATA_DIR", tempfile.mkdtemp(prefix="fazhi-test-"))

from fazhi.settings import *  # noqa: E402,F403
from fazhi.settings import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "tests.sampleapp"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; real hasher in production
