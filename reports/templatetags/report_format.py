"""Dutch formats for the report: € 1.234,56, 1.234, 19 november 2020; unknown as "?"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats

from facilitation.rules import format_eur, format_number
from reports import labels

register = template.Library()


@register.filter
def eur(value: Decimal | int | None) -> str:
    return "–" if value is None or value == "" else format_eur(value)


@register.filter
def num(value: Decimal | int | None, places: int | None = None) -> str:
    if value is None:
        return "?"
    return format_number(value, places)


@register.filter
def hours(value: Decimal | None) -> str:
    return "–" if value is None else format_number(value, 1)


@register.filter
def pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{format_number(value, 1)}%"


@register.filter
def change(value: Decimal | int | None) -> str:
    if value is None:
        return "?"
    sign = "+" if value > 0 else ""
    return f"{sign}{format_number(value)}"


@register.filter
def nldate(value: dt.date | None) -> str:
    return "" if value is None else formats.date_format(value, "j F Y")


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def column_label(key: str) -> str:
    return labels.column_label(key)
