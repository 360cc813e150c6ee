import os
from pathlib import Path
from urllib.parse import urlsplit

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105  # nosec B105
DEBUG = False
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run inline in tests even when a broker is configured, so results can be asserted.
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Other apps' tests log in with force_login or the password form: MFA enforcement and rate
# limits are off here and switched on by the security tests (tests/bos/test_security*.py).
BOS_MFA_REQUIRED = False
BOS_RATELIMITS_ENABLED = False
ACCOUNT_RATE_LIMITS = False
# The report cache outlives a test's rolled-back data: off here, switched on by its own tests.
REPORT_CACHE_SECONDS = 0

# Parallel test processes (pytest-xdist) must not share state outside their own database:
# each worker gets its own private files, media, backups and Redis database, so one
# worker's `cache.clear()` or report file never touches another's.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER:
    _WORKER_DIR = VAR_DIR / "test-workers" / _WORKER  # noqa: F405
    # A path given in the environment (a test's own subprocess) still wins.
    PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", _WORKER_DIR / "private"))
    BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", _WORKER_DIR / "backups"))
    STORAGES["default"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(_WORKER_DIR / "media")},
    }
    if REDIS_URL:  # noqa: F405
        # Redis databases 1-15 for workers gw0-gw14; the configured one stays the main run's.
        _db = 1 + int(_WORKER.removeprefix("gw") or 0) % 15
        CACHES["default"]["LOCATION"] = urlsplit(REDIS_URL)._replace(path=f"/{_db}").geturl()  # noqa: F405

# Django's test client builds its middleware chain once per client, and each test makes its
# own client: with finders on, WhiteNoise walks every static file on each of those builds
# (about 40 ms, half a matrix row). Pages in tests need no static files from it: the live
# server of the browser tests serves them itself.
WHITENOISE_USE_FINDERS = False
