"""Whether a school year may still be changed. A closed year's policy, budget, actuals and
placements are read-only: every service that writes them calls `ensure_open` first, so the
refusal holds for every caller (views, imports, commands), not only for the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from .models import SchoolYear


class YearClosed(ValidationError):
    """A write to a closed school year. A ValidationError, so forms and pages show the
    message like any other refusal and nothing is saved."""

    def __init__(self, year: SchoolYear) -> None:
        self.year = year
        super().__init__(closed_message(year), code="year_closed")


def closed_message(year: SchoolYear) -> str:
    when = ""
    if year.closed_at is not None:
        when = " op " + date_format(timezone.localtime(year.closed_at), "d-m-Y")
    return (
        f"Schooljaar {year.name} is afgesloten{when}: het beleid, de begroting, de "
        "realisatie en de stages van dat jaar kunnen niet meer worden gewijzigd. De "
        "projectleider kan het jaar heropenen (met een reden)."
    )


def ensure_open(year: SchoolYear | int | None) -> None:
    """Refuse (YearClosed) when the year is closed. Reads the database, not the passed
    object, so a year closed by someone else a moment ago is refused too."""
    if year is None:
        return
    pk = year if isinstance(year, int) else year.pk
    current = SchoolYear.objects.filter(pk=pk, closed_at__isnull=False).first()
    if current is not None:
        raise YearClosed(current)
