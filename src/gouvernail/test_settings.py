"""Settings for the test suite: the production settings with a throw-away key and fast hashing."""

import os

os.environ.setdefault("GOUVERNAIL_SECRET_KEY", "tests-only-not-a-secret")

from gouvernail.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key"}
