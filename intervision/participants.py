"""An intervision group (one cycle of meetings) as an event a survey can ask about: the
students of its current members and the SOs and IOs who led its meetings."""

from __future__ import annotations

from django.urls import reverse

from bos.events import EventKind, Participants
from bos.models import Role

from . import selectors
from .models import IntervisionGroup, LeaderKind, Meeting, Membership

LEADER_ROLES = {LeaderKind.SO: Role.SO, LeaderKind.IO: Role.IO}


def group_participants(group: IntervisionGroup) -> Participants:
    students = Membership.objects.filter(group=group, left_on__isnull=True).order_by(
        "placement__student__last_name", "placement__student__first_name", "pk"
    )
    leaders = (
        Meeting.objects.filter(
            group=group, leader_kind__in=list(LEADER_ROLES), leader__isnull=False
        )
        .order_by("starts_at", "pk")
        .values_list("leader_id", "leader_kind")
    )
    people: dict[int, str] = {}
    for person_id, kind in leaders:
        people.setdefault(person_id, LEADER_ROLES[kind])
    return Participants(
        people=tuple(people.items()),
        students=tuple(dict.fromkeys(students.values_list("placement__student_id", flat=True))),
    )


KIND = EventKind(
    label="intervision.intervisiongroup",
    participants=group_participants,
    get=selectors.group_for_survey,
    url=lambda group: reverse("intervision:group", args=[group.pk]),
)
