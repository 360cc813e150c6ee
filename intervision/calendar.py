"""Intervision meetings at school on the year calendar. A group's name and place hold no
personal data, so the meetings may go into the per-school feeds; the people in a group are
its students and SOs, who see it in their own calendar through its locations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.urls import reverse

from planning.sources import Event, Kind

from .models import Meeting

if TYPE_CHECKING:
    from bos.models import SchoolYear
    from bos.permissions import Scope

# A meeting's length when only its start is recorded (the handreiking plans 1,5 hours).
DEFAULT_LENGTH = dt.timedelta(minutes=90)


def events(year: SchoolYear, scope: Scope | None) -> list[Event]:
    meetings = (
        Meeting.objects.filter(group__school_year=year)
        .select_related("group")
        .prefetch_related("group__locations")
    )
    return [
        Event(
            uid=f"intervision-meeting-{meeting.pk}",
            title=f"Intervisie {meeting.group.name}",
            start=meeting.starts_at,
            end=meeting.starts_at + DEFAULT_LENGTH,
            kind=Kind.INTERVISION,
            audience=frozenset({"student", "so", "io"}),
            location_ids=frozenset(location.pk for location in meeting.group.locations.all()),
            place="online" if meeting.online_link else meeting.place,
            public=True,
            url=reverse("intervision:meeting", args=[meeting.pk]),
            source="intervision",
        )
        for meeting in meetings
    ]
