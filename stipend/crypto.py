"""Encryption of the stipend's personal data (BSN, IBAN, dates of birth).

Fernet gives authenticated encryption (AES-128-CBC with an HMAC-SHA256 tag): a tampered
value fails to decrypt instead of yielding garbage. Keys come from
`settings.STIPEND_ENCRYPTION_KEYS`; the first encrypts, every key decrypts, so keys can be
rotated. Equal plaintexts give different ciphertexts, so duplicates are found through a
keyed hash (HMAC-SHA256 under the separate `STIPEND_HASH_KEY`).
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Public, fixed keys for development and tests only: anything encrypted under them is not
# protected. Production refuses them (see stipend.checks).
DEV_ENCRYPTION_KEY = "Ym9zLWRldmVsb3BtZW50LW9ubHktbm90LXNlY3JldCE="
DEV_HASH_KEY = "bos-development-only-hash-key-not-secret"


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


def is_production() -> bool:
    return str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".production")


def configured_keys() -> tuple[str, ...]:
    keys = tuple(getattr(settings, "STIPEND_ENCRYPTION_KEYS", ()) or ())
    if keys:
        return keys
    if is_production():
        raise ImproperlyConfigured("STIPEND_ENCRYPTION_KEYS must be set in production.")
    return (DEV_ENCRYPTION_KEY,)


def configured_hash_key() -> str:
    key = getattr(settings, "STIPEND_HASH_KEY", "")
    if key:
        return key
    if is_production():
        raise ImproperlyConfigured("STIPEND_HASH_KEY must be set in production.")
    return DEV_HASH_KEY


@cache
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        # Never include the key in the message.
        raise ImproperlyConfigured(
            "STIPEND_ENCRYPTION_KEYS holds a key that is not a valid Fernet key."
        ) from exc


def _fernet() -> MultiFernet:
    return _multi_fernet(configured_keys())


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("A stipend value could not be decrypted.") from exc


def is_current(token: str) -> bool:
    """Whether the token is encrypted under the first (current) key."""
    primary = Fernet(configured_keys()[0].encode())
    try:
        primary.decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def rotate(token: str) -> str:
    """The same plaintext, encrypted again under the current key."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("A stipend value could not be decrypted.") from exc


# Documents (ID copies show the BSN) are encrypted under the same key ring; a Fernet token
# starts with this prefix, which no accepted file type does.
TOKEN_PREFIX = b"gAAAAA"


def encrypt_bytes(content: bytes) -> bytes:
    return _fernet().encrypt(content)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(token)
    except InvalidToken as exc:
        raise DecryptionError("A stipend document could not be decrypted.") from exc


def is_current_bytes(token: bytes) -> bool:
    try:
        Fernet(configured_keys()[0].encode()).decrypt(token)
    except InvalidToken:
        return False
    return True


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a normalised value, for duplicate checks without the plaintext."""
    normalised = "".join(value.split()).upper()
    return hmac.new(configured_hash_key().encode(), normalised.encode(), hashlib.sha256).hexdigest()
