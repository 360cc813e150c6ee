"""Intervision meetings at school on the year calendar. A group's name and place hold no
personal data, so the meetings may go into the per-school feeds; the people in a group are
its students and SOs, who see it in their own calendar through its locations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from planning.sources import Event, Kind, day_start, pk_url

from .models import Meeting
from .selectors import managed_location_ids

if TYPE_CHECKING:
    from bos.models import SchoolYear
    from bos.permissions import Scope

# A meeting's length when only its start is recorded (the handreiking plans 1,5 hours).
DEFAULT_LENGTH = dt.timedelta(minutes=90)


def _may_open(meeting: Meeting, location_ids: frozenset[int], scope: Scope | None) -> bool:
    """Whether the reader may open the meeting's page (see selectors.meeting_get): the SO of
    its school, its leader or backup. Students and IOs see the meeting on the calendar
    without a link that would refuse them. Without a reader (feeds) the link stays."""
    if scope is None:
        return True
    if scope.person_id and scope.person_id in (meeting.leader_id, meeting.backup_id):
        return True
    return bool(location_ids & managed_location_ids(scope))


def events(
    year: SchoolYear,
    scope: Scope | None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[Event]:
    meetings = Meeting.objects.filter(group__school_year=year)
    if start is not None and end is not None:
        # A meeting that starts the evening before may run into the window.
        meetings = meetings.filter(
            starts_at__gte=day_start(start) - DEFAULT_LENGTH, starts_at__lt=day_start(end)
        )
    meetings = meetings.select_related("group").prefetch_related("group__locations")
    url = pk_url("intervision:meeting")
    located = [
        (meeting, frozenset(location.pk for location in meeting.group.locations.all()))
        for meeting in meetings
    ]
    return [
        Event(
            uid=f"intervision-meeting-{meeting.pk}",
            title=f"Intervisie {meeting.group.name}",
            start=meeting.starts_at,
            end=meeting.starts_at + DEFAULT_LENGTH,
            kind=Kind.INTERVISION,
            audience=frozenset({"student", "so", "io"}),
            location_ids=location_ids,
            place="online" if meeting.online_link else meeting.place,
            public=True,
            url=url(meeting.pk) if _may_open(meeting, location_ids, scope) else "",
            source="intervision",
        )
        for meeting, location_ids in located
    ]
