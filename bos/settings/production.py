import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool, env_list

# DEBUG is never read from the environment here: production cannot be put in debug mode.
DEBUG = False

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 characters in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
# Keep database connections between requests (a minute unless DB_CONN_MAX_AGE says otherwise):
# a new PostgreSQL connection per request costs its set-up and a cold catalogue cache in the
# server, more than many pages' own queries. Checked before reuse, so a dropped connection
# fails no request.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# Sessions read from the cache (Redis) and written through to the database: a request no
# longer reads its session row (the row is still written, at most once a minute by the
# idle timeout, so a restarted cache loses no one's session).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The container health check calls /health/ over plain HTTP from inside the container.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Never read from the environment here: production always enforces MFA and rate limits.
BOS_MFA_REQUIRED = True
BOS_RATELIMITS_ENABLED = True
ACCOUNT_RATE_LIMITS = BOS_ACCOUNT_RATE_LIMITS  # noqa: F405
# Lockout and rate-limit counters, and the data version cached values are kept under
# (bos.dataversion), must be shared by every web process: Redis, not memory.
if not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured("REDIS_URL must be set in production (shared counters and caches).")

# Log lines are JSON objects (bos.observability.JsonFormatter): request id and user id, no
# e-mail addresses, names or secrets in URLs. Every handler keeps its secret mask.
LOGGING = {
    **LOGGING,  # noqa: F405
    "formatters": {
        **LOGGING["formatters"],  # noqa: F405
        "json": {"()": "bos.observability.JsonFormatter"},
    },
    "handlers": {
        name: {**handler, "formatter": "json"} if "formatter" in handler else handler
        for name, handler in LOGGING["handlers"].items()  # noqa: F405
    },
}
