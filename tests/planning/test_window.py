"""Calendars read only the days they show: sources take a date window (start inclusive, end
exclusive) and filter in the database; `collect` filters once more (issue #29)."""

import calendar
import datetime as dt

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bos.lists import pk_url
from bos.models import SchoolYear, User
from planning import sources
from planning.models import PlanningEvent
from planning.sources import Event, Kind, Window, collect, in_window
from tests.demo_years import RUNNING_YEAR
from tests.placements.factories import make_world
from tests.planning.helpers import add_event

SPRING = int(RUNNING_YEAR[-4:])
PL = "projectleider@demo.bos.example"


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def _grid_window(year: int, month: int) -> Window:
    grid = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return Window(grid[0][0], grid[-1][-1] + dt.timedelta(days=1))


def _overlaps(event: Event, window: Window) -> bool:
    """The definition, day by day: some day of the event is a day of the window."""
    day = event.day
    while day <= event.last_day:
        if window.start <= day < window.end:
            return True
        day += dt.timedelta(days=1)
    return False


# --- The window filter (pure: no database) ---------------------------------------------

BASE = dt.date(2025, 8, 1)
offsets = st.integers(min_value=0, max_value=400)


@st.composite
def day_events(draw, uid: str) -> Event:
    start = BASE + dt.timedelta(days=draw(offsets))
    length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=10)))
    end = None if length is None else start + dt.timedelta(days=length)
    return Event(uid=uid, title=uid, start=start, end=end, kind=Kind.OTHER)


@st.composite
def windows(draw) -> Window:
    start = BASE + dt.timedelta(days=draw(offsets))
    return Window(start, start + dt.timedelta(days=draw(st.integers(min_value=1, max_value=60))))


@st.composite
def event_lists(draw) -> list[Event]:
    count = draw(st.integers(min_value=0, max_value=25))
    return [draw(day_events(f"test-{index}")) for index in range(count)]


@given(events=event_lists(), window=windows())
def test_an_event_is_collected_iff_it_overlaps_the_window(events, window):
    # One source fetches too much despite taking a window, one takes no window at all:
    # collect's own filter keeps exactly the overlapping events either way.
    half = len(events) // 2

    def sloppy(year, scope, *, start=None, end=None):
        return events[:half]

    def old_style(year, scope):
        return events[half:]

    saved = sources.registered()
    sources._REGISTRY.clear()
    try:
        sources.register("test-sloppy", sloppy)
        sources.register("test-old", old_style)
        got = {event.uid for event in collect(None, None, window=window)}
        everything = {event.uid for event in collect(None, None)}
    finally:
        sources.unregister("test-sloppy")
        sources.unregister("test-old")
        for name, source in saved.items():
            sources.register(name, source)
    assert got == {event.uid for event in events if _overlaps(event, window)}
    assert everything == {event.uid for event in events}
    assert all(in_window(e, window.start, window.end) == _overlaps(e, window) for e in events)


# --- The sources ---------------------------------------------------------------------


@pytest.mark.django_db
def test_every_source_given_a_window_returns_only_events_inside_it():
    world = make_world()
    world.create()  # an open registration: a reply deadline
    year = world.year
    march = Window(dt.date(year.start_year + 1, 3, 1), dt.date(year.start_year + 1, 4, 1))
    inside = add_event(year, title="In maart", date=dt.date(year.start_year + 1, 3, 10))
    add_event(year, title="In oktober", date=dt.date(year.start_year, 10, 10))
    for name, source in sources.registered().items():
        produced = list(source(year, None, start=march.start, end=march.end))
        assert all(_overlaps(event, march) for event in produced), name
    events = collect(year, None, window=march)
    # The year may hold other tests' dates: look at this test's own.
    titles = {e.title for e in events if e.source == "planning"}
    assert "In maart" in titles and "In oktober" not in titles
    planning = next(e for e in events if e.title == "In maart")
    # The URL is the same as one reversed for the item itself.
    assert planning.url == reverse("planning:event", args=[inside.pk])


@pytest.mark.django_db
def test_a_source_with_a_window_takes_a_fixed_number_of_queries():
    from planning.calendar import events as planning_events

    world = make_world()
    year = world.year
    day = dt.date(year.start_year + 1, 3, 10)
    add_event(year, title="Eerste", date=day)
    with CaptureQueriesContext(connection) as one:
        assert len(planning_events(year, None, start=day, end=day + dt.timedelta(days=1))) == 1
    for number in range(10):
        add_event(year, title=f"Nog {number}", date=day)
    with CaptureQueriesContext(connection) as many:
        assert len(planning_events(year, None, start=day, end=day + dt.timedelta(days=1))) == 11
    assert len(one) == len(many)


# --- The month page ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_month_page_asks_the_sources_for_the_days_it_shows(demo):
    asked: list[tuple[dt.date, dt.date]] = []

    def spy(year, scope, *, start=None, end=None):
        asked.append((start, end))
        return [
            Event(uid="spy-in", title="Spion binnen", start=dt.date(SPRING, 3, 12),
                  kind=Kind.OTHER, public=True),
            Event(uid="spy-out", title="Spion buiten", start=dt.date(SPRING, 6, 12),
                  kind=Kind.OTHER, public=True),
        ]  # fmt: skip

    sources.register("test-spy", spy)
    try:
        page = _client(PL).get(reverse("planning:month"), {"maand": f"{SPRING}-03"})
    finally:
        sources.unregister("test-spy")
    # The grid's days, then the month of the agenda below it.
    month = (dt.date(SPRING, 3, 1), dt.date(SPRING, 4, 1))
    assert asked == [tuple(_grid_window(SPRING, 3)), month]
    html = page.content.decode()
    assert "Spion binnen" in html
    # The source returned it anyway: collect's own filter leaves it out.
    assert "Spion buiten" not in html


@pytest.mark.django_db
def test_the_month_page_does_not_fetch_the_other_months(demo):
    client = _client(PL)
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    url = reverse("planning:month") + f"?maand={SPRING}-03"
    window = _grid_window(SPRING, 3)
    client.get(url)
    loaded: list[int] = []

    def count(sender, instance, **kwargs):
        loaded.append(instance.pk)

    post_init.connect(count, sender=PlanningEvent)
    try:
        with CaptureQueriesContext(connection) as before:
            client.get(url)
        fetched_before = len(loaded)
        for number in range(20):
            add_event(year, title=f"Elders {number}", date=dt.date(SPRING, 1 + number % 2, 5))
            add_event(year, title=f"Later {number}", date=dt.date(SPRING, 5, 1 + number))
        loaded.clear()
        with CaptureQueriesContext(connection) as after:
            html = client.get(url).content.decode()
    finally:
        post_init.disconnect(count, sender=PlanningEvent)
    assert len(loaded) == fetched_before
    assert len(before) == len(after)
    assert "Elders 0" not in html and "Later 0" not in html
    queries = after.captured_queries
    planning_sql = [q["sql"] for q in queries if "planning_planningevent" in q["sql"]]
    assert any(window.start.isoformat() in sql and window.end.isoformat() in sql
               for sql in planning_sql), planning_sql  # fmt: skip


@pytest.mark.django_db
def test_the_list_pages_month_by_month_and_reads_only_that_month(demo):
    asked: list[tuple[dt.date, dt.date]] = []

    def spy(year, scope, *, start=None, end=None):
        asked.append((start, end))
        return []

    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    add_event(year, title="Lijst maart", date=dt.date(SPRING, 3, 3))
    add_event(year, title="Lijst april", date=dt.date(SPRING, 4, 3))
    client = _client(PL)
    sources.register("test-spy", spy)
    try:
        html = client.get(reverse("planning:list"), {"maand": f"{SPRING}-03"}).content.decode()
        whole = client.get(reverse("planning:list"), {"vanaf": "begin"}).content.decode()
    finally:
        sources.unregister("test-spy")
    assert asked == [(dt.date(SPRING, 3, 1), dt.date(SPRING, 4, 1)), (None, None)]
    assert "Lijst maart" in html and "Lijst april" not in html
    assert f"?maand={SPRING}-04" in html and f"?maand={SPRING}-02" in html
    # The whole year stays reachable: month by month, or all of it at once (paged).
    assert "Ook de data die al voorbij zijn" not in whole and "Per maand" in whole
    april = client.get(reverse("planning:list"), {"maand": f"{SPRING}-04"}).content.decode()
    assert "Lijst april" in april and "Lijst maart" not in april


@pytest.mark.parametrize(
    "name",
    [
        "planning:event",
        "intervision:meeting",
        "placements:detail",
        "professionalization:meeting",
    ],
)
@given(pk=st.integers(min_value=1, max_value=10**12))
def test_pk_url_gives_the_url_reverse_gives(name, pk):
    assert pk_url(name)(pk) == reverse(name, args=[pk])


@pytest.mark.django_db
def test_a_busy_day_shows_a_few_dates_and_a_link_to_the_rest(demo):
    """The month grid lists DAY_LIMIT dates a day and links to that day's list; the agenda
    below pages the month: the page's size does not grow with the dates."""
    from planning.views import DAY_LIMIT, PAGE_SIZE

    def crowd(year, scope, *, start=None, end=None):
        return [
            Event(uid=f"crowd-{n}", title=f"Drukte {n:03d}", start=dt.date(SPRING, 3, 12),
                  kind=Kind.OTHER, public=True)
            for n in range(number)
        ]  # fmt: skip

    client = _client(PL)
    sizes = {}
    sources.register("test-crowd", crowd)
    try:
        for number in (PAGE_SIZE + 10, 3 * PAGE_SIZE):
            page = client.get(reverse("planning:month"), {"maand": f"{SPRING}-03"})
            html = page.content.decode()
            sizes[number] = html.count("Drukte ")
            assert f"+ {number - DAY_LIMIT} meer" in html
            assert f"?dag={SPRING}-03-12" in html
        day = client.get(reverse("planning:list"), {"dag": f"{SPRING}-03-12"}).content.decode()
        second = client.get(reverse("planning:month"), {"maand": f"{SPRING}-03", "pagina": "2"})
    finally:
        sources.unregister("test-crowd")
    # The grid's few, and one page of the agenda, at either number.
    assert sizes[PAGE_SIZE + 10] == sizes[3 * PAGE_SIZE] == DAY_LIMIT + PAGE_SIZE
    assert f'class="bos-count" role="status">{3 * PAGE_SIZE} data<' in day
    assert "Data op" in day and "Drukte 000" in day and "Drukte 149" not in day
    assert "Drukte 051" in second.content.decode()
