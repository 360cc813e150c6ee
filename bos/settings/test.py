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
