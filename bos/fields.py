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
