"""Intervision meetings at school on the year calendar. A group's name and place hold no
personal data, so the meetings may go into the per-school feeds; the people in a group are
its students and SOs, who see it in their own calendar through its locations.

A reader's calendar holds the meetings that concern them: at their schools, led by them, or
of their own group; those who see everything see them all. A region plans thousands of
meetings a month, so a day with more than `DAY_DETAIL` of a reader's meetings shows one line
with their number, linked to the intervision overview: the calendar reads and shows at most
that many meetings a day, at any size of the partnership."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import CharField, Count, OuterRef, Q, QuerySet, StringAgg, Subquery, Value
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse
from django.utils import timezone

from bos.lists import pk_url
from bos.permissions import CAPABILITIES
from planning.sources import Event, Kind, day_start, scope_location_ids

from .models import IntervisionGroup, Meeting, Membership
from .selectors import managed_location_ids

if TYPE_CHECKING:
    from bos.models import SchoolYear
    from bos.permissions import Scope

# A meeting's length when only its start is recorded (the handreiking plans 1,5 hours).
DEFAULT_LENGTH = dt.timedelta(minutes=90)
# More meetings than this on one day of a reader's calendar become one line with their number
# (a calendar's legibility, not a policy of the partnership).
DAY_DETAIL = 6
AUDIENCE = frozenset({"student", "so", "io"})


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
    limit: int | None = None,
) -> list[Event]:
    meetings = Meeting.objects.filter(group__school_year=year)
    if start is not None and end is not None:
        # A meeting that starts the evening before may run into the window.
        meetings = meetings.filter(
            starts_at__gte=day_start(start) - DEFAULT_LENGTH, starts_at__lt=day_start(end)
        )
    summaries: list[Event] = []
    if scope is not None:
        meetings = _concerning(meetings, scope)
        meetings, summaries = _busy_days_summarised(meetings, scope)
    # Each meeting's group's schools ride along as a list of ids: no second query (a
    # prefetch runs only when there are meetings, so the page's query count would depend on
    # the data).
    schools = (
        IntervisionGroup.locations.through.objects.filter(intervisiongroup_id=OuterRef("group_id"))
        .order_by()
        .values("intervisiongroup_id")
        .annotate(ids=StringAgg(Cast("schoollocation_id", CharField()), delimiter=Value(",")))
        .values("ids")
    )
    url = pk_url("intervision:meeting")
    meetings = meetings.select_related("group", "theme").annotate(_schools=Subquery(schools))
    if limit is not None:
        # The first few by their start (planning.sources.collect_first); a busy day's summary
        # is one event a day, read from the day counts above.
        meetings = meetings.order_by("starts_at", "pk")[:limit]
    located = [
        (meeting, frozenset(int(pk) for pk in (meeting._schools or "").split(",") if pk))
        for meeting in meetings
    ]
    return summaries + [
        Event(
            uid=f"intervision-meeting-{meeting.pk}",
            title=f"Intervisie {meeting.group.name}"
            + (f": {meeting.theme.name}" if meeting.theme else ""),
            start=meeting.starts_at,
            end=meeting.starts_at + DEFAULT_LENGTH,
            kind=Kind.INTERVISION,
            audience=AUDIENCE,
            location_ids=location_ids,
            place="online" if meeting.online_link else meeting.place,
            public=True,
            url=url(meeting.pk) if _may_open(meeting, location_ids, scope) else "",
            source="intervision",
        )
        for meeting, location_ids in located
    ]


def _concerning(meetings: QuerySet[Meeting], scope: Scope) -> QuerySet[Meeting]:
    """The meetings on a reader's calendar, chosen in the database (subqueries, so a group
    at several schools is still one row): at the reader's schools, led or backed up by
    them, or of the group the reader belongs to as a student."""
    if scope.sees_everything:
        return meetings
    condition = Q(
        group__in=IntervisionGroup.objects.filter(locations__in=scope_location_ids(scope)).values(
            "pk"
        )
    )
    if scope.person_id is not None:
        condition |= Q(leader_id=scope.person_id) | Q(backup_id=scope.person_id)
    if scope.student_id is not None:
        condition |= Q(
            group__in=Membership.objects.filter(placement__student_id=scope.student_id).values(
                "group"
            )
        )
    return meetings.filter(condition)


def _busy_days_summarised(
    meetings: QuerySet[Meeting], scope: Scope
) -> tuple[QuerySet[Meeting], list[Event]]:
    """The meetings of quiet days, and one summary event for each day with more than
    `DAY_DETAIL` meetings: one query counts per day, the other reads only the quiet days."""
    local_day = TruncDate("starts_at", tzinfo=timezone.get_current_timezone())
    counts = meetings.annotate(day=local_day).values("day").annotate(number=Count("pk")).order_by()
    busy = {row["day"]: row["number"] for row in counts if row["number"] > DAY_DETAIL}
    if not busy:
        return meetings, []
    # The line links to the overview for those who may open it.
    may_open = bool(CAPABILITIES["intervision.view"] & frozenset(scope.roles))
    overview = reverse("intervision:overview") if may_open else ""
    summaries = [
        Event(
            uid=f"intervision-day-{day:%Y%m%d}",
            title=f"Intervisie: {number} bijeenkomsten",
            start=day,
            kind=Kind.INTERVISION,
            audience=AUDIENCE,
            url=overview,
            source="intervision",
        )
        for day, number in sorted(busy.items())
    ]
    return meetings.annotate(day=local_day).exclude(day__in=list(busy)), summaries
