"""Reads of the year calendar. The sources deliver every event; these functions decide who
sees which: the reader's scope, the feeds without login, the people a reminder is for."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone

from bos import dataversion
from bos.models import RoleAssignment, SchoolYear
from bos.permissions import Scope, get_scope

from .sources import (
    DayEvents,
    Event,
    FirstEvents,
    Window,
    collect,
    collect_first,
    collect_per_day,
)


@dataclass(frozen=True)
class EventFilter:
    kind: str = ""
    audience: str = ""
    # The schools chosen (one from a list, or those whose name matched); None: every school.
    location_ids: frozenset[int] | None = None
    own_only: bool = False


def apply_filter(events: Iterable[Event], chosen: EventFilter, scope: Scope) -> list[Event]:
    result = []
    for event in events:
        if chosen.kind and event.kind != chosen.kind:
            continue
        if chosen.audience and event.audience and chosen.audience not in event.audience:
            continue
        if (
            chosen.location_ids is not None
            and event.location_ids
            and not chosen.location_ids & event.location_ids
        ):
            continue
        if chosen.own_only and not event.concerns(scope):
            continue
        result.append(event)
    return result


STUDENTS_ONLY = frozenset({"student"})


def calendar_events(
    *,
    user: Any,
    year: SchoolYear,
    chosen: EventFilter | None = None,
    window: Window | None = None,
) -> list[Event]:
    """The events of a year the user may see, filtered; only those in the window (the days a
    page shows) when one is given. A window's events are kept per data version, user, filter
    and day: every app's source is asked for them (some 40 ms for a month of a region)."""
    scope = get_scope(user, year)
    chosen = chosen or EventFilter()

    def events() -> list[Event]:
        visible = [
            _linked_for(event, scope)
            for event in collect(year, scope, window=window)
            if event.visible_to(scope)
        ]
        return apply_filter(visible, chosen, scope)

    if window is None:
        return events()
    return dataversion.kept_figures(_events_key("all", user, year, chosen, window), events)


def _events_key(kind: str, user: Any, year: SchoolYear, chosen: EventFilter, window: Window) -> str:
    """The key a user's events of a window are kept under: the filter, the window and the day
    (a source may judge a date against today)."""
    schools = "all" if chosen.location_ids is None else sorted(chosen.location_ids)
    asked = (chosen.kind, chosen.audience, schools, chosen.own_only, tuple(window))
    return dataversion.reader_key(
        f"planning:events:{kind}", user, year, timezone.localdate(), dataversion.digest(asked)
    )


def _keeper(scope: Scope, chosen: EventFilter) -> Callable[[Event], bool]:
    """Whether an event is one the reader may see and the filter lets through."""

    def keep(event: Event) -> bool:
        return event.visible_to(scope) and bool(apply_filter([event], chosen, scope))

    return keep


def first_calendar_events(
    *, user: Any, year: SchoolYear, chosen: EventFilter | None, window: Window, count: int
) -> FirstEvents:
    """The first `count` events of the window the user may see, filtered, reading about as
    many as they need (sources.collect_first): a list's first pages at any size of the
    partnership."""
    scope = get_scope(user, year)
    keep = _keeper(scope, chosen or EventFilter())

    def first() -> FirstEvents:
        found = collect_first(year, scope, window, count=count, keep=keep)
        return FirstEvents([_linked_for(event, scope) for event in found.events], found.complete)

    # Kept like `calendar_events`, per number of dates asked for.
    return dataversion.kept_figures(_events_key(f"first{count}", user, year, chosen, window), first)


def calendar_days(
    *, user: Any, year: SchoolYear, chosen: EventFilter | None, window: Window, count: int
) -> dict[dt.date, DayEvents]:
    """For each day of the window: the first `count` events the user may see, filtered, and
    how many more (sources.collect_per_day): a month grid at any size of the partnership."""
    scope = get_scope(user, year)
    keep = _keeper(scope, chosen or EventFilter())

    def days() -> dict[dt.date, DayEvents]:
        found = collect_per_day(year, scope, window, count=count, keep=keep)
        return {
            day: DayEvents([_linked_for(event, scope) for event in shown.events], shown.more)
            for day, shown in found.items()
        }

    # Kept like `calendar_events`, per number of dates a day.
    return dataversion.kept_figures(_events_key(f"days{count}", user, year, chosen, window), days)


def _linked_for(event: Event, scope: Scope) -> Event:
    """A public event is on everyone's calendar, but its page (a meeting, a student's own
    afternoons) is for those it concerns: others see it without a link that would refuse
    them."""
    if not event.url or event.concerns(scope):
        return event
    # Those who see everything follow every link, except to a student's own pages (their
    # afternoons, their choices), which open for the student alone.
    if scope.sees_everything and event.audience != STUDENTS_ONLY:
        return event
    # A planning item's own page (planning.views.event_detail) opens for everyone who sees
    # the item: its link stays.
    if event.uid.startswith("planning-"):
        return event
    return replace(event, url="")


def event_by_uid(
    *, user: Any, year: SchoolYear, uid: str, day: dt.date | None = None
) -> Event | None:
    """One event by its UID; knowing its day, only that day is read."""
    scope = get_scope(user, year)
    window = Window.days(day, 1) if day is not None else None
    for event in collect(year, scope, window=window):
        if event.uid == uid and event.visible_to(scope):
            return event
    return None


def feed_years(today: dt.date | None = None) -> list[SchoolYear]:
    """The years a feed covers: from the year before today's on, so last year's dates stay
    in subscribers' calendars; when no year is that recent, the latest two."""
    today = today or timezone.localdate()
    years = list(
        SchoolYear.objects.filter(end_date__gte=today - dt.timedelta(days=366)).order_by(
            "start_date"
        )
    )
    if not years:
        years = list(SchoolYear.objects.order_by("-start_date")[:2])[::-1]
    return years


def personal_feed_events(user: Any, years: Iterable[SchoolYear]) -> list[Event]:
    """A person's own events: named, or for one of their roles at their schools."""
    result: list[Event] = []
    for year in years:
        scope = get_scope(user, year)
        result += [event for event in collect(year, scope) if event.concerns(scope)]
    return result


def public_feed_events(years: Iterable[SchoolYear], location_id: int | None = None) -> list[Event]:
    """Events without personal data: BOS-wide ones, plus one school's when asked."""
    result: list[Event] = []
    for year in years:
        for event in collect(year, None):
            if not event.public:
                continue
            if event.location_ids and (
                location_id is None or location_id not in event.location_ids
            ):
                continue
            result.append(event)
    return result


def person_scopes(year: SchoolYear) -> dict[int, Scope]:
    """Every person with a role in the year as a scope, built in two queries (reminders
    must not ask per person)."""
    roles: dict[int, set[str]] = defaultdict(set)
    locations: dict[int, set[int]] = defaultdict(set)
    assignments = RoleAssignment.objects.filter(school_year=year).prefetch_related("locations")
    for assignment in assignments:
        roles[assignment.person_id].add(assignment.role)
        locations[assignment.person_id] |= {loc.pk for loc in assignment.locations.all()}
    return {
        person_id: Scope(
            year=year,
            roles=frozenset(person_roles),
            person_id=person_id,
            extra={"location_ids": frozenset(locations[person_id])},
        )
        for person_id, person_roles in roles.items()
    }


def reminder_days(day: dt.date, leads: Iterable[int]) -> dict[dt.date, int]:
    """The event days a reminder run on `day` looks at, with their lead in days."""
    return {day + dt.timedelta(days=lead): lead for lead in leads}


def reminders_by_person(day: dt.date, leads: Iterable[int]) -> dict[int, list[tuple[int, Event]]]:
    """For each person: the (lead, event) pairs to remind them of on `day`. Cancelled events
    are left out; an event counts once per person even when two leads meet."""
    wanted = reminder_days(day, leads)
    years = {
        year
        for target in wanted
        # Each event in its own year, and never one of a closed year.
        for year in SchoolYear.objects.filter(
            start_date__lte=target, end_date__gte=target, closed_at__isnull=True
        )
    }
    result: dict[int, list[tuple[int, Event]]] = defaultdict(list)
    # Only the days looked at are read, not the whole year.
    window = Window(min(wanted), max(wanted) + dt.timedelta(days=1)) if wanted else None
    for year in sorted(years, key=lambda y: y.start_date):
        events = [
            event
            for event in collect(year, None, window=window)
            if event.day in wanted and not event.is_cancelled
        ]
        if not events:
            continue
        for person_id, scope in person_scopes(year).items():
            for event in events:
                if event.concerns(scope):
                    result[person_id].append((wanted[event.day], event))
        # People named on an event without a role that year (rare) are still reminded.
        for event in events:
            for person_id in event.person_ids:
                pairs = result[person_id]
                if all(existing.uid != event.uid for _, existing in pairs):
                    pairs.append((wanted[event.day], event))
    return {
        person_id: sorted(pairs, key=lambda pair: pair[1].sort_key)
        for person_id, pairs in result.items()
        if pairs
    }
