"""The audit trail in the language of the pages: the models' and fields' Dutch names, choice
labels, dates as d-m-Y, amounts as € 1.234,56, ja/nee, and moments in Dutch local time.

The trail stores what the database held (`app.model`, attnames, JSON-safe values, see
bos.audit.recorder); this module only reads it back for people. It looks models and fields up
by name, so an entry of a model or field that no longer exists still shows, as stored."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import dateformat, timezone
from django.utils.text import capfirst

EMPTY = "–"
# Decimal fields holding euros; other decimals (hours, FTE, percentages) are plain numbers.
MONEY_NAME = re.compile(r"(amount|reserve|price|cost|rate_eur|salary|fee|income|budget|bedrag)")
# Keys the recorder writes itself for many-to-many changes and hidden values: already Dutch.
OWN_KEYS = {"toegevoegd", "verwijderd", "velden"}


@cache
def _model(label: str) -> type[models.Model] | None:
    if not label or "." not in label:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def model_name(label: str) -> str:
    """'stipend.stipendapplication' → 'Aanvraag stagevergoeding'; unknown labels as stored."""
    model = _model(label)
    if model is None:
        return label or EMPTY
    return capfirst(str(model._meta.verbose_name))


@cache
def _fields(label: str) -> dict[str, models.Field]:
    """The model's fields by attname and by name (m2m changes are stored by name)."""
    model = _model(label)
    if model is None:
        return {}
    found: dict[str, models.Field] = {}
    for field in model._meta.get_fields():
        if not isinstance(field, models.Field):
            continue  # reverse relations are never recorded
        found[field.name] = field
        found[getattr(field, "attname", field.name)] = field
    return found


def field_name(label: str, name: str) -> str:
    field = _fields(label).get(name)
    if field is None:
        return name
    return capfirst(str(field.verbose_name))


def _number(value: Decimal, places: int | None = None) -> str:
    if places is None:
        places = max(0, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    quantized = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{quantized:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _moment(text: str) -> str:
    moment = dt.datetime.fromisoformat(text)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return dateformat.format(timezone.localtime(moment), "d-m-Y H:i")


def _plain_value(value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(_plain_value(item) for item in value)
    return str(value)


def value_text(label: str, name: str, value: Any) -> str:
    """One stored value as the pages show it."""
    field = _fields(label).get(name)
    if value is None or value == "" or field is None:
        return _plain_value(value)
    try:
        if field.choices:
            labels = {str(key): text for key, text in field.flatchoices}
            return str(labels.get(str(value), value))
        if isinstance(field, models.BooleanField):
            return "ja" if value in (True, "True", "true", 1) else "nee"
        if isinstance(field, models.DateTimeField):
            return _moment(str(value))
        if isinstance(field, models.DateField):
            return dateformat.format(dt.date.fromisoformat(str(value)[:10]), "d-m-Y")
        if isinstance(field, models.DecimalField):
            amount = Decimal(str(value))
            if MONEY_NAME.search(field.name):
                return f"€ {_number(amount, 2)}"
            return _number(amount)
        if isinstance(field, models.ForeignKey | models.ManyToManyField):
            return _plain_value(
                [f"#{pk}" for pk in value] if isinstance(value, list) else f"#{value}"
            )
    except (ValueError, TypeError, InvalidOperation):
        pass  # a value the field no longer understands: show it as stored
    return _plain_value(value)


def describe(label: str, changes: dict[str, Any]) -> list[tuple[str, str]]:
    """Readable lines for an entry's changes: (Dutch field name, 'old → new' or what was
    added/removed, or which fields changed when the values are hidden)."""
    lines: list[tuple[str, str]] = []
    for name, change in changes.items():
        if name == "velden" and isinstance(change, list):
            lines.append(("Velden", ", ".join(field_name(label, str(item)) for item in change)))
        elif isinstance(change, list) and len(change) == 2:
            old, new = (value_text(label, name, part) for part in change)
            lines.append((field_name(label, name), f"{old} → {new}"))
        elif isinstance(change, dict):
            parts = "; ".join(
                f"{key} {value_text(label, name, value)}" for key, value in change.items()
            )
            lines.append((field_name(label, name), parts))
        else:
            lines.append((field_name(label, name), value_text(label, name, change)))
    return lines
