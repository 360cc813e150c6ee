"""Dutch formats for the report: € 1.234,56, 1.234, 19 november 2020; unknown as "?"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats
from django.utils.html import format_html

from facilitation.rules import format_eur, format_number
from reports import labels
from reports.charts import trend_value

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


MINUS = "−"


def _signed(text: str, value: Decimal | int) -> str:
    if value == 0:
        return f"±{text}"
    return f"+{text}" if value > 0 else f"{MINUS}{text}"


@register.filter
def in_unit(value: Decimal | int | None, unit: str = "count") -> str:
    """A key value in its unit (reports.comparison): € 1.234,56, 87,5%, 12; "?" if unknown."""
    return "?" if value is None else trend_value(value, unit or "count")


@register.filter
def delta(value: Decimal | int | None, unit: str = "count") -> str:
    """A change against the previous year with its sign: +12, −3, ±0, +€ 5,00, +2,5 %-punt."""
    if value is None:
        return "?"
    size = abs(Decimal(value))
    if unit == "eur":
        return _signed(format_eur(size), value)
    if unit == "percent":
        return _signed(f"{format_number(size, 1)} %-punt", value)
    if unit == "decimal":
        return _signed(format_number(size, 1), value)
    return _signed(format_number(size), value)


@register.filter
def prev(change: dict[str, Any] | None) -> str:
    """The previous year's value and the change (`Report.changes`): "234 (+12)"; "–" when
    the previous year does not have the value."""
    if not change:
        return "–"
    unit = change.get("unit", "count")
    # A line may break between the value and its change, never inside either.
    text = in_unit(change["previous"], unit)
    if change.get("change") is None:
        return format_html('<span class="amount">{}</span>', text)
    return format_html(
        '<span class="amount">{}</span> <span class="amount">({})</span>',
        text,
        delta(change["change"], unit),
    )


@register.filter
def trend_cell(value: Decimal | int | None, unit: str = "count") -> str:
    """A value of a series over the years in its unit; "–" when the year lacks it."""
    return trend_value(value, unit or "count")


@register.filter
def any_has(rows: list[dict[str, Any]], key: str) -> bool:
    """Whether any row of a table has `key` (a column only some years fill)."""
    return any(key in row for row in rows or [])


@register.filter
def in_chapter(rows: list[dict[str, Any]] | None, chapter: str = "") -> list[dict[str, Any]]:
    """The rows of a figure shown per chapter (figure 14) that belong to `chapter`; every
    row where no chapter is given (the report page shows the whole figure)."""
    if not chapter:
        return list(rows or [])
    return [row for row in rows or [] if row.get("chapter") == chapter]


@register.filter
def chapter_label(key: str) -> str:
    """The report chapter's name for its key ("professionalisation" → "Professionalisering")."""
    from reports.models import GoalChapter

    try:
        return str(GoalChapter(key).label)
    except ValueError:
        return key
