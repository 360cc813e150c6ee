"""Settings shared by every environment; each value that differs per machine comes from the
environment so one code base runs on a laptop (SQLite, eager Celery) and in production."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("BOS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

# The partnership the installation serves is kept in the database (bos.Partnership, edited
# in the admin); these only name it on a fresh install, before the admin has filled it in.
PARTNERSHIP_NAME = os.environ.get("PARTNERSHIP_NAME", "Opleidingsschool")
PARTNERSHIP_SHORT_NAME = os.environ.get("PARTNERSHIP_SHORT_NAME", "OS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "import_export",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "bos",
    # Before the apps whose settings a decision changes: their demos record the seed's
    # decisions' changes, so the decisions must be there first.
    "governance",
    "placements",
    "facilitation",
    "intervision",
    "afternoons",
    "professionalization",
    "stipend",
    "reports",
    "induction",
    "surveys",
    "planning",
    "library",
    "years",
    "api",
    # Last: the demo and scale data fill every app above.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "years.middleware.YearClosedMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "bos.years.SchoolYearMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "bos.urls"
WSGI_APPLICATION = "bos.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bos.context_processors.navigation",
                "bos.context_processors.partnership",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'bos.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # With DB_SERVER_SIDE_BINDING=1 parameters go to PostgreSQL apart from the SQL, so a kept
    # connection prepares the statements it runs again and reuses their plans: a list's join
    # of eight tables took some 20 ms to plan and 4 to run. Off by default: it costs Python
    # time on every query, and measured it made light pages slower (see docs/quality.md).
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env_bool(
        "DB_SERVER_SIDE_BINDING", False
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "bos.User"
AUTHENTICATION_BACKENDS = [
    # Django's backend, loading the user's person and student with the user (one query).
    "bos.auth_backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Accounts: e-mail only, nobody signs up (the projectleider or an admin invites people),
# students and WPBs can ask for a one-time code instead of using a password.
ACCOUNT_ADAPTER = "bos.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
# The prefix comes from the partnership's short name (bos.mail.subject_line).
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# TOTP secrets and recovery-code seeds are encrypted (bos.security.mfa_crypto) under keys of
# their own: comma-separated Fernet keys, the first encrypts, all decrypt (rotate: put a new
# key first, run `manage.py reencrypt_mfa_secrets`, then drop the old one). Development and
# tests fall back to a fixed public key; production refuses that (bos.checks).
MFA_ADAPTER = "bos.adapters.MFAAdapter"
# allauth refuses TOTP while an unverified address exists, against someone who signs up with
# another's address; nobody signs up here (invitation only) and addresses are set by the
# projectleider, so an address record must never block a staff member's set-up.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_ENCRYPTION_KEYS = env_list("MFA_ENCRYPTION_KEYS")
# The issuer in the authenticator app is the partnership's name (bos.adapters.MFAAdapter).
MFA_TOTP_ISSUER = ""

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
# WhiteNoise serves from STATIC_ROOT; it must exist even before collectstatic has run.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "media")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Private documents (stipend uploads, generated reports) live outside static and media roots
# and are only served through permission-checked views.
PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", VAR_DIR / "private"))

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "bos.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "bos"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Built reports are cached per school year and invalidated by writes to that year; this is
# the upper bound for writes that bypass model signals. 0 switches the cache off.
REPORT_CACHE_SECONDS = int(os.environ.get("REPORT_CACHE_SECONDS", "900"))
# The start page's to-do list is kept per user and year until the next write to the data, and
# at most this long, for what changes with the clock alone (bos.worklist). A length that
# divides an hour; 0 switches the cache off.
WORKLIST_CACHE_SECONDS = int(os.environ.get("WORKLIST_CACHE_SECONDS", "300"))
# Figures read from a whole year's rows (a dashboard's counts, the targets table, a list
# filter's choices) are kept the same way (bos.dataversion.kept_figures); 0 computes them on
# every request.
FIGURES_CACHE_SECONDS = int(os.environ.get("FIGURES_CACHE_SECONDS", "300"))
# Rows the report page shows of a table per school or SO; the rest are a link away.
REPORT_PAGE_ROWS = int(os.environ.get("REPORT_PAGE_ROWS", "50"))
# Rows the report PDF prints of such a table; the Excel export holds every row.
REPORT_PDF_ROWS = int(os.environ.get("REPORT_PDF_ROWS", "100"))

# Celery: with no broker configured, tasks run inline so a developer needs no services.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "placements-daily-reminders": {
        "task": "placements.tasks.send_daily_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}

MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
        },
    }
}
# The sender's display name is the partnership's (bos.mail) when this address has none.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@opleidingsschool.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# Every handler masks secrets in URLs (a calendar feed's token, a password-reset key, ?code=)
# before it writes a line (bos.security.logmask); a new handler needs the filter too
# (tests/bos/test_log_secrets.py). Django's own handlers are replaced by these, with the filter.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_secrets": {"()": "bos.security.logmask.MaskSecrets"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_secrets"],
        },
        "server": {
            "class": "logging.StreamHandler",
            "formatter": "server",
            "filters": ["mask_secrets"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "mask_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

# The partnership's logo (admin) is drawn on every page and PDF: at most this many pixels.
BOS_LOGO_MAX_PIXELS = int(os.environ.get("BOS_LOGO_MAX_PIXELS", 4_000_000))

# The demo accounts share this password; they exist only when the demo year is loaded.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "bos-demo-2020")

# Stipend (stagevergoeding). BSN, IBAN and dates of birth are encrypted at rest under their
# own keys, never under SECRET_KEY: comma-separated Fernet keys, the first encrypts and all
# decrypt (rotate: put a new key first, run `manage.py reencrypt_stipend_data`, then drop
# the old one). STIPEND_HASH_KEY keys the HMAC used for duplicate checks. Without them,
# development and tests use fixed public keys; production refuses them (stipend.checks).
STIPEND_ENCRYPTION_KEYS = env_list("STIPEND_ENCRYPTION_KEYS")
STIPEND_HASH_KEY = os.environ.get("STIPEND_HASH_KEY", "")
STIPEND_MAX_UPLOAD_BYTES = int(os.environ.get("STIPEND_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
# A photo of an ID from a phone camera fits (up to 50 megapixel); a far bigger image in a
# small file is refused before it is decoded (bos.images).
STIPEND_MAX_IMAGE_PIXELS = int(os.environ.get("STIPEND_MAX_IMAGE_PIXELS", 50_000_000))
# Retention (AVG): ID copies and payroll-tax forms are deleted, applications anonymised.
STIPEND_RETENTION_PAYROLL_YEARS = 7
STIPEND_RETENTION_REJECTED_DAYS = 30
# Links in e-mails (e.g. the student's invitation) need the site's address.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
CELERY_BEAT_SCHEDULE["afternoon-choice-reminders"] = {
    "task": "afternoons.tasks.send_reminders",
    "schedule": crontab(hour=8, minute=0),
}
CELERY_BEAT_SCHEDULE["intervision-weekly-digest"] = {
    "task": "intervision.tasks.send_weekly_cadence_digests",
    "schedule": crontab(day_of_week="monday", hour=7, minute=15),
}
CELERY_BEAT_SCHEDULE["stipend-retention"] = {
    "task": "stipend.tasks.apply_retention",
    "schedule": crontab(hour=3, minute=30),
}
CELERY_BEAT_SCHEDULE["surveys-daily"] = {
    "task": "surveys.tasks.daily",
    "schedule": crontab(hour=7, minute=45),
}
CELERY_BEAT_SCHEDULE["professionalization-reminders"] = {
    "task": "professionalization.tasks.send_meeting_reminders",
    "schedule": crontab(hour=7, minute=30),
}

# --- Security baseline (issue #6; see SECURITY.md) ---------------------------------------
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
)
MIDDLEWARE += [
    # After the CSP middleware: lets the provider buttons' forms reach the providers (bos.sso).
    "bos.sso.SSOFormActionMiddleware",
    "bos.security.middleware.SessionTimeoutMiddleware",
    "bos.security.middleware.MFARequiredMiddleware",
    "bos.audit.middleware.AuditContextMiddleware",
    "bos.security.middleware.NoStoreMiddleware",
]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("django.template.context_processors.csp")

# Content-Security-Policy: scripts only from our own static files, never inline; the nonce
# (`{{ csp_nonce }}`) exists for a third-party page that cannot avoid one. The TOTP QR code is
# a data: image.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Two-step verification (TOTP + recovery codes) is enforced for these roles and for admins.
# Production always enforces it; development can switch it off for a load test.
BOS_MFA_REQUIRED = env_bool("BOS_MFA_REQUIRED", True)
BOS_MFA_ROLES = ["so", "io", "bc", "ic", "pl", "hr"]
# Paths a user must reach before MFA is set up: login, logout, MFA setup, health, static.
# The house style (stylesheet and logo) is fetched by every page, also the MFA set-up page:
# redirecting it there would run that page again and replace the secret being scanned.
BOS_MFA_EXEMPT_PREFIXES = ["/accounts/", "/health/", f"/{STATIC_URL}", "/huisstijl"]
MFA_TOTP_TOLERANCE = 1

# Sessions: end after 30 minutes idle and 8 hours after login, whichever comes first.
BOS_SESSION_IDLE_TIMEOUT = 30 * 60
BOS_SESSION_ABSOLUTE_TIMEOUT = 8 * 60 * 60

# Lockout and rate limits. Counters live in the default cache: Redis in production, so they
# are shared by every process. Five failed logins for one account lock it for 15 minutes.
BOS_RATELIMITS_ENABLED = env_bool("BOS_RATELIMITS_ENABLED", True)
BOS_ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/15m/key",
    "request_login_code": "10/m/ip,3/5m/key",
    "reset_password": "10/m/ip,3/5m/key",  # nosec B105 - a rate, not a password
    "reset_password_from_key": "20/m/ip",  # nosec B105 - a rate, not a password
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",  # nosec B105 - a rate, not a password
}
ACCOUNT_RATE_LIMITS = BOS_ACCOUNT_RATE_LIMITS if BOS_RATELIMITS_ENABLED else False
# Application actions (bos.security.ratelimit.rate_limit): requests per period per user.
BOS_RATE_LIMITS = {
    "import": "10/5m",
    "export": "30/5m",
    "pdf": "20/5m",
    "feed": "300/5m",
    # Calls per API key (api/): an institute's system syncing, not a person clicking.
    "api": "300/5m",
}
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60

# Retention (AVG), in days, applied by `manage.py apply_retention` (daily via Celery beat).
BOS_RETENTION_DAYS = {
    # Students: after the end of their last placement.
    "student": 2 * 365,
    # Staff: after the end of the last school year in which they held a role.
    "staff": 2 * 365,
    # Audit entries: after they were written.
    "audit": 7 * 365,
}
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
CELERY_BEAT_SCHEDULE["bos-retention"] = {
    "task": "bos.tasks.apply_retention",
    "schedule": crontab(hour=3, minute=0),
}

# One form rendering for the whole application: label above the input, help text and errors
# tied to it, required fields marked, an error summary (templates/forms/, bos/forms.py).
FORM_RENDERER = "bos.forms.BosFormRenderer"

# django-filter: the empty choice of a filter means "no filter".
FILTERS_EMPTY_CHOICE_LABEL = "Alle"

# Year planning (issue #15): reminders one week and one day before a date, one digest per
# person per day; the UID suffix keeps calendar clients' copies stable across regenerations.
PLANNING_REMINDER_LEAD_DAYS = (7, 1)
PLANNING_UID_DOMAIN = os.environ.get("PLANNING_UID_DOMAIN", "planning.bos")
CELERY_BEAT_SCHEDULE["planning-reminders"] = {
    "task": "planning.tasks.send_reminders",
    "schedule": crontab(hour=6, minute=45),
}
# Agreements library: PDF or DOCX, checked by content, stored under PRIVATE_STORAGE_ROOT.
LIBRARY_MAX_UPLOAD_BYTES = int(os.environ.get("LIBRARY_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))

# Excel import (placements/imports.py): a file with more rows than this is checked and
# saved by a background task with a progress page instead of within the request.
IMPORT_ASYNC_ROWS = int(os.environ.get("IMPORT_ASYNC_ROWS", "500"))
# The row cap for whoever may change every location (the projectleider); SOs keep
# placements.imports.MAX_ROWS.
IMPORT_MAX_ROWS_ALL_LOCATIONS = int(os.environ.get("IMPORT_MAX_ROWS_ALL_LOCATIONS", "10000"))
# A background import keeps its file and preview this many days, then it is deleted.
IMPORT_JOB_KEEP_DAYS = int(os.environ.get("IMPORT_JOB_KEEP_DAYS", "7"))
CELERY_BEAT_SCHEDULE["placements-import-jobs-purge"] = {
    "task": "placements.tasks.purge_import_jobs",
    "schedule": crontab(hour=3, minute=30),
}

# --- Operations (issue #28; docs/operations.md) -------------------------------------------
# Every request gets an id (sent back as X-Request-ID, written on its log lines) and is
# counted for the metrics; both come first, so they see every other middleware's answer.
MIDDLEWARE.insert(0, "bos.metrics.MetricsMiddleware")
MIDDLEWARE.insert(0, "bos.observability.RequestIdMiddleware")
# /health/: a worker's heartbeat older than this means no worker (or no beat) is running.
HEALTH_HEARTBEAT_SECONDS = int(os.environ.get("HEALTH_HEARTBEAT_SECONDS", "30"))
HEALTH_HEARTBEAT_MAX_AGE = int(os.environ.get("HEALTH_HEARTBEAT_MAX_AGE", "180"))
# How long /health/ and /metrics/ wait for Redis before calling it down.
HEALTH_TIMEOUT_SECONDS = float(os.environ.get("HEALTH_TIMEOUT_SECONDS", "2"))
CELERY_BEAT_SCHEDULE["bos-heartbeat"] = {
    "task": "bos.tasks.heartbeat",
    "schedule": HEALTH_HEARTBEAT_SECONDS,
    # A heartbeat that waited in the queue longer than the check allows is worthless.
    "options": {"expires": HEALTH_HEARTBEAT_MAX_AGE},
}
CELERY_TASK_DEFAULT_QUEUE = "celery"
# /metrics/ (Prometheus) answers only a scraper with this bearer token; unset: 404.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# The institutes' API (api/, /api/v1/): a new key is valid this many days, at most the max.
API_KEY_VALID_DAYS = int(os.environ.get("API_KEY_VALID_DAYS", "365"))
API_KEY_MAX_VALID_DAYS = int(os.environ.get("API_KEY_MAX_VALID_DAYS", "730"))


# Sign-in through identity providers (OpenID Connect; bos.sso). SSO_PROVIDERS is a JSON list,
# one object per provider: {"id": "entree", "name": "Kennisnet Entree", "client_id": "...",
# "secret": "...", "server_url": "https://.../.well-known/openid-configuration",
# "enforces_mfa": false}. Only existing people with a role and a verified address sign in;
# local MFA is skipped only for a provider with "enforces_mfa": true.
def _sso_apps(raw: str) -> list[dict]:
    import json

    return [
        {
            "provider_id": item["id"],
            "name": item["name"],
            "client_id": item["client_id"],
            "secret": item.get("secret", ""),
            "settings": {
                "server_url": item["server_url"],
                "enforces_mfa": bool(item.get("enforces_mfa", False)),
            },
        }
        for item in json.loads(raw or "[]")
    ]


SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": _sso_apps(os.environ.get("SSO_PROVIDERS", "")),
        "OAUTH_PKCE_ENABLED": True,
    }
}
SOCIALACCOUNT_ADAPTER = "bos.sso.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
# The provider vouches for the address; bos.sso still links only verified, known addresses.
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
