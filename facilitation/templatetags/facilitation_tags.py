"""Dutch notation of amounts and hours in templates: {{ value|eur }}, {{ value|nl_number }}."""

from decimal import Decimal

from django import template

from facilitation.rules import format_eur, format_number

register = template.Library()


@register.filter
def eur(value: Decimal | int | None) -> str:
    return "–" if value is None else format_eur(Decimal(value))


@register.filter
def nl_number(value: Decimal | int | None) -> str:
    return "–" if value is None else format_number(Decimal(value))
