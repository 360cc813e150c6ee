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


def _plan(world, group, day: dt.date, count: int) -> None:
    for hour in range(count):
        services.meeting_plan(
            user=world.so,
            group_id=group.pk,
            starts_at=at(day, 8 + hour % 12),
            place=f"Lokaal {hour}",
            leader_kind="so",
            leader_id=world.so.person.pk,
        )


def _group(world, name: str):
    return services.group_create(
        user=world.so, name=name, band="junior", location_ids=[world.school.pk], year=world.year
    )


def test_a_reader_sees_the_meetings_that_concern_them():
    """The SO and IO of the school see its meetings; the SO of another school does not,
    although the meetings are public for the school's own feed."""
    from bos.permissions import get_scope
    from intervision.calendar import events

    world = make_world()
    world.place()
    _plan(world, _group(world, "Groep A"), dt.date(world.year.start_year, 10, 5), 2)
    seen = {
        name: len(events(world.year, get_scope(user, world.year)))
        for name, user in [
            ("so", world.so),
            ("io", world.io),
            ("other_so", world.other_so),
            ("projectleider", world.projectleider),
        ]
    }
    assert seen == {"so": 2, "io": 2, "other_so": 0, "projectleider": 2}
    # The per-school feed (no reader) still has them.
    assert len(events(world.year, None)) == 2


def test_a_busy_day_is_one_line_with_its_number(django_assert_max_num_queries):
    """More than DAY_DETAIL meetings on a day become one line linked to the overview; a
    quiet day keeps its meetings. The rows read do not grow with the busy day's meetings."""
    from django.urls import reverse

    from bos.permissions import get_scope
    from intervision.calendar import DAY_DETAIL, events
    from planning.sources import Window

    world = make_world()
    world.place()
    busy, quiet = dt.date(world.year.start_year, 10, 6), dt.date(world.year.start_year, 10, 7)
    _plan(world, _group(world, "Groep A"), busy, DAY_DETAIL + 1)
    _plan(world, _group(world, "Groep B"), quiet, DAY_DETAIL)
    scope = get_scope(world.projectleider, world.year)
    found = events(world.year, scope, start=busy, end=quiet + dt.timedelta(days=1))
    summaries = [event for event in found if event.uid.startswith("intervision-day-")]
    assert [(event.day, event.title) for event in summaries] == [
        (busy, f"Intervisie: {DAY_DETAIL + 1} bijeenkomsten")
    ]
    assert summaries[0].url == reverse("intervision:overview")
    assert sorted(event.day for event in found if event not in summaries) == [quiet] * DAY_DETAIL
    # The WPB may not open the overview: the line is there, without a link.
    wpb_scope = get_scope(world.wpb, world.year)
    wpb_lines = [e for e in events(world.year, wpb_scope) if e.uid.startswith("intervision-day")]
    assert [event.url for event in wpb_lines] == [""]
    # Ten times busier, the same rows: the summary counts in the database.
    _plan(world, _group(world, "Groep C"), busy, 10 * DAY_DETAIL)
    window = Window(busy, busy + dt.timedelta(days=1))
    with django_assert_max_num_queries(3):
        again = events(world.year, scope, start=window.start, end=window.end)
    assert [event.title for event in again] == [f"Intervisie: {11 * DAY_DETAIL + 1} bijeenkomsten"]
