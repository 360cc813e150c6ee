"""Properties of who sees and who is concerned by an event (pure: no database)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from bos.permissions import Scope
from planning.selectors import EventFilter, apply_filter
from planning.sources import AUDIENCES, Event, Kind

ROLES = sorted(AUDIENCES)
ids = st.frozensets(st.integers(min_value=1, max_value=6), max_size=3)
roles = st.frozensets(st.sampled_from(ROLES), max_size=3)


@st.composite
def scopes(draw) -> Scope:
    return Scope(
        year=None,
        roles=draw(roles),
        person_id=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=6))),
        so_location_ids=draw(ids),
        wpb_location_ids=draw(ids),
    )


@st.composite
def events(draw) -> Event:
    return Event(
        uid=f"test-{draw(st.integers(min_value=1, max_value=10_000))}",
        title="Bijeenkomst",
        start=dt.date(2021, 3, draw(st.integers(min_value=1, max_value=28))),
        kind=draw(st.sampled_from(list(Kind.values))),
        audience=draw(roles),
        location_ids=draw(ids),
        person_ids=draw(ids),
        public=draw(st.booleans()),
    )


@given(events(), scopes())
def test_public_events_are_visible_to_everyone(event, scope):
    if event.public:
        assert event.visible_to(scope)


@given(events(), scopes())
def test_a_named_person_is_always_concerned(event, scope):
    if scope.person_id is not None and scope.person_id in event.person_ids:
        assert event.concerns(scope)


@given(events(), scopes())
def test_a_private_event_is_seen_only_by_those_concerned(event, scope):
    if not event.public and not scope.sees_everything:
        assert event.visible_to(scope) == event.concerns(scope)


@given(events(), scopes())
def test_an_audience_for_other_roles_concerns_nobody_unnamed(event, scope):
    named = scope.person_id is not None and scope.person_id in event.person_ids
    if event.audience and not (event.audience & scope.roles) and not named:
        assert not event.concerns(scope)


@given(st.lists(events(), max_size=8), scopes(), st.sampled_from(["", *Kind.values]))
def test_filters_only_narrow(items, scope, kind):
    everything = apply_filter(items, EventFilter(), scope)
    narrowed = apply_filter(items, EventFilter(kind=kind, own_only=True), scope)
    assert everything == items
    assert all(event in everything for event in narrowed)
    assert all(event.concerns(scope) for event in narrowed)
