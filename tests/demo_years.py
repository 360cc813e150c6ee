"""The demo's school years by their part in the demo, not by their name.

The seed year is always 2020-2021 (closed). The running year is the latest year that holds
placements; the year after it (if any) serves matching. Tests that need the running year ask
here instead of writing its name, so they keep passing when the demo's running year moves."""

from __future__ import annotations

from bos.models import SchoolYear

SEED_YEAR = "2020-2021"


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
