"""The verdiepingsmiddagen and their choice deadlines on the year calendar. The place is left
out: students learn it only when the assignment is published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from planning.sources import Event, Kind

from .models import DeepeningAfternoon

# Students open their own afternoons; the SO, IO and projectleider follow the attendance.
STUDENTS = frozenset({"student"})
STAFF = frozenset({"so", "io", "pl"})


def _at(day: dt.date, time: dt.time | None) -> dt.datetime | dt.date:
    if time is None:
        return day
    return timezone.make_aware(dt.datetime.combine(day, time))


def events(year: Any, scope: Any) -> list[Event]:
    result = []
    for afternoon in DeepeningAfternoon.objects.filter(school_year=year).order_by("date"):
        start = _at(afternoon.date, afternoon.start_time)
        end = _at(afternoon.date, afternoon.end_time) if afternoon.start_time else None
        title = f"Verdiepingsmiddag {afternoon.number}: {afternoon.audience}"
        # One event per audience, each linking to a page that audience may open.
        for uid, audience, url in (
            (f"afternoons-{afternoon.pk}", STUDENTS, reverse("afternoons:mine")),
            (f"afternoons-staff-{afternoon.pk}", STAFF, reverse("afternoons:follow_up")),
        ):
            result.append(
                Event(
                    uid=uid,
                    title=title,
                    start=start,
                    end=end,
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
                    url=reverse("afternoons:mine"),
                )
            )
    return result
