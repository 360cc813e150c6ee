"""Each app's events reach the calendar once, through the one interface."""

import datetime as dt
from collections import Counter

import pytest

from bos.models import Role
from bos.permissions import get_scope
from placements.models import ChecklistKind
from planning import sources
from planning.selectors import calendar_events
from planning.sources import Event, Kind, collect
from tests.factories import user_with_role
from tests.placements.factories import make_world
from tests.planning.helpers import add_event

pytestmark = pytest.mark.django_db


def test_every_registered_source_delivers_and_each_event_appears_once():
    world = make_world()
    placement = world.create()  # an open registration: its reply deadline is an event
    event = add_event(world.year)
    reply = placement.checklist.get(kind=ChecklistKind.REPLY)
    events = collect(world.year)
    by_uid = Counter(event.uid for event in events)
    # The demo year may share the database: count this test's own things.
    assert by_uid[f"planning-{event.uid}"] == 1
    assert by_uid[f"placements-reply-{reply.pk}"] == 1
    assert by_uid[f"facilitation-subsidy-application-{world.year.name}"] == 1
    assert by_uid[f"facilitation-funding-count-{world.year.name}"] == 1
    assert {"planning", "placements", "facilitation"} <= {e.source for e in events}
    uids = [event.uid for event in events]
    assert len(uids) == len(set(uids))
    # Collecting again gives the same UIDs: stable across regenerations.
    assert [event.uid for event in collect(world.year)] == uids


def test_sources_are_registered_from_the_apps_configs():
    assert {"planning", "placements", "facilitation"} <= set(sources.registered())


def test_a_repeated_uid_is_kept_once_and_a_failing_source_is_left_out(db):
    from tests.factories import SchoolYearFactory

    year = SchoolYearFactory()
    same = Event(uid="test-1", title="Eén", start=dt.date(2020, 9, 1), kind=Kind.OTHER)

    def twice(_year, _scope):
        return [same, same]

    def broken(_year, _scope):
        raise RuntimeError("kapot")

    sources.register("test-twice", twice)
    sources.register("test-broken", broken)
    try:
        events = [event for event in collect(year) if event.uid == "test-1"]
        assert len(events) == 1
        assert events[0].source == "test-twice"
    finally:
        sources.unregister("test-twice")
        sources.unregister("test-broken")


def test_reply_deadline_is_only_for_the_placements_so():
    world = make_world()
    placement = world.create()
    reply = placement.checklist.get(kind=ChecklistKind.REPLY)
    own = calendar_events(user=world.so_user, year=world.year)
    assert [e.uid for e in own if e.source == "placements"] == [f"placements-reply-{reply.pk}"]
    other = calendar_events(user=world.other_so_user, year=world.year)
    assert not [e for e in other if e.source == "placements"]
    deadline = next(e for e in own if e.source == "placements")
    assert not deadline.public
    assert deadline.start == reply.due_date


def test_an_answered_registration_leaves_the_calendar():
    world = make_world()
    placement = world.create()
    from placements import services as placement_services

    reply = placement.checklist.get(kind=ChecklistKind.REPLY)
    placement_services.checklist_item_set(user=world.so_user, item_id=reply.pk, done=True)
    assert not [e for e in collect(world.year) if e.source == "placements"]


def test_funding_deadlines_fall_before_the_peildatum():
    world = make_world()
    events = {e.uid: e for e in collect(world.year) if e.source == "facilitation"}
    application = events[f"facilitation-subsidy-application-{world.year.name}"]
    assert application.start == dt.date(world.year.start_year, 9, 30)
    count = events[f"facilitation-funding-count-{world.year.name}"]
    assert count.start < application.start
    assert application.public and count.public


def test_visibility_public_for_all_own_for_the_concerned():
    world = make_world()
    add_event(world.year, title="Alleen SO van Testcollege", audience=["so"],
              locations=[world.location])  # fmt: skip
    mine = get_scope(world.so_user, world.year)
    theirs = get_scope(world.other_so_user, world.year)
    event = next(e for e in collect(world.year) if e.title == "Alleen SO van Testcollege")
    assert event.concerns(mine)
    assert not event.concerns(theirs)
    assert event.visible_to(theirs)  # the partnership's own dates are public
    wpb = user_with_role(Role.WPB, year=world.year, locations=[world.location])
    assert not event.concerns(get_scope(wpb, world.year))


def test_feeds_cover_last_year_and_later_or_else_the_latest_two():
    from bos.models import SchoolYear
    from planning.selectors import feed_years
    from tests.factories import SchoolYearFactory

    SchoolYearFactory()
    SchoolYearFactory(name="2021-2022", start_date=dt.date(2021, 8, 1),
                      end_date=dt.date(2022, 7, 31))  # fmt: skip
    latest = list(SchoolYear.objects.order_by("-start_date")[:2])[::-1]
    assert feed_years(dt.date(2040, 1, 1)) == latest
    covered = feed_years(dt.date(2021, 9, 1))
    assert [y.name for y in covered][:2] == ["2020-2021", "2021-2022"]


def test_start_page_item_lists_own_dates_of_the_coming_two_weeks():
    from django.utils import timezone

    from bos.models import SchoolYear
    from planning.work import planning_work

    today = timezone.localdate()
    start_year = today.year if today.month >= 8 else today.year - 1
    start, end = SchoolYear.bounds_for(start_year)
    year, _ = SchoolYear.objects.get_or_create(
        name=SchoolYear.name_for(start_year), defaults={"start_date": start, "end_date": end}
    )
    member = user_with_role(Role.STUURGROEP, year=year)
    soon = add_event(
        year, title="Stuurgroep binnenkort", date=min(today + dt.timedelta(days=3), end)
    )
    add_event(year, title="Stuurgroep later", date=min(today + dt.timedelta(days=40), end))
    items = planning_work(member, get_scope(member, year))
    assert len(items) == 1
    labels = [link.label for link in items[0].links]
    assert soon.title in labels
    if today + dt.timedelta(days=40) <= end:
        assert "Stuurgroep later" not in labels
