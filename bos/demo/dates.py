"""Where the demo puts its dates. The seed year 2020-2021 keeps its real dates. The running
year is the school year that contains the day of loading; its content was written for the
template year 2021-2022 and is moved into the running year by whole weeks (same weekday,
same week of the school year), clamped inside 1 August – 31 July. What must still be ahead
on the day of loading (a meeting to register for, a deadline to choose themes) is placed
relative to today, clamped inside the year, so the demo works on any day of the year."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bos.models import SchoolYear

# The first year the demo can run in: the year after the seed year.
FIRST_RUNNING_START_YEAR = 2021


def today() -> dt.date:
    return timezone.localdate()


def running_start_year(day: dt.date | None = None) -> int:
    """The start year of the school year containing `day` (school years start 1 August)."""
    day = day or today()
    start_year = day.year if day.month >= 8 else day.year - 1
    return max(start_year, FIRST_RUNNING_START_YEAR)


def _clamp(day: dt.date, first: dt.date, last: dt.date) -> dt.date:
    return max(first, min(day, last))


def shift_into(year: SchoolYear, template: dt.date) -> dt.date:
    """`template`, a date of some school year (the template year 2021-2022 for the running
    year's content), moved into `year` by whole weeks and clamped inside it: same weekday,
    same week of the school year."""
    return shift_to(year.start_year, template)


def shift_to(start_year: int, template: dt.date) -> dt.date:
    """`shift_into` for the school year starting in `start_year` (which need not exist)."""
    template_start, _ = SchoolYear.bounds_for(
        template.year if template.month >= 8 else template.year - 1
    )
    first, last = SchoolYear.bounds_for(start_year)
    days = (first - template_start).days
    return _clamp(template + dt.timedelta(days=7 * round(days / 7)), first, last)


def in_year(year: SchoolYear, day: dt.date) -> dt.date:
    return _clamp(day, year.start_date, year.end_date)


def from_today(year: SchoolYear, days: int, *, day: dt.date | None = None) -> dt.date:
    """`days` from today (negative: ago), clamped inside `year`."""
    return in_year(year, (day or today()) + dt.timedelta(days=days))


def not_after_today(year: SchoolYear, day: dt.date) -> dt.date:
    """`day`, but no later than today: what the demo records as done has happened."""
    return in_year(year, min(day, today()))
