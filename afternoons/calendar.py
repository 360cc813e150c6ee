"""The verdiepingsmiddagen and their choice deadlines on the year calendar. The place is left
out: students learn it only when the assignment is published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from planning.sources import Event, Kind, in_window

from .models import DeepeningAfternoon

# Students open their own afternoons; the SO, IO and projectleider follow the attendance.
STUDENTS = frozenset({"student"})
STAFF = frozenset({"so", "io", "pl"})


def _at(day: dt.date, time: dt.time | None) -> dt.datetime | dt.date:
    if time is None:
        return day
    return timezone.make_aware(dt.datetime.combine(day, time))


def events(
    year: Any, scope: Any, *, start: dt.date | None = None, end: dt.date | None = None
) -> list[Event]:
    afternoons = DeepeningAfternoon.objects.filter(school_year=year)
    if start is not None and end is not None:
        # The afternoon itself or its choice deadline in the window.
        afternoons = afternoons.filter(
            Q(date__gte=start, date__lt=end)
            | Q(choice_deadline__gte=start, choice_deadline__lt=end)
        )
    # The same two pages for every afternoon: reverse them once.
    mine, follow_up = reverse("afternoons:mine"), reverse("afternoons:follow_up")
    result = []
    for afternoon in afternoons.order_by("date"):
        begins = _at(afternoon.date, afternoon.start_time)
        ends = _at(afternoon.date, afternoon.end_time) if afternoon.start_time else None
        title = f"Verdiepingsmiddag {afternoon.number}: {afternoon.audience}"
        # One event per audience, each linking to a page that audience may open.
        for uid, audience, url in (
            (f"afternoons-{afternoon.pk}", STUDENTS, mine),
            (f"afternoons-staff-{afternoon.pk}", STAFF, follow_up),
        ):
            result.append(
                Event(
                    uid=uid,
                    title=title,
                    start=begins,
                    end=ends,
                    kind=Kind.AFTERNOON,
                    audience=audience,
                    public=True,
                    url=url,
                )
            )
        if afternoon.choice_deadline and afternoon.invitations_sent_at:
            result.append(
                Event(
                    uid=f"afternoons-deadline-{afternoon.pk}",
                    title=f"Thema's kiezen voor verdiepingsmiddag {afternoon.number}",
                    start=afternoon.choice_deadline,
                    kind=Kind.DEADLINE,
                    audience=frozenset({"student"}),
                    public=True,
                    url=mine,
                )
            )
    return [event for event in result if in_window(event, start, end)]
