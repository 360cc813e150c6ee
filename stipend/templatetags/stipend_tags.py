from decimal import Decimal

from django import template

from facilitation.rules import format_eur

register = template.Library()


@register.filter
def eur(value: Decimal | int | None) -> str:
    """€ 1.234,56"""
    if value is None or value == "":
        return "–"
    return format_eur(Decimal(value))
