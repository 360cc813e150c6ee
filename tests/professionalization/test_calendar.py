"""Professionalisation meetings on the year calendar: once each, public, with their times."""

from collections import Counter

import pytest

from planning.sources import Kind, collect
from tests.professionalization.factories import make_world

pytestmark = pytest.mark.django_db


def test_each_meeting_appears_once_on_the_calendar_with_its_times():
    world = make_world()
    events = [event for event in collect(world.year) if event.source == "professionalization"]
    by_uid = Counter(event.uid for event in events)
    uid = f"professionalization-meeting-{world.meeting.pk}"
    assert by_uid[uid] == 1
    event = next(event for event in events if event.uid == uid)
    assert event.kind == Kind.PROFESSIONALISATION
    assert event.public and world.school.pk in event.location_ids
    assert (event.start.hour, event.start.minute, event.end.hour) == (13, 30, 16)
    assert [e.uid for e in collect(world.year) if e.source == "professionalization"] == [
        e.uid for e in events
    ]
