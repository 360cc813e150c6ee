"""A month grid reads a few dates a day, not every date of its weeks (issue #29):
`sources.collect_per_day` asks each source for the first few events of each day and asks again
for more only where a day cannot fill its cell. Whatever the sources hold and whatever the
reader keeps, a day shows what reading everything would show; a busy day says "more"."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from bos.models import SchoolYear, User
from planning import sources
from planning.models import PlanningEvent
from planning.sources import Event, Window, collect, collect_per_day
from planning.views import DAY_LIMIT
from tests.demo_years import RUNNING_YEAR
from tests.placements.factories import make_world
from tests.planning.helpers import add_event, drawn_sources, only_sources, plain_event

BASE = dt.date(2026, 9, 1)
WINDOW = Window(BASE, BASE + dt.timedelta(days=10))


def _event(uid: str, offset: int, hidden: bool) -> Event:
    return plain_event(uid, BASE + dt.timedelta(days=offset), hidden=hidden)


@st.composite
def source_contents(draw) -> list[list[Event]]:
    """Up to four sources, each a list of events on days around the window (most on a few
    days, so that days are busy)."""
    return drawn_sources(draw, st.sampled_from([-1, 0, 1, 2, 5, 9, 10]), BASE, max_size=60)


def _per_day(events: list[Event]):
    """A source that keeps the contract: of each day of the window, its first `per_day`
    events in its own order (the order it holds them, not the calendar's)."""

    def source(year, scope, *, start=None, end=None, per_day=None):
        inside = [e for e in events if start is None or start <= e.day < end]
        if per_day is None:
            return inside
        taken: dict[dt.date, int] = {}
        result = []
        for event in inside:
            if taken.get(event.day, 0) < per_day:
                taken[event.day] = taken.get(event.day, 0) + 1
                result.append(event)
        return result

    return source


def _with_sources(contents, read):
    with only_sources(*(_per_day(events) for events in contents)):
        return read()


@settings(max_examples=150, deadline=None)
@given(
    contents=source_contents(),
    count=st.integers(min_value=1, max_value=5),
    keep_hidden=st.booleans(),
)
def test_each_day_shows_what_reading_everything_shows(contents, count, keep_hidden):
    def keep(event: Event) -> bool:
        return keep_hidden or not event.audience

    def read():
        whole = [e for e in collect(None, None, window=WINDOW) if keep(e)]
        return whole, collect_per_day(None, None, WINDOW, count=count, keep=keep)

    whole, days = _with_sources(contents, read)
    by_day: dict[dt.date, list[Event]] = {}
    for event in whole:
        by_day.setdefault(event.day, []).append(event)
    # A day is there when it has a kept event, and only then.
    assert set(days) == set(by_day)
    for day, shown in days.items():
        everything = by_day[day]
        if shown.more is not None:
            # A day read whole: its first events in calendar order, and the exact rest.
            assert [e.uid for e in shown.events] == [e.uid for e in everything[:count]]
            assert shown.more == len(everything) - len(shown.events)
        else:
            # A busy day: a full cell of its own events, and there are more.
            assert len(everything) > count
            assert len(shown.events) == count
            assert {e.uid for e in shown.events} <= {e.uid for e in everything}


def test_a_source_is_read_again_only_when_a_busy_day_cannot_fill_its_cell():
    calls: list[int | None] = []
    # Day 0: forty events, one in ten kept; day 1: three events, all kept.
    many = [_event(f"e{index:02d}", 0, hidden=index % 10 != 0) for index in range(40)]
    many += [_event(f"f{index}", 1, hidden=False) for index in range(3)]

    def counting(year, scope, *, start=None, end=None, per_day=None):
        calls.append(per_day)
        return _per_day(many)(year, scope, start=start, end=end, per_day=per_day)

    with only_sources(counting):
        days = collect_per_day(None, None, WINDOW, count=3, keep=lambda e: not e.audience)
    # Four a day hold no kept event of day 0, sixteen hold two, sixty-four all four kept.
    assert calls == [4, 16, 64]
    assert [e.uid for e in days[BASE].events] == ["e00", "e10", "e20"]
    assert days[BASE].more == 1
    assert days[BASE + dt.timedelta(days=1)].more == 0


@pytest.mark.django_db
def test_every_source_honours_per_day():
    """Each registered source that takes `per_day` returns, of each day of the window, all
    its events or at least `per_day` of them, each on one day only."""
    world = make_world()
    world.create()
    year = world.year
    day = dt.date(year.start_year + 1, 3, 2)
    for index in range(24):
        add_event(year, title=f"Datum {index}", date=day + dt.timedelta(days=index % 3))
    window = Window(day, day + dt.timedelta(days=7))
    checked = 0
    for name, source in sources.registered().items():
        if not sources._TAKES_PER_DAY[name]:
            continue
        whole = list(source(year, None, start=window.start, end=window.end))
        few = list(source(year, None, start=window.start, end=window.end, per_day=5))
        assert all(event.day == event.last_day for event in whole), name
        for date in {event.day for event in whole}:
            all_of_day = {e.uid for e in whole if e.day == date}
            read = {e.uid for e in few if e.day == date}
            assert read <= all_of_day, name
            assert read == all_of_day or len(read) >= 5, name
        checked += 1
    assert checked >= 3


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


@pytest.mark.django_db
def test_the_month_reads_the_same_with_a_few_or_many_dates_a_day(demo):
    """A day with many dates costs the grid a few rows: the page's queries and the planning
    items it reads are the same at 100 and at 200 dates a day."""
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    spring = int(RUNNING_YEAR[-4:])
    client = _client("projectleider@demo.bos.example")
    url = reverse("planning:month") + f"?maand={spring}-03"
    loaded: list[int] = []

    def count(sender, instance, **kwargs):
        loaded.append(instance.pk)

    def visit() -> tuple[int, int, str]:
        loaded.clear()
        post_init.connect(count, sender=PlanningEvent)
        try:
            with CaptureQueriesContext(connection) as queries:
                html = client.get(url).content.decode()
        finally:
            post_init.disconnect(count, sender=PlanningEvent)
        return len(queries), len(loaded), html

    def crowd(first: int, number: int) -> None:
        for index in range(first, first + number):
            add_event(
                year,
                title=f"Druk {index:03d}",
                date=dt.date(spring, 3, 10 + index % 3),
                audience=[],
            )

    crowd(0, 300)
    few = visit()
    crowd(300, 300)
    many = visit()
    assert few[:2] == many[:2]
    # Three busy days, each a full cell and a link to its own list.
    html = many[2]
    assert html.count("+ meer") == 3
    for day in (10, 11, 12):
        assert f"?dag={spring}-03-{day}" in html
    assert html.count("Druk ") <= 3 * DAY_LIMIT + 50
