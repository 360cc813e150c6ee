"""A placement as an event a survey can ask about: its student, WPB(s), SO and IO."""

from __future__ import annotations

from django.urls import reverse

from bos.events import EventKind, Participants
from bos.models import Role

from . import selectors
from .models import Placement


def placement_participants(placement: Placement) -> Participants:
    people = [
        (person.pk, role)
        for role, person in (
            (Role.WPB, placement.wpb),
            (Role.SO, placement.so),
            (Role.IO, placement.io),
        )
        if person is not None
    ]
    people.extend((person.pk, Role.WPB) for person in placement.co_wpbs.all())
    return Participants(people=tuple(people), students=(placement.student_id,))


KIND = EventKind(
    label="placements.placement",
    participants=placement_participants,
    get=selectors.placement_get,
    url=lambda placement: reverse("placements:detail", args=[placement.pk]),
)
