"""Form fields every app shares (the form rendering lives in bos.forms)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core import validators as core_validators
from django.core.exceptions import ValidationError

from bos import limits

# No date the application records lies outside these; a far date would only reach month
# arithmetic and database adapters that overflow.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)


class DateField(forms.DateField):
    """A date between MIN_DATE and MAX_DATE, refused in Dutch otherwise."""

    def __init__(
        self, *args: Any, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.min_date, self.max_date = min_date, max_date

    def validate(self, value: dt.date | None) -> None:
        super().validate(value)
        if value is not None and not self.min_date <= value <= self.max_date:
            raise forms.ValidationError(
                "Kies een datum tussen %(min)s en %(max)s.",
                code="out_of_range",
                params={
                    "min": self.min_date.strftime("%d-%m-%Y"),
                    "max": self.max_date.strftime("%d-%m-%Y"),
                },
            )


class BirthDateField(DateField):
    """A date of birth: not in the future, not absurdly long ago (see bos.limits)."""

    def validate(self, value: dt.date | None) -> None:
        super().validate(value)
        limits.validate_birth_date(value)


class NameField(forms.CharField):
    """A person's name: one line of visible text, at most the import's length."""

    default_validators = [limits.validate_name]

    def __init__(self, *args: Any, max_length: int = limits.NAME_MAX, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)


# --- Numbers the Dutch way --------------------------------------------------------------------


class DutchMinValueValidator(core_validators.MinValueValidator):
    """Django's check, with the limit written the Dutch way in its message ("minstens 0,5")."""

    def __call__(self, value: Any) -> None:
        limit = self.limit_value() if callable(self.limit_value) else self.limit_value
        if self.compare(self.clean(value), limit):
            raise ValidationError(
                self.message,
                code=self.code,
                params={"limit_value": limits.format_dutch(limit), "value": value},
            )


class DutchMaxValueValidator(core_validators.MaxValueValidator):
    def __call__(self, value: Any) -> None:
        limit = self.limit_value() if callable(self.limit_value) else self.limit_value
        if self.compare(self.clean(value), limit):
            raise ValidationError(
                self.message,
                code=self.code,
                params={"limit_value": limits.format_dutch(limit), "value": value},
            )


def use_dutch_number_messages(field: forms.Field) -> None:
    """Swap a number field's range checks for ones whose messages write the limit the Dutch
    way. The form renderer's bound field calls this for every field of every form."""
    swapped = []
    for validator in field.validators:
        kind = type(validator)
        if kind is core_validators.MinValueValidator:
            validator = DutchMinValueValidator(validator.limit_value, validator.message)
        elif kind is core_validators.MaxValueValidator:
            validator = DutchMaxValueValidator(validator.limit_value, validator.message)
        swapped.append(validator)
    field.validators = swapped


def _not_a_number(field: forms.Field, *, whole: bool) -> ValidationError:
    if getattr(field, "custom_invalid", False):
        return ValidationError(field.error_messages["invalid"], code="invalid")
    message = limits.NOT_A_WHOLE_NUMBER if whole else limits.NOT_A_NUMBER
    return ValidationError(message, code="invalid")


def _parse_with_messages(field: forms.Field, text: str, *, whole: bool) -> Decimal:
    """Parse; a field's own message for "not a number" (if its form gave one) wins over the
    general one, so a page can say what number it asks for."""
    try:
        return limits.parse_dutch_number(text, whole=whole)
    except ValidationError as error:
        if error.code == "invalid":
            raise _not_a_number(field, whole=whole) from error
        raise


class YearField(forms.IntegerField):
    """A year number ("werkzaam sinds 2011"): written and named in messages without a
    thousands separator, never "2.011"."""

    keeps_plain_numbers = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)
        self.validators = [_plain_limit(v) for v in self.validators]


class _PlainMinValueValidator(core_validators.MinValueValidator):
    def __call__(self, value: Any) -> None:
        if self.compare(self.clean(value), self.limit_value):
            raise ValidationError(
                self.message,
                code=self.code,
                params={"limit_value": limits.format_year(self.limit_value), "value": value},
            )


class _PlainMaxValueValidator(core_validators.MaxValueValidator):
    def __call__(self, value: Any) -> None:
        if self.compare(self.clean(value), self.limit_value):
            raise ValidationError(
                self.message,
                code=self.code,
                params={"limit_value": limits.format_year(self.limit_value), "value": value},
            )


def _plain_limit(validator: Any) -> Any:
    # Django's messages render an int limit through the locale, with a thousands separator.
    if type(validator) is core_validators.MinValueValidator:
        return _PlainMinValueValidator(validator.limit_value, validator.message)
    if type(validator) is core_validators.MaxValueValidator:
        return _PlainMaxValueValidator(validator.limit_value, validator.message)
    return validator


# Typed text longer than this is no number anyone means; it is refused before it is parsed.
NUMBER_TEXT_MAX = 30


class DutchIntegerField(forms.IntegerField):
    """A whole number as a Dutch reader writes it: "2.231" is two thousand two hundred and
    thirty-one, and the field shows its value that way too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        self.custom_invalid = "invalid" in (kwargs.get("error_messages") or {})
        super().__init__(*args, **kwargs)
        use_dutch_number_messages(self)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = str(value)
        if len(text) > NUMBER_TEXT_MAX:
            raise _not_a_number(self, whole=True)
        return int(self._parsed(text, whole=True))

    def _parsed(self, text: str, *, whole: bool) -> Decimal:
        return _parse_with_messages(self, text, whole=whole)


class DutchDecimalField(forms.DecimalField):
    """A number with decimals as a Dutch reader writes it: "0,5", "1.234,5". A point that
    could be a thousands separator or a decimal point ("1.500") is refused, not guessed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        self.custom_invalid = "invalid" in (kwargs.get("error_messages") or {})
        super().__init__(*args, **kwargs)
        use_dutch_number_messages(self)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        text = str(value)
        if len(text) > NUMBER_TEXT_MAX:
            raise _not_a_number(self, whole=False)
        return _parse_with_messages(self, text, whole=False)


# The largest primary key a database integer column holds; a larger number in a submitted
# choice cannot name a record, and some databases refuse to even compare with it.
MAX_PK = 2**63 - 1


def _pk_in_range(value: object) -> bool:
    try:
        return 0 < int(str(value)) <= MAX_PK
    except ValueError:
        return False


class ModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that answers an out-of-range id with its ordinary Dutch error."""

    def to_python(self, value: object) -> object:
        if value not in self.empty_values and not _pk_in_range(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that answers out-of-range ids with its Dutch error."""

    def _check_values(self, value: object) -> object:
        for item in value or ():
            if not _pk_in_range(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)
