"""The projectleider's own dates as calendar events (this app's source)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import CharField, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Cast
from django.utils import timezone

from bos.lists import pk_url

from .models import PlanningEvent
from .sources import Event, first_per_day, on_days

if TYPE_CHECKING:
    from bos.models import SchoolYear
    from bos.permissions import Scope


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def to_event(
    item: PlanningEvent, location_ids: frozenset[int], url: Callable[[int], str] | None = None
) -> Event:
    start: dt.datetime | dt.date = item.date
    end: dt.datetime | dt.date | None = None
    if item.start_time is not None:
        start = _aware(item.date, item.start_time)
        if item.end_time is not None:
            end = _aware(item.date, item.end_time)
    return Event(
        uid=f"planning-{item.uid}",
        title=item.title,
        start=start,
        end=end,
        kind=item.kind,
        audience=frozenset(item.audience or ()),
        location_ids=location_ids,
        status=item.status,
        # The projectleider's dates are the partnership's agenda, not about persons.
        public=True,
        place=item.place,
        description=item.description,
        url=(url or pk_url("planning:event"))(item.pk),
        sequence=item.sequence,
        source="planning",
        extra={"pk": item.pk},
    )


def events(
    year: SchoolYear,
    scope: Scope | None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int | None = None,
    per_day: int | None = None,
) -> list[Event]:
    # A planning item lasts one day at most.
    items = on_days(PlanningEvent.objects.filter(school_year=year), "date", start, end)
    url = pk_url("planning:event")
    # The locations' ids ride along as text in the same query (no second query for them).
    located = PlanningEvent.locations.through.objects.filter(planningevent_id=OuterRef("pk"))
    ids = (
        located.order_by()
        .values("planningevent_id")
        .annotate(ids=StringAgg(Cast("schoollocation_id", CharField()), delimiter=Value(",")))
        .values("ids")
    )
    items = items.annotate(location_ids=Subquery(ids))
    if per_day is not None:
        # The first few of each day (sources.collect_per_day).
        items = first_per_day(items, "date", ("start_time", "pk"), per_day)
    if limit is not None:
        # The first few by day (sources.collect_first).
        items = items.order_by("date", "start_time", "pk")[:limit]
    return [
        to_event(item, frozenset(int(pk) for pk in (item.location_ids or "").split(",") if pk), url)
        for item in items
    ]
