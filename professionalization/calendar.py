"""Professionalisation meetings and the schools' WPB start meetings on the year calendar.
Titles hold a theme or a school, never a person, so they go into the public feeds."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from bos.lists import pk_url
from planning.sources import Event, Kind, first_per_day, on_days

from .models import Meeting, MeetingKind

if TYPE_CHECKING:
    from bos.models import SchoolYear
    from bos.permissions import Scope


def _moment(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


def events(
    year: SchoolYear,
    scope: Scope | None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int | None = None,
    per_day: int | None = None,
) -> list[Event]:
    meetings = on_days(Meeting.objects.filter(school_year=year), "date", start, end)
    meetings = meetings.select_related("theme", "location")
    if per_day is not None:
        # The first few of each day (planning.sources.collect_per_day).
        meetings = first_per_day(meetings, "date", ("start_time", "pk"), per_day)
    if limit is not None:
        # The first few by day (planning.sources.collect_first).
        meetings = meetings.order_by("date", "start_time", "pk")[:limit]
    url = pk_url("professionalization:meeting")
    result = []
    for meeting in meetings:
        start_meeting = meeting.kind == MeetingKind.START
        result.append(
            Event(
                uid=f"professionalization-meeting-{meeting.pk}",
                title=meeting.title,
                start=_moment(meeting.date, meeting.start_time),
                end=_moment(meeting.date, meeting.end_time),
                kind=Kind.START_MEETING if start_meeting else Kind.PROFESSIONALISATION,
                audience=frozenset({"wpb", "so", "io"} if not start_meeting else {"wpb", "so"}),
                location_ids=frozenset({meeting.location_id})
                if meeting.location_id
                else frozenset(),
                place=meeting.location.name if meeting.location_id else "",
                public=True,
                url=url(meeting.pk),
                source="professionalization",
            )
        )
    return result
