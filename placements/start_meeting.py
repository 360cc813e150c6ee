"""The central start meeting at a school (annual report: "Centrale kennismaking"): the SO
plans it; the school's students of the year are invited, with their WPBs (voluntary) and the
school's directors; the SO records who came. Writes and reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from bos.closing import ensure_open
from bos.models import Role, RoleAssignment, SchoolLocation, SchoolYear
from bos.permissions import get_scope, scope_for_year

from .models import OPEN_STATUSES, InviteeKind, Placement, StartInvitee, StartMeeting


def _check_so(user: Any, year: SchoolYear, location_id: int) -> None:
    scope = scope_for_year(user, year)
    if not scope.sees_everything and location_id not in scope.so_location_ids:
        raise PermissionDenied


@transaction.atomic
def meeting_plan(
    *, user: Any, year: SchoolYear, location_id: int, starts_at: dt.datetime, place: str
) -> StartMeeting:
    """Plan the start meeting and invite the school's students of the year (planned or
    running placements), their WPBs and the school's directors."""
    _check_so(user, year, location_id)
    ensure_open(year)
    if not place.strip():
        raise ValidationError({"place": "Vul de plaats in."})
    if not (year.start_date <= starts_at.date() <= year.end_date):
        raise ValidationError({"starts_at": f"Kies een moment in schooljaar {year.name}."})
    location = SchoolLocation.objects.get(pk=location_id)
    meeting = StartMeeting.objects.create(
        school_year=year,
        location=location,
        starts_at=starts_at,
        place=place.strip(),
        created_by=user,
    )
    placements = Placement.objects.filter(
        school_year=year, location=location, status__in=OPEN_STATUSES
    ).order_by("student__last_name", "pk")
    students = list(dict.fromkeys(p.student_id for p in placements))
    wpbs = list(dict.fromkeys(p.wpb_id for p in placements if p.wpb_id))
    directors = list(
        dict.fromkeys(
            RoleAssignment.objects.filter(
                role=Role.DIRECTOR, school_year=year, locations=location
            ).values_list("person_id", flat=True)
        )
    )
    StartInvitee.objects.bulk_create(
        [StartInvitee(meeting=meeting, kind=InviteeKind.STUDENT, student_id=s) for s in students]
        + [StartInvitee(meeting=meeting, kind=InviteeKind.WPB, person_id=p) for p in wpbs]
        + [StartInvitee(meeting=meeting, kind=InviteeKind.DIRECTOR, person_id=p) for p in directors]
    )
    return meeting


def meeting_get(*, user: Any, pk: int) -> StartMeeting:
    """A meeting of the user's schools (SO) or any (projectleider); else DoesNotExist."""
    meeting = StartMeeting.objects.select_related("location", "school_year").get(pk=pk)
    scope = scope_for_year(user, meeting.school_year)
    if not scope.sees_everything and meeting.location_id not in scope.so_location_ids:
        raise StartMeeting.DoesNotExist
    return meeting


@transaction.atomic
def attendance_record(*, user: Any, meeting_id: int, present: set[int]) -> StartMeeting:
    """The SO records who came: the invitees in `present` came, the others did not."""
    meeting = meeting_get(user=user, pk=meeting_id)
    _check_so(user, meeting.school_year, meeting.location_id)
    ensure_open(meeting.school_year_id)
    invitees = list(meeting.invitees.select_for_update())
    for invitee in invitees:
        invitee.attended = invitee.pk in present
    StartInvitee.objects.bulk_update(invitees, ["attended"])
    return meeting


def meetings_for(*, user: Any) -> QuerySet[StartMeeting]:
    """The start meetings of the header's year at the user's schools."""
    scope = get_scope(user)
    meetings = StartMeeting.objects.filter(school_year=scope.year).select_related("location")
    if not scope.sees_everything:
        meetings = meetings.filter(location_id__in=scope.so_location_ids)
    return meetings.order_by("starts_at", "pk")


def so_locations(*, user: Any) -> QuerySet[SchoolLocation]:
    scope = get_scope(user)
    locations = SchoolLocation.objects.order_by("name")
    if scope.sees_everything:
        return locations.filter(years__school_year=scope.year).distinct()
    return locations.filter(pk__in=scope.so_location_ids)
