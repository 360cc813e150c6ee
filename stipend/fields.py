"""Model fields whose values are encrypted in the database (see stipend.crypto)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Plaintext in Python, a Fernet token in the database. Not searchable: pair it with a
    keyed hash where lookups are needed."""

    def to_text(self, value: Any) -> str:
        return str(value)

    def from_text(self, text: str) -> Any:
        return text

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return self.from_text(crypto.decrypt(value))

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.encrypt(self.to_text(value))

    def value_to_string(self, obj: models.Model) -> str:
        # Serialisation (dumpdata) must never write the plaintext.
        return ""


class EncryptedDateField(EncryptedTextField):
    def to_text(self, value: Any) -> str:
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    def from_text(self, text: str) -> dt.date:
        return dt.date.fromisoformat(text)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value:
            return dt.date.fromisoformat(value)
        return value
