"""A professionalisation meeting as an event a survey can ask about: the people registered
for it (not the waiting list, not who cancelled), each in the role they registered with."""

from __future__ import annotations

from django.urls import reverse

from bos.events import EventKind, Participants

from . import selectors
from .models import Meeting, Registration, RegistrationStatus


def meeting_participants(meeting: Meeting) -> Participants:
    registered = Registration.objects.filter(
        meeting=meeting, status=RegistrationStatus.REGISTERED
    ).order_by("registered_at", "pk")
    return Participants(people=tuple(registered.values_list("person_id", "role")))


KIND = EventKind(
    label="professionalization.meeting",
    participants=meeting_participants,
    get=selectors.meeting_for,
    url=lambda meeting: reverse("professionalization:meeting", args=[meeting.pk]),
)
