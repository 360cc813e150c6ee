"""The limits every way in shares: forms, services and imports check typed values with the
same rules and the same Dutch messages, so a value one way refuses is not let in by another.

Technical limits (lengths, plausible dates) live here; rule numbers stay in a school year's
policy.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

if TYPE_CHECKING:
    from bos.models import SchoolYear

# Lengths, as the models and the Excel import have them.
FIRST_NAME_MAX = 100
LAST_NAME_MAX = 150
NAME_MAX = 150
PLACE_MAX = 200
EMAIL_MAX = 254

# A person recorded here was born at most this many years ago; an older date is a typing error.
OLDEST_AGE_YEARS = 100


# --- Names --------------------------------------------------------------------------------


# Control characters (line breaks, tabs, NUL, …) and the invisible format characters
# that reverse or hide text. A name with one breaks mail headers and file names.
def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in value)


NAME_CONTROL_MESSAGE = "Een naam mag geen regeleinde, tab of ander onzichtbaar teken bevatten."


def validate_name(value: str) -> None:
    """A person's name is one line of visible text."""
    if value and has_control_characters(value):
        raise ValidationError(NAME_CONTROL_MESSAGE, code="control_characters")


def validate_length(value: str, limit: int) -> None:
    if len(value) > limit:
        raise ValidationError(
            "Dit mag hoogstens %(limit)s tekens lang zijn (nu %(length)s).",
            code="max_length",
            params={"limit": limit, "length": len(value)},
        )


# --- E-mail addresses ---------------------------------------------------------------------


def normalise_email(value: str) -> str:
    """An address as it is stored and compared: trimmed, in lower case."""
    return value.strip().lower()


STUDENT_EMAIL_TAKEN = (
    "Dit e-mailadres hoort al bij een andere student; elke student logt in met een eigen adres."
)


# --- Dates --------------------------------------------------------------------------------


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def validate_birth_date(value: dt.date | None, *, today: dt.date | None = None) -> None:
    """Not in the future, and not longer ago than anyone working here can have been born."""
    if value is None:
        return
    today = today or timezone.localdate()
    if value > today:
        raise ValidationError(
            "Een geboortedatum kan niet in de toekomst liggen.", code="birth_date_future"
        )
    oldest = _years_before(today, OLDEST_AGE_YEARS)
    if value < oldest:
        raise ValidationError(
            "Deze geboortedatum ligt meer dan %(years)s jaar terug; controleer het jaartal.",
            code="birth_date_old",
            params={"years": OLDEST_AGE_YEARS},
        )


def validate_in_year(value: dt.date | None, year: SchoolYear) -> None:
    """A date that belongs to a school year lies inside it."""
    if value is not None and not year.contains(value):
        raise ValidationError(
            "Kies een datum in schooljaar %(year)s (%(start)s tot en met %(end)s).",
            code="outside_year",
            params={
                "year": str(year),
                "start": year.start_date.strftime("%d-%m-%Y"),
                "end": year.end_date.strftime("%d-%m-%Y"),
            },
        )


def day_in_year(year: SchoolYear, day: dt.date | None = None) -> dt.date:
    """Today (or `day`) when it lies in the year, else the year's nearest day: a default for a
    date of an object of another year."""
    day = day or timezone.localdate()
    return min(max(day, year.start_date), year.end_date)


# --- Numbers ------------------------------------------------------------------------------


def format_dutch(value: Decimal | int | float | str) -> str:
    """A number as a Dutch reader writes it: a comma before the decimals, a point between
    thousands (never for a year: see format_year)."""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, Decimal):
        sign, text = ("-" if value < 0 else ""), format(abs(value), "f")
        whole, _, decimals = text.partition(".")
    else:
        sign, whole, decimals = ("-" if value < 0 else ""), str(abs(value)), ""
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + (f",{decimals}" if decimals else "")


def format_year(value: int) -> str:
    """A year number, never with a thousands separator."""
    return str(value)


_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_DOT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_PLAIN = re.compile(r"^[+-]?\d+$")
_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)?,\d+$")

NOT_A_NUMBER = "Vul een getal in, zoals 2.231 of 0,5."
NOT_A_WHOLE_NUMBER = "Vul een geheel getal in, zoals 2.231."


def parse_dutch_number(text: str, *, whole: bool) -> Decimal:
    """Read a number the way a Dutch reader writes it: a point between thousands ("2.231"),
    a comma before decimals ("0,5"). Spaces are ignored. A point that could be either (such as
    "1.500" in a field with decimals) is refused rather than guessed."""
    text = re.sub(r"[\s\u00a0\u202f]", "", text)
    if _PLAIN.match(text):
        return Decimal(text)
    if _GROUPED.match(text):
        if whole:
            return Decimal(text.replace(".", ""))
        raise ValidationError(
            "Bedoel je %(thousands)s of %(decimal)s? Schrijf decimalen met een komma.",
            code="ambiguous",
            params={
                "thousands": text.replace(".", ""),
                "decimal": text.replace(".", ","),
            },
        )
    if _COMMA.match(text):
        if whole:
            raise ValidationError(NOT_A_WHOLE_NUMBER, code="invalid")
        return Decimal(text.replace(".", "").replace(",", "."))
    if _DOT_DECIMAL.match(text):
        # "2.5" cannot be a thousands separator: a decimal point typed the English way.
        if whole:
            raise ValidationError(NOT_A_WHOLE_NUMBER, code="invalid")
        return Decimal(text)
    raise ValidationError(NOT_A_WHOLE_NUMBER if whole else NOT_A_NUMBER, code="invalid")
