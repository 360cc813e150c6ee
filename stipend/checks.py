"""Production must not run with missing or public stipend keys."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from . import crypto


@register()
def stipend_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not crypto.is_production():
        return []
    errors = []
    keys = list(getattr(settings, "STIPEND_ENCRYPTION_KEYS", []) or [])
    if not keys or crypto.DEV_ENCRYPTION_KEY in keys:
        errors.append(
            Error(
                "STIPEND_ENCRYPTION_KEYS must hold at least one secret Fernet key in production.",
                id="stipend.E001",
            )
        )
    hash_key = getattr(settings, "STIPEND_HASH_KEY", "")
    if not hash_key or hash_key == crypto.DEV_HASH_KEY or hash_key == settings.SECRET_KEY:
        errors.append(
            Error("STIPEND_HASH_KEY must be a secret of its own in production.", id="stipend.E002")
        )
    if settings.SECRET_KEY in keys:
        errors.append(Error("SECRET_KEY may not be a stipend key.", id="stipend.E003"))
    return errors
