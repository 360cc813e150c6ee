"""The demo's school years by their part in the demo, not by their name.

The seed year is always 2020-2021 (closed). The running year is the school year containing
the day the demo was loaded (the latest open year that holds placements); the year after it
serves matching. Tests that need the running year ask here instead of writing its name, so
they keep passing when the demo's running year moves. RUNNING_YEAR and NEXT_YEAR are the
names for today, for use where no database is at hand (test parameters)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bos.demo.dates import running_start_year, shift_to
from bos.models import SchoolYear

SEED_YEAR = "2020-2021"
RUNNING_YEAR = SchoolYear.name_for(running_start_year())
NEXT_YEAR = SchoolYear.name_for(running_start_year() + 1)


def running_date(template: dt.date) -> dt.date:
    """A date of the template year 2021-2022 (or of 2022-2023, for the year after) as the
    demo places it in the running year (or the year after it)."""
    template_start_year = template.year if template.month >= 8 else template.year - 1
    return shift_to(running_start_year() + template_start_year - 2021, template)


def running_year() -> SchoolYear:
    year = (
        SchoolYear.objects.filter(placements__isnull=False, closed_at__isnull=True)
        .order_by("-start_date")
        .first()
    )
    assert year is not None, "the demo is not loaded"
    return year


def running_year_name() -> str:
    return running_year().name


def year_after_running() -> SchoolYear | None:
    return (
        SchoolYear.objects.filter(start_date__gt=running_year().start_date)
        .order_by("start_date")
        .first()
    )


def in_running(template: str) -> str:
    """An ISO date of the template years 2021-2022 / 2022-2023 moved by whole calendar years
    into the running year / the year after it (the day of the month kept, for forms)."""
    assert dt.date.fromisoformat(template) < dt.date(2023, 8, 1), "a template date, once"
    day = dt.date.fromisoformat(template)
    return day.replace(year=day.year + running_start_year() - 2021).isoformat()


def held_by_now(template: str) -> str:
    """`in_running(template)`, but no later than yesterday: for what a test records as held
    or attended (a conversation, a meeting's attendance), which cannot lie ahead."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    return min(dt.date.fromisoformat(in_running(template)), yesterday).isoformat()
