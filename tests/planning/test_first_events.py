"""A start page reads the first few dates, not the whole window (issue #29):
`sources.collect_first` asks each source for its first `limit` events and asks again for more
only when too few are certain. Whatever the sources hold and whatever the reader keeps, the
answer is the same as reading everything."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from planning import sources
from planning.sources import Event, Kind, Window, collect, collect_first
from tests.placements.factories import make_world
from tests.planning.helpers import add_event, drawn_sources, only_sources, plain_event

BASE = dt.date(2026, 9, 1)
WINDOW = Window(BASE, BASE + dt.timedelta(days=15))


def _event(uid: str, offset: int, hidden: bool) -> Event:
    return plain_event(uid, BASE + dt.timedelta(days=offset), hidden=hidden)


@st.composite
def source_contents(draw) -> list[list[Event]]:
    """Up to four sources, each a list of events on days around the window."""
    return drawn_sources(draw, st.integers(min_value=-3, max_value=20), BASE, max_size=40)


def _limited(events: list[Event]):
    """A source that keeps the contract: its first `limit` events of the window by day."""

    def source(year, scope, *, start=None, end=None, limit=None):
        inside = sorted(
            (e for e in events if start is None or start <= e.day < end), key=lambda e: e.day
        )
        return inside if limit is None else inside[:limit]

    return source


def _with_sources(contents, read):
    with only_sources(*(_limited(events) for events in contents)):
        return read()


@settings(max_examples=150, deadline=None)
@given(
    contents=source_contents(),
    count=st.integers(min_value=1, max_value=30),
    keep_hidden=st.booleans(),
)
def test_the_first_events_are_those_of_the_whole_window(contents, count, keep_hidden):
    def keep(event: Event) -> bool:
        return keep_hidden or not event.audience

    def read():
        whole = [e for e in collect(None, None, window=WINDOW) if keep(e)]
        return whole, collect_first(None, None, WINDOW, count=count, keep=keep)

    whole, first = _with_sources(contents, read)
    # The same events, in the same order (the order of equal days is the sort key's).
    assert [e.uid for e in first.events] == [e.uid for e in whole[:count]]
    assert first.complete == (len(whole) <= count)


def test_a_source_is_read_again_only_when_too_few_are_certain():
    calls: list[int] = []
    many = [_event(f"e{index}", index % 14, hidden=index % 10 != 0) for index in range(200)]

    def counting(year, scope, *, start=None, end=None, limit=None):
        calls.append(limit)
        return _limited(many)(year, scope, start=start, end=end, limit=limit)

    with only_sources(counting):
        first = collect_first(None, None, WINDOW, count=6, keep=lambda e: not e.audience)
    # One in ten is kept: twenty events hold two kept ones, eighty hold eight.
    assert calls == [20, 80]
    assert len(first.events) == 6 and not first.complete


@pytest.mark.django_db
def test_every_source_honours_the_limit():
    """Each registered source that takes a limit returns at least its first `limit` events of
    the window by day: the events of the whole window before its limit-th day are all there."""
    world = make_world()
    world.create()
    year = world.year
    day = dt.date(year.start_year + 1, 3, 2)
    for index in range(30):
        add_event(year, title=f"Datum {index}", date=day + dt.timedelta(days=index % 10))
    window = Window(day, day + dt.timedelta(days=14))
    for name, source in sources.registered().items():
        if not sources._TAKES_LIMIT[name]:
            continue
        whole = sorted(source(year, None, start=window.start, end=window.end), key=_day)
        limited = list(source(year, None, start=window.start, end=window.end, limit=5))
        if len(whole) <= 5:
            assert {e.uid for e in limited} == {e.uid for e in whole}, name
            continue
        cut = sorted(e.day for e in limited)[4]
        before = {e.uid for e in whole if e.day < cut}
        assert before <= {e.uid for e in limited}, name
    first = collect_first(year, None, window, count=3)
    assert [e.title for e in first.events if e.source == "planning"][:3] == [
        "Datum 0",
        "Datum 10",
        "Datum 20",
    ]


@pytest.mark.django_db
def test_the_first_events_take_the_same_queries_with_many_dates():
    world = make_world()
    year = world.year
    day = dt.date(year.start_year + 1, 3, 2)
    window = Window(day, day + dt.timedelta(days=14))

    def queries_made() -> int:
        with CaptureQueriesContext(connection) as queries:
            collect_first(year, None, window, count=6)
        return len(queries)

    for index in range(5):
        add_event(year, title=f"Weinig {index}", date=day + dt.timedelta(days=index))
    few = queries_made()
    # Fourteen dates a day: the first round's twenty events hold a whole first day.
    for index in range(200):
        add_event(year, title=f"Veel {index}", date=day + dt.timedelta(days=index % 14))
    first = collect_first(year, None, window, count=6)
    assert queries_made() == few
    assert len(first.events) == 6 and not first.complete


def _day(event: Event) -> dt.date:
    return event.day


@pytest.mark.django_db
def test_the_list_from_today_reads_the_pages_it_shows(demo):
    """The planning list from today on reads its pages, not the rest of the year: the same
    queries with many dates, a "more than" count, and page two continues where one ended."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from bos.models import SchoolYear, User
    from tests.demo_years import RUNNING_YEAR

    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    client = Client()
    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    url = reverse("planning:list")
    today = timezone.localdate()

    def page(number: int) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url, {"page": number}).content.decode()
        return html, len(queries)

    def add(prefix: str, count: int, per_day: int, *, after: int = 1) -> None:
        for index in range(count):
            add_event(
                year,
                title=f"{prefix} {index:03d}",
                date=today + dt.timedelta(days=after + index // per_day),
                kind=Kind.OTHER,
            )

    add("Overleg", 130, per_day=10)
    first, with_some = page(1)
    assert "Meer dan 50 data" in first
    second, _ = page(2)
    assert "Meer dan 100 data" in second
    shown = [f"Overleg {index:03d}" for index in range(130)]
    on_first = [title for title in shown if title in first]
    on_second = [title for title in shown if title in second]
    # The pages follow on without overlap (other dates of the demo may sit between them).
    assert on_first and on_second and not set(on_first) & set(on_second)
    assert max(on_first) < min(on_second)
    # Five times as many dates, ten times as dense, after the first pages: the same reads.
    # (Not on the first pages' days: a day that holds more dates than a page may take a
    # second round, and whether the fewer dates took one depends on the demo's dates around
    # today; see sources.collect_first.)
    add("Druk", 650, per_day=100, after=14)
    _, with_many = page(1)
    assert with_many == with_some
    # The last page knows the count, as before; a page number that is no number is page 1.
    whole = client.get(url, {"page": 1000}).content.decode()
    assert "Meer dan" not in whole
    assert client.get(url, {"page": "x"}).status_code == 200
