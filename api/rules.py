"""Pure rules of the API keys."""

from __future__ import annotations

import datetime as dt
import hashlib

KEY_PREFIX = "bos_"
# Characters of the key kept in the clear (after KEY_PREFIX) to recognise it in the list.
SHOWN_CHARACTERS = 6


def key_hash(token: str) -> str:
    """The stored form of a key: its SHA-256 (a key has 256 random bits, so no salt or slow
    hash is needed against guessing)."""
    return hashlib.sha256(token.encode()).hexdigest()


def shown_prefix(token: str) -> str:
    return token[: len(KEY_PREFIX) + SHOWN_CHARACTERS]


def key_state(*, expires_at: dt.datetime, revoked_at: dt.datetime | None, now: dt.datetime) -> str:
    """'ingetrokken', 'verlopen' or 'actief'."""
    if revoked_at is not None:
        return "ingetrokken"
    if expires_at <= now:
        return "verlopen"
    return "actief"


def is_usable(*, expires_at: dt.datetime, revoked_at: dt.datetime | None, now: dt.datetime) -> bool:
    return key_state(expires_at=expires_at, revoked_at=revoked_at, now=now) == "actief"
