"""Encryption of the two-step-verification secrets (TOTP keys, recovery-code seeds).

allauth stores them in `mfa_authenticator.data`; its MFA adapter's `encrypt`/`decrypt` hooks
(`bos.adapters.MFAAdapter`) route them through here, so the database, the admin and backups
hold only ciphertext. Fernet (AES with an HMAC tag) under `MFA_ENCRYPTION_KEYS`: keys of
their own, never SECRET_KEY or the stipend keys; the first encrypts, every key decrypts, so
keys can be rotated (`manage.py reencrypt_mfa_secrets`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Public, fixed key for development and tests only; production refuses it (bos.checks).
DEV_MFA_KEY = "Ym9zLW1mYS1kZXZlbG9wbWVudC1rZXktbm90LXNhZmU="
# Marks a stored value as encrypted, so re-encryption is idempotent and a plaintext value
# is never mistaken for a token.
PREFIX = "fernet:"


class MFASecretError(Exception):
    """A stored MFA secret could not be decrypted with any configured key."""


def _is_production() -> bool:
    return str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".production")


def configured_keys() -> tuple[str, ...]:
    keys = tuple(getattr(settings, "MFA_ENCRYPTION_KEYS", ()) or ())
    if keys:
        return keys
    if _is_production():
        raise ImproperlyConfigured("MFA_ENCRYPTION_KEYS must be set in production.")
    return (DEV_MFA_KEY,)


@cache
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "MFA_ENCRYPTION_KEYS holds a key that is not a valid Fernet key."
        ) from exc


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX)


def encrypt(text: str) -> str:
    return PREFIX + _multi_fernet(configured_keys()).encrypt(text.encode()).decode()


def decrypt(value: str) -> str:
    if not is_encrypted(value):
        raise MFASecretError("An MFA secret is stored without encryption.")
    try:
        return _multi_fernet(configured_keys()).decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise MFASecretError("An MFA secret could not be decrypted.") from exc


def rotate(value: str) -> str:
    """Encrypted under the current key: a plaintext value is encrypted, a token re-encrypted."""
    return encrypt(decrypt(value) if is_encrypted(value) else value)


# The parts of an authenticator's data that hold secrets, per allauth's storage format.
def transform_data(data: dict[str, Any], change: Callable[[str], str]) -> dict[str, Any]:
    data = dict(data)
    for key in ("secret", "seed"):
        if isinstance(data.get(key), str):
            data[key] = change(data[key])
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
    return data


def encrypt_all(authenticators: Any) -> int:
    """(Re-)encrypt the secrets of every authenticator under the current key; returns how
    many rows changed. Used by the data migration and the rotation command."""
    changed = 0
    for authenticator in authenticators.objects.all().iterator():
        data = transform_data(authenticator.data or {}, rotate)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            changed += 1
    return changed
