"""Settings for the test suite: the production settings with a throw-away key and fast hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("GOUVERNAIL_SECRET_KEY", "tests-only-not-a-secret")
# A cache directory per test session, inherited by the processes a test starts (emptied before
# each test by the plugin).
if "GOUVERNAIL_CACHE_DIR" not in os.environ:
    os.environ["GOUVERNAIL_CACHE_DIR"] = tempfile.mkdtemp(prefix="gouvernail-test-cache-")

from gouvernail.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
# WhiteNoise warns when the collected-static directory is missing; tests serve from the finders.
STATIC_ROOT = Path(tempfile.gettempdir()) / "gouvernail-test-static"
STATIC_ROOT.mkdir(exist_ok=True)
GOUVERNAIL_TESTING = True  # lets connectors.crypto derive its key from SECRET_KEY
# Generated files (archived COPIL packs, logos) go to a throw-away directory.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="gouvernail-test-media-"))
# The connectors' fake sources listen on loopback, which production refuses by default.
GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
# Tasks run at once, inside the request that queues them; one test drives the database backend
# and the worker command for real (jobs/tests/test_worker.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
