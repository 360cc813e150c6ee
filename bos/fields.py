"""Form fields every app shares (the form rendering lives in bos.forms)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

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
