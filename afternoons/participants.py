"""A deepening afternoon as an event a survey can ask about: the invited students."""

from __future__ import annotations

from django.urls import reverse

from bos.events import EventKind, Participants

from . import selectors
from .models import DeepeningAfternoon, Invitation


def afternoon_participants(afternoon: DeepeningAfternoon) -> Participants:
    invited = Invitation.objects.filter(afternoon=afternoon).order_by("pk")
    return Participants(students=tuple(invited.values_list("student_id", flat=True)))


KIND = EventKind(
    label="afternoons.deepeningafternoon",
    participants=afternoon_participants,
    get=selectors.afternoon_get,
    url=lambda afternoon: reverse("afternoons:detail", args=[afternoon.pk]),
)
