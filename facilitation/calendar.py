"""The funding deadlines on the year calendar: the institutes' count of last year's students
and the subsidy application, which is due before 1 October (the peildatum). Dates of the
partnership, not of persons: public."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from planning.sources import Event, Kind, in_window

if TYPE_CHECKING:
    from bos.models import SchoolYear
    from bos.permissions import Scope

# The count feeds the application, so the institutes deliver it two weeks before.
FUNDING_COUNT_LEAD = dt.timedelta(days=14)
FUNDING_AUDIENCE = frozenset({"pl", "kernteam", "ic", "stuurgroep"})


def events(
    year: SchoolYear,
    scope: Scope | None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int | None = None,
) -> list[Event]:
    # Two dates a year: the limit never cuts them.
    return [event for event in _deadlines(year) if in_window(event, start, end)]


def _deadlines(year: SchoolYear) -> list[Event]:
    deadline = year.peildatum - dt.timedelta(days=1)
    previous = f"{year.start_year - 1}-{year.start_year}"
    return [
        Event(
            uid=f"facilitation-funding-count-{year.name}",
            title=f"Financieringstelling: instituten leveren studenten {previous} aan",
            start=deadline - FUNDING_COUNT_LEAD,
            kind=Kind.DEADLINE,
            audience=FUNDING_AUDIENCE,
            public=True,
            description=(
                "Aantal studenten van partnerinstituten dat vorig schooljaar in de "
                "opleidingsschool is opgeleid en bij het instituut geregistreerd stond; een "
                "student telt één keer."
            ),
            source="facilitation",
        ),
        Event(
            uid=f"facilitation-subsidy-application-{year.name}",
            title=f"Subsidieaanvraag {year} indienen (vóór 1 oktober)",
            start=deadline,
            kind=Kind.DEADLINE,
            audience=FUNDING_AUDIENCE,
            public=True,
            description="De aanvraag rekent met de financieringstelling van vorig schooljaar.",
            source="facilitation",
        ),
    ]
