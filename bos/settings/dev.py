from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-used-in-production"  # noqa: F405
# Mail is written to files under var/mail so a developer can read what would be sent.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
    }
}
# The demo year 2020-2021 is long past its retention period: scheduled retention would
# anonymise the demo. Run `manage.py apply_retention --dry-run` to see what it would do.
CELERY_BEAT_SCHEDULE = {k: v for k, v in CELERY_BEAT_SCHEDULE.items() if k != "bos-retention"}  # noqa: F405
# The demo must open with the printed logins and nothing else, so MFA is not enforced in
# development unless asked for (BOS_MFA_REQUIRED=true make run); production always enforces it.
BOS_MFA_REQUIRED = env_bool("BOS_MFA_REQUIRED", False)
