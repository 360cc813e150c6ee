"""The verdiepingsmiddagen and their choice deadlines on the year calendar. The place is left
out: students learn it only when the assignment is published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce, Least
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
    year: Any,
    scope: Any,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int | None = None,
) -> list[Event]:
    afternoons = DeepeningAfternoon.objects.filter(school_year=year)
    if start is not None and end is not None:
        if limit is not None:
            # The first few by day (planning.sources.collect_first): each afternoon by the
            # first of its days in the window, the afternoon itself or its choice deadline.
            held = Q(date__gte=start, date__lt=end)
            due = Q(
                choice_deadline__gte=start,
                choice_deadline__lt=end,
                invitations_sent_at__isnull=False,
            )
            on_held = Case(When(held, then=F("date")), default=None)
            on_due = Case(When(due, then=F("choice_deadline")), default=None)
            first = afternoons.filter(held | due).annotate(
                first_day=Least(Coalesce(on_held, on_due), Coalesce(on_due, on_held))
            )
            produced = _events(first.order_by("first_day", "pk")[:limit])
            return [event for event in produced if in_window(event, start, end)]
        # The afternoon itself or its choice deadline in the window.
        afternoons = afternoons.filter(
            Q(date__gte=start, date__lt=end)
            | Q(choice_deadline__gte=start, choice_deadline__lt=end)
        )
    return [event for event in _events(afternoons.order_by("date")) if in_window(event, start, end)]


def _events(afternoons: Iterable[DeepeningAfternoon]) -> list[Event]:
    # The same two pages for every afternoon: reverse them once.
    mine, follow_up = reverse("afternoons:mine"), reverse("afternoons:follow_up")
    result = []
    for afternoon in afternoons:
        title = f"Verdiepingsmiddag {afternoon.number}: {afternoon.audience}"
        begins = _at(afternoon.date, afternoon.start_time)
        ends = _at(afternoon.date, afternoon.end_time) if afternoon.start_time else None
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
    return result
