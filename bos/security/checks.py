"""Production must not run with missing, public or shared MFA keys."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from . import mfa_crypto


@register()
def mfa_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not mfa_crypto._is_production():
        return []
    keys = list(getattr(settings, "MFA_ENCRYPTION_KEYS", []) or [])
    others = {settings.SECRET_KEY, *(getattr(settings, "STIPEND_ENCRYPTION_KEYS", []) or [])}
    if not keys or mfa_crypto.DEV_MFA_KEY in keys:
        return [
            Error(
                "MFA_ENCRYPTION_KEYS must hold at least one secret Fernet key in production.",
                id="bos.E101",
            )
        ]
    if others & set(keys):
        return [
            Error(
                "MFA_ENCRYPTION_KEYS must be keys of their own (not SECRET_KEY or a stipend key).",
                id="bos.E102",
            )
        ]
    return []
