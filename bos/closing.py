"""Whether a school year may still be changed. Every write to a closed year is refused on its
way to the database (bos.yearbound); a service that must refuse before it starts its work
(reading an uploaded file, say) asks `ensure_open` first."""

from __future__ import annotations

from .models import SchoolYear
from .yearbound import YearClosed  # raised by ensure_open


def ensure_open(year: SchoolYear | int | None) -> None:
    """Refuse (YearClosed) when the year is closed. Reads the database, not the passed
    object, so a year closed by someone else a moment ago is refused too."""
    if year is None:
        return
    pk = year if isinstance(year, int) else year.pk
    current = SchoolYear.objects.filter(pk=pk, closed_at__isnull=False).first()
    if current is not None:
        raise YearClosed(current)
