"""The placements' dates on the year calendar: the reply to each registration that is still
open (bijlage 11: within the policy's working days). They name the student, so they are
private: only the placement's SO sees them (and those who see everything)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bos.lists import pk_url
from planning.sources import Event, Kind, first_per_day, on_days

from .models import OPEN_STATUSES, ChecklistItem, ChecklistKind

if TYPE_CHECKING:
    from bos.models import SchoolYear
    from bos.permissions import Scope


def events(
    year: SchoolYear,
    scope: Scope | None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int | None = None,
    per_day: int | None = None,
) -> list[Event]:
    items = ChecklistItem.objects.filter(
        kind=ChecklistKind.REPLY,
        done_at__isnull=True,
        placement__school_year=year,
        placement__status__in=OPEN_STATUSES,
    ).select_related("placement__student")
    items = on_days(items, "due_date", start, end)
    if scope is not None and not scope.sees_everything:
        # Only the SO named on the placement gets to see it; fetch no more than that.
        if scope.person_id is None:
            return []
        items = items.filter(placement__so_id=scope.person_id)
    if per_day is not None:
        # The first few of each day (planning.sources.collect_per_day).
        items = first_per_day(items, "due_date", ("pk",), per_day)
    if limit is not None:
        # The first few by day (planning.sources.collect_first).
        items = items.order_by("due_date", "pk")[:limit]
    url = pk_url("placements:detail")
    return [
        Event(
            uid=f"placements-reply-{item.pk}",
            title=f"Reactie op aanmelding {item.placement.student.full_name}",
            start=item.due_date,
            kind=Kind.DEADLINE,
            location_ids=frozenset({item.placement.location_id}),
            person_ids=frozenset({item.placement.so_id} if item.placement.so_id else ()),
            public=False,
            url=url(item.placement_id),
            source="placements",
        )
        for item in items
    ]
