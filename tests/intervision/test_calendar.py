"""Intervision meetings on the year calendar: once each, at their school, public."""

import datetime as dt
from collections import Counter

import pytest

from intervision import services
from planning.sources import Kind, collect
from tests.intervision.factories import at, make_world

pytestmark = pytest.mark.django_db


def test_each_meeting_appears_once_at_its_school():
    world = make_world()
    world.place()
    group = services.group_create(
        user=world.so,
        name="Groep A",
        band="junior",
        location_ids=[world.school.pk],
        year=world.year,
    )
    meeting = services.meeting_plan(
        user=world.so,
        group_id=group.pk,
        starts_at=at(dt.date(world.year.start_year, 10, 5)),
        place="Lokaal 12",
        leader_kind="so",
        leader_id=world.so.person.pk,
    )
    events = [event for event in collect(world.year) if event.source == "intervision"]
    uid = f"intervision-meeting-{meeting.pk}"
    assert Counter(event.uid for event in events)[uid] == 1
    event = next(event for event in events if event.uid == uid)
    assert event.kind == Kind.INTERVISION
    assert event.location_ids == frozenset({world.school.pk})
    assert event.place == "Lokaal 12" and event.end > event.start
