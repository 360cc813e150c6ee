"""Feeds parse back with icalendar; UIDs are stable; cancelled is STATUS:CANCELLED."""

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from bos.models import Person
from planning import services
from planning.ical import build_calendar
from planning.sources import collect
from tests.placements.factories import make_world
from tests.planning.helpers import add_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _feeds_cover_the_test_year(monkeypatch):
    """Feeds cover the years around today; tests pin them to their own year."""
    from bos.models import SchoolYear

    monkeypatch.setattr(
        "planning.selectors.feed_years", lambda: list(SchoolYear.objects.filter(name="2020-2021"))
    )


def _uids(body: bytes) -> dict[str, str]:
    calendar = Calendar.from_ical(body)
    return {str(c["UID"]): str(c["STATUS"]) for c in calendar.walk("VEVENT")}


def test_feed_parses_and_uids_survive_a_regeneration_and_an_edit():
    world = make_world()
    world.create()
    event = add_event(world.year)
    first = build_calendar(collect(world.year), name="test", public=False)
    services.update_event(user=None, event=event, values={"title": "Stuurgroep (verplaatst)"})
    second = build_calendar(collect(world.year), name="test", public=False)
    assert set(_uids(first)) == set(_uids(second))
    assert f"planning-{event.uid}@planning.bos" in _uids(first)
    assert len(_uids(first)) >= 4  # the date, the reply deadline, two funding deadlines
    parsed = Calendar.from_ical(second)
    changed = next(c for c in parsed.walk("VEVENT") if "verplaatst" in str(c["SUMMARY"]))
    assert int(changed["SEQUENCE"]) == 1
    assert changed.decoded("DTSTART").tzinfo is not None


def test_cancelled_event_is_published_as_cancelled():
    world = make_world()
    event = add_event(world.year)
    services.set_cancelled(user=None, event=event)
    statuses = _uids(build_calendar(collect(world.year), name="test", public=True))
    assert statuses[f"planning-{event.uid}@planning.bos"] == "CANCELLED"


def test_all_day_event_ends_the_next_day():
    world = make_world()
    add_event(world.year, start=None, end=None, title="Deadline")
    parsed = Calendar.from_ical(build_calendar(collect(world.year), name="t", public=True))
    item = next(c for c in parsed.walk("VEVENT") if str(c["SUMMARY"]) == "Deadline")
    assert (item.decoded("DTEND") - item.decoded("DTSTART")).days == 1


def test_public_feed_holds_no_names(settings):
    settings.BOS_RATELIMITS_ENABLED = False
    world = make_world()
    world.create()  # a reply deadline naming the student
    add_event(world.year)
    body = Client().get(reverse("planning:feed_public")).content.decode()
    assert "BEGIN:VEVENT" in body
    assert "Stuurgroep" in body
    names = [world.student.first_name, world.student.last_name]
    names += [p.last_name for p in Person.objects.all()]
    names += [p.email for p in Person.objects.all()]
    for name in names:
        assert name not in body
    assert "DESCRIPTION" not in body
    school = Client().get(reverse("planning:feed_school", args=[world.location.pk]))
    assert school.status_code == 200
    assert world.student.last_name not in school.content.decode()


def test_public_feed_is_served_from_the_cache_for_a_few_minutes(settings):
    settings.BOS_RATELIMITS_ENABLED = False
    world = make_world()
    add_event(world.year, title="Eerste")
    first = Client().get(reverse("planning:feed_public")).content
    add_event(world.year, title="Tweede")
    assert Client().get(reverse("planning:feed_public")).content == first
    from django.core.cache import cache

    cache.clear()
    assert b"Tweede" in Client().get(reverse("planning:feed_public")).content
